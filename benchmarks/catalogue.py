"""Synthetic model catalogues for the benchmarks, made from the repo's real-shaped schemas.

``make_catalogue(n, dest)`` writes ``n`` models under ``dest`` (``<provider>/<model>/<variant>/
input.json`` and ``output.json``). Each model starts from one of the real or messy schemas kept
in the repository (enums, arrays, image/audio URIs, bounds, ``validations``, nested objects) and
is varied by its index, so no two models render to the same code: bounds move, enum values
change, and an extra nested object with its own enum, array and bounds is added. The same ``n``
always gives the same files.

    python benchmarks/catalogue.py 100 /tmp/catalogue-100
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Real models (schemas/) and messy real-world shapes kept as generator fixtures; "tiny" is left
# out: an empty model says nothing about scaling.
BASE_DIRS = (
    "schemas/wan-ai/wan-2-6/image-to-image",
    "schemas/wan-ai/wan-2-6/image-to-video",
    "schemas/blackforestlabs/flux-1-kontext/pro/edit",
    "schemas/stability/sdxl/text-to-image",
    "tests/generator/fixtures/messy/kling/v3/pro/multi/elements",
    "tests/generator/fixtures/messy/acestep-ai/ace-step-1.5/text-to-audio",
    "tests/generator/fixtures/messy/bytedance/seedream-5.0-pro/image-to-image",
)
PROVIDERS = 12  # providers in the synthetic catalogue (namespace fan-out like RunComfy's)


def _bases() -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    out = []
    for rel in BASE_DIRS:
        folder = ROOT / rel
        output = folder / "output.json"
        out.append(
            (
                json.loads((folder / "input.json").read_text(encoding="utf-8")),
                json.loads(output.read_text(encoding="utf-8")) if output.exists() else None,
            )
        )
    return out


def _vary(schema: dict[str, Any], index: int) -> dict[str, Any]:
    """A copy of ``schema`` that differs from every other index's copy."""
    schema = copy.deepcopy(schema)
    properties: dict[str, Any] = schema.setdefault("properties", {})
    for prop in properties.values():
        if not isinstance(prop, dict):
            continue
        for key in ("maximum", "maxItems", "maxLength"):
            if isinstance(prop.get(key), int) and not isinstance(prop.get(key), bool):
                prop[key] += index
        if isinstance(prop.get("description"), str):
            prop["description"] += f" (variant {index})"
    properties[f"quality_{index % 5}"] = {
        "type": "string",
        "description": "Rendering quality.",
        "enum": [f"q{index}-draft", f"q{index}-standard", f"q{index}-high (slow)"],
        "default": f"q{index}-standard",
    }
    properties["advanced"] = {
        "type": "object",
        "description": "Advanced options.",
        "properties": {
            "steps": {"type": "integer", "minimum": 1, "maximum": 50 + index, "default": 20},
            "strength": {"type": "number", "minimum": 0, "maximum": 1},
            "tags": {
                "type": "array",
                "maxItems": 4 + index % 7,
                "items": {"type": "string", "enum": ["sharp", "soft", f"style-{index}"]},
            },
        },
    }
    return schema


def model_id(index: int, base: int) -> str:
    variant = BASE_DIRS[base].rsplit("/", 1)[-1]
    return f"bench-provider-{index % PROVIDERS}/model-{index:04d}/{variant}"


def make_catalogue(count: int, dest: Path) -> list[str]:
    """Write ``count`` models below ``dest``; return their ids."""
    bases = _bases()
    ids = []
    for index in range(count):
        base = index % len(bases)
        input_schema, output_schema = bases[base]
        mid = model_id(index, base)
        folder = dest / mid
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "input.json").write_text(
            json.dumps(_vary(input_schema, index), ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
        if output_schema is not None:
            (folder / "output.json").write_text(
                json.dumps(output_schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
        ids.append(mid)
    return ids


if __name__ == "__main__":
    made = make_catalogue(int(sys.argv[1]), Path(sys.argv[2]))
    print(f"{len(made)} models in {sys.argv[2]}")
