"""A content-addressed cache for the two slow steps of ``render``: the pydantic classes from
datamodel-code-generator (about 20 ms per model) and ruff formatting (one process, ~0.3 s).

Each entry is keyed by the sha256 of *everything* its output depends on: the inputs
themselves (a model's normalised schemas and class names, or a file's unformatted text), the
fingerprint of the emitting code and templates (``emit.fingerprint``), and the versions of
Python, pydantic, datamodel-code-generator and ruff. A hit therefore returns exactly the text a fresh run would
compute, so output stays byte-for-byte deterministic; a cache can only make a run faster.
``tests/generator/test_render_cache.py`` checks that cached and uncached renders are identical.

Where: ``$RUNCOMFY_CODEGEN_CACHE`` if set (``0``, ``off`` or ``false`` turn the cache off),
else ``$XDG_CACHE_HOME/runcomfy-codegen``, else ``~/.cache/runcomfy-codegen``: outside the
output folder, so the generated package never depends on it. Entries are written atomically
(temporary file + rename); a missing, unreadable or malformed entry is a miss, and a cache
folder that cannot be written is silently skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.emit.fingerprint import tool_versions
from generator.emit.pydantic_gen import FieldCode, ModelsCode
from generator.runtime import atomic

__all__ = ["ENV_VAR", "RenderCache", "cache_environment", "models_from_json", "models_to_json"]

ENV_VAR = "RUNCOMFY_CODEGEN_CACHE"
_FORMAT = "1"  # bump when the layout of an entry changes
_OFF = {"0", "off", "false", "no"}


@cache
def cache_environment() -> tuple[str, ...]:
    """Everything outside the repository that can shape a cached text: the tools that write it
    (``fingerprint.TOOLS``), pydantic (which datamodel-code-generator runs on) and Python's
    version (``ast.unparse`` differs by version)."""
    return (
        f"python {sys.version_info[0]}.{sys.version_info[1]}",
        f"pydantic {metadata.version('pydantic')}",
        *(f"{dist} {version}" for dist, version in sorted(tool_versions().items())),
    )


def key_of(*parts: Any) -> str:
    """sha256 of the parts as JSON; dict order is kept (property order is part of a schema)."""
    data = json.dumps([_FORMAT, *parts], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


class RenderCache:
    """Text entries by kind and key; ``RenderCache(None)`` never hits and stores nothing."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self.hits = 0
        self.misses = 0

    @classmethod
    def from_env(cls) -> RenderCache:
        value = os.environ.get(ENV_VAR)
        if value is not None:
            return cls(None if value.strip().lower() in _OFF else Path(value))
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return cls(Path(base) / "runcomfy-codegen")

    def _path(self, kind: str, key: str) -> Path | None:
        if self.root is None:
            return None
        return self.root / f"v{_FORMAT}" / kind / key[:2] / key

    def get(self, kind: str, key: str) -> str | None:
        path = self._path(kind, key)
        text: str | None = None
        if path is not None:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                text = None
        if text is None:
            self.misses += 1
        else:
            self.hits += 1
        return text

    def put(self, kind: str, key: str, text: str) -> None:
        path = self._path(kind, key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # atomic: a concurrent reader sees all or nothing
            atomic.write_atomic(path, text.encode("utf-8"))
        except OSError:
            pass  # a read-only or full cache folder only costs speed


def models_to_json(code: ModelsCode) -> str:
    return json.dumps(
        {
            "import_groups": [list(group) for group in code.import_groups],
            "body": code.body,
            "fields": [[f.py_name, f.annotation, f.default] for f in code.fields],
            "enum_aliases": [list(pair) for pair in code.enum_aliases],
            "class_names": list(code.class_names),
        },
        ensure_ascii=False,
    )


def models_from_json(text: str) -> ModelsCode | None:
    """The cached classes, or None when the entry is malformed (then it is recomputed)."""
    try:
        data = json.loads(text)
        return ModelsCode(
            import_groups=tuple(tuple(str(i) for i in group) for group in data["import_groups"]),
            body=str(data["body"]),
            fields=tuple(
                FieldCode(str(name), str(annotation), None if default is None else str(default))
                for name, annotation, default in data["fields"]
            ),
            enum_aliases=tuple((str(a), str(b)) for a, b in data["enum_aliases"]),
            class_names=tuple(str(n) for n in data["class_names"]),
        )
    except (ValueError, KeyError, TypeError):
        return None
