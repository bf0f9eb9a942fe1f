# generated from templates/runtime/_schemas.py by runcomfy-codegen; do not edit
"""The normalised JSON Schemas of every model, shipped as package data and read on demand."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, Literal

__all__ = ["load_schema"]

_SCHEMAS = Path(__file__).resolve().parent / "schemas"


@cache
def _load(model_id: str, kind: str) -> str:
    from ._registry import MODELS

    if model_id not in MODELS:
        raise KeyError(f"unknown model id {model_id!r}; known: {', '.join(sorted(MODELS))}")
    # Next to this file, not importlib.resources: a loader that wraps the package (pytest's
    # assertion rewriter does, for the plugin) may answer for another copy of it.
    return (_SCHEMAS / model_id / f"{kind}.json").read_text(encoding="utf-8")


def load_schema(model_id: str, kind: Literal["input", "output"]) -> dict[str, Any]:
    """A fresh copy of the model's normalised schema.

    ``"input"`` is the request body's schema; ``"output"`` is the object schema of the result
    body's ``output`` field. Both are standard JSON Schema (RunComfy's dialect, such as
    ``"type": "float"`` or plural ``image_uris`` formats, is rewritten by the generator).
    """
    if kind not in ("input", "output"):
        raise ValueError(f"kind must be 'input' or 'output', not {kind!r}")
    loaded: dict[str, Any] = json.loads(_load(model_id, kind))
    return loaded
