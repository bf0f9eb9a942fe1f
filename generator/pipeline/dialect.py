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

from typing import Any

from generator.pipeline.diagnostics import Diagnostic, pointer_join, shorten
from generator.pipeline.keywords import map_children

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
    out = map_children(
        node, lambda path, sub: _walk(sub, pointer_join(pointer, *path), file, notes)
    )
    if "type" in out:
        out["type"] = _fix_type(out["type"])
    fmt = out.get("format")
    if isinstance(fmt, str) and fmt in PLURAL_FORMATS and out.get("type") == "array":
        del out["format"]
        items = out.get("items")
        items = dict(items) if isinstance(items, dict) else {"type": "string"}
        items.setdefault("type", "string")
        items.setdefault("format", PLURAL_FORMATS[fmt])
        out["items"] = items
    required = out.get("required")
    properties = out.get("properties", {})  # no properties: every name is dangling
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
                        f"'required' names {shorten(name, 60)}, which is not a property; ignored "
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
