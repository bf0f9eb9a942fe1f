"""RunComfy's schema dialect, rewritten into standard JSON Schema (draft 7).

Seen in RunComfy's published schemas and handled here:
* ``"type": "float"`` -> ``"number"``;
* plural formats on an array (``image_uris``, ``video_uris``, ``audio_uris``), sometimes with no
  ``items``: the array gets ``items: {"type": "string", "format": "image_uri"}``;
* a ``required`` entry naming no property: dropped, with a warning;
* the published output schema, a properties map ``{"output": {...}}``: unwrapped.

The functions return new dicts; the input is never changed.
"""

from __future__ import annotations

import copy
from typing import Any

from generator.pipeline.diagnostics import Diagnostic, pointer_join

__all__ = ["PLURAL_FORMATS", "normalise_input", "normalise_output"]

PLURAL_FORMATS = {"image_uris": "image_uri", "video_uris": "video_uri", "audio_uris": "audio_uri"}


def _fix_type(value: Any) -> Any:
    if value == "float":
        return "number"
    if isinstance(value, list):
        return ["number" if v == "float" else v for v in value]
    return value


def _walk(node: Any, pointer: str, file: str, notes: list[Diagnostic]) -> Any:
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "type":
            out[key] = _fix_type(value)
        elif key == "properties" and isinstance(value, dict):
            out[key] = {
                name: _walk(sub, pointer_join(pointer, "properties", name), file, notes)
                for name, sub in value.items()
            }
        elif key in ("items", "additionalProperties", "not") and isinstance(value, dict):
            out[key] = _walk(value, pointer_join(pointer, key), file, notes)
        elif key in ("anyOf", "oneOf", "allOf") and isinstance(value, list):
            out[key] = [
                _walk(sub, pointer_join(pointer, key, i), file, notes)
                for i, sub in enumerate(value)
            ]
        else:
            out[key] = copy.deepcopy(value)
    fmt = out.get("format")
    if isinstance(fmt, str) and fmt in PLURAL_FORMATS and out.get("type") == "array":
        del out["format"]
        items = out.get("items")
        items = dict(items) if isinstance(items, dict) else {"type": "string"}
        items.setdefault("type", "string")
        items.setdefault("format", PLURAL_FORMATS[fmt])
        out["items"] = items
    required = out.get("required")
    properties = out.get("properties")
    if isinstance(required, list) and isinstance(properties, dict):
        kept = []
        for i, name in enumerate(required):
            if not isinstance(name, str) or name in properties:
                kept.append(name)  # a non-string is left for the metaschema check to report
            else:
                notes.append(
                    Diagnostic(
                        file,
                        pointer_join(pointer, "required", i),
                        f"'required' names {name!r}, which is not a property; ignored "
                        "(fix the schema or ask RunComfy which property is meant)",
                        "warning",
                    )
                )
        out["required"] = kept
    return out


def normalise_input(schema: Any, file: str) -> tuple[Any, list[Diagnostic]]:
    """The input schema in standard JSON Schema, with warnings for what was dropped."""
    notes: list[Diagnostic] = []
    return _walk(schema, "", file, notes), notes


def normalise_output(schema: Any, file: str) -> tuple[Any, list[Diagnostic]]:
    """The object schema of the result's ``output`` field.

    Accepts RunComfy's published form ``{"output": {<object schema>}}`` and a whole object schema.
    """
    notes: list[Diagnostic] = []
    if (
        isinstance(schema, dict)
        and set(schema) == {"output"}
        and isinstance(schema["output"], dict)
    ):
        return _walk(schema["output"], "/output", file, notes), notes
    return _walk(schema, "", file, notes), notes
