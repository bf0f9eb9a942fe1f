"""Defects planted into the generator, in a worker only, to prove the fuzzer can fail.

Each plant reintroduces one class of bug the fuzzer exists to find; the self-test runs a few
cases with it and expects failures of the matching signature (``tests/fuzz/test_*``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["PLANTS", "apply"]


def _drop_key(node: Any, key: str) -> Any:
    if isinstance(node, dict):
        return {k: _drop_key(v, key) for k, v in node.items() if k != key}
    if isinstance(node, list):
        return [_drop_key(v, key) for v in node]
    return node


def _drop_maximum() -> None:
    """The model forgets ``maximum``: the probe must see it accept what the schema refuses."""
    import generator.emit.pydantic_gen as gen

    original = gen._run_library

    def planted(schema: dict[str, Any], *args: Any) -> str:
        return original(_drop_key(schema, "maximum"), *args)

    gen._run_library = planted  # type: ignore[assignment]


def _multiline_diagnostic() -> None:
    from generator.pipeline.diagnostics import Diagnostic

    original = Diagnostic.format
    Diagnostic.format = lambda self: original(self) + "\n    (planted detail line)"  # type: ignore[method-assign]


def _crash() -> None:
    import generator.pipeline.schemas as pipeline

    def planted(raws: Any) -> Any:
        raise KeyError("planted")

    pipeline.parse_models = planted  # type: ignore[assignment]


def _read_ref() -> None:
    """Read what an absolute ``$ref`` names, as datamodel-code-generator once did."""
    import generator.pipeline.schemas as pipeline

    original = pipeline.load_models

    def planted(root: Path, label: str | None = None) -> Any:
        for path in root.rglob("input.json"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for ref in json.loads(json.dumps(_refs(text))):
                if ref.startswith("/") and Path(ref).is_file():
                    Path(ref).read_bytes()
        return original(root, label)

    pipeline.load_models = planted  # type: ignore[assignment]


def _refs(text: str) -> list[str]:
    import re

    return re.findall(r'"\$ref":\s*"([^"]+)"', text)


def _hang() -> None:
    import generator.pipeline.schemas as pipeline

    def planted(raws: Any) -> Any:
        time.sleep(3600)

    pipeline.parse_models = planted  # type: ignore[assignment]


def _write_on_error() -> None:
    """Write into the output folder before finding the schemas bad."""
    import generator.build as pipeline

    original = pipeline.build

    def planted(schemas: Path, out: Path | None = None) -> Any:
        if out is not None:
            (Path(out) / "half-written.py").write_text("# planted\n", encoding="utf-8")
        return original(schemas, out)

    pipeline.build = planted  # type: ignore[assignment]


PLANTS: dict[str, Callable[[], None]] = {
    "drop-maximum": _drop_maximum,
    "multiline-diagnostic": _multiline_diagnostic,
    "crash": _crash,
    "read-ref": _read_ref,
    "hang": _hang,
    "write-on-error": _write_on_error,
}


def apply(name: str) -> None:
    PLANTS[name]()
