"""(8) One wide model: ``runcomfy-codegen generate`` on a schema with many properties.

A schema of 1,500 properties once took 18 s to generate; the target is a few seconds. This times,
as separate processes with the render cache off (the raw pipeline), one model of 100, 500 and
1,500 properties (``--quick``: 100 and 1,500), each property one of five real-shaped kinds
(bounded string, bounded integer, string enum, list of image URIs, positive number), a seventh
of them required. The baseline is the same run's 100-property model: the time per property at
1,500 against it shows whether the cost grows faster than the schema.

    python benchmarks/bench_wide_schema.py [--quick]
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from _common import BIN, env_with, median, ms, parse_args, record, run, secs, table, verdict

_KINDS: list[dict[str, Any]] = [
    {"type": "string", "maxLength": 50},
    {"type": "integer", "minimum": 0, "maximum": 10},
    {"type": "string", "enum": ["a", "b", "c"]},
    {"type": "array", "items": {"type": "string", "format": "image_uri"}, "maxItems": 3},
    {"type": "number", "exclusiveMinimum": 0},
]


def _write(root: Path, count: int) -> Path:
    folder = root / f"schemas-{count}" / "acme" / "wide"
    folder.mkdir(parents=True)
    schema = {
        "type": "object",
        "properties": {f"field_{i}": _KINDS[i % len(_KINDS)] for i in range(count)},
        "required": [f"field_{i}" for i in range(0, count, 7)],
    }
    (folder / "input.json").write_text(json.dumps(schema), encoding="utf-8")
    (folder / "output.json").write_text(
        json.dumps({"type": "object", "properties": {"image": {"type": "string"}}}),
        encoding="utf-8",
    )
    return folder.parent.parent


def main() -> str:
    args = parse_args(__doc__ or "")
    sizes = (100, 1500) if args.quick else (100, 500, 1500)
    reps = 1 if args.quick else 3
    cli = str(BIN / "runcomfy-codegen")
    env = env_with(RUNCOMFY_CODEGEN_CACHE="off")
    times: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-wide-") as tmp:
        work = Path(tmp)
        for size in sizes:
            schemas, out = _write(work, size), work / f"out-{size}"
            runs = []
            for _ in range(reps):
                runs.append(
                    run([cli, "generate", "--schemas", str(schemas), "--out", str(out)], env)
                )
                shutil.rmtree(out, ignore_errors=True)
            times[size] = median(runs)
    base = times[100] / 100
    rows = [
        [size, secs(times[size]), ms(times[size] / size), f"{times[size] / size / base:.2f}x"]
        for size in sizes
    ]
    text = table(
        f"One wide model, cache off (medians of {reps} runs)",
        ["properties", "generate", "per property", "per property vs 100"],
        rows,
    )
    wide = times[1500]
    text += table(
        "Wide-model target",
        ["target", "measured", "verdict"],
        [["1,500 properties generate in < 10 s (was 18 s)", secs(wide), verdict(wide < 10)]],
    )
    record("generate, 1,500-property model", secs(wide), "18 s before", "< 10 s", wide < 10)
    return text


if __name__ == "__main__":
    main()
