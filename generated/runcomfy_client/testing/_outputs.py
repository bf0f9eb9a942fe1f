# generated from templates/runtime/testing/_outputs.py by runcomfy-codegen; do not edit
"""Outputs that validate against a model's output schema, with URLs served by the fake itself."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["synthesise_output"]

_EXTENSIONS: dict[str, str] = {"image": "png", "video": "mp4", "audio": "wav"}


def _media_kind(name: str, schema: Mapping[str, Any]) -> str | None:
    """``image`` / ``video`` / ``audio`` for URL fields, from the format or the field name."""
    item = schema.get("items", {}) if schema.get("type") == "array" else schema
    fmt = str(item.get("format", "")) if isinstance(item, Mapping) else ""
    for kind in _EXTENSIONS:
        if fmt.startswith(kind) or name.startswith(kind):
            return kind
    return None


def _main_kind(model_id: str, kinds: set[str]) -> str | None:
    """The kind a model produces: what its task says (``image-to-video`` -> video), else image."""
    task = model_id.rsplit("/", 1)[-1]
    produced = task.rsplit("to-", 1)[-1]
    for kind in (produced, "image", "video", "audio"):
        if kind in kinds:
            return kind
    return None


def _placeholder(schema: Mapping[str, Any]) -> Any:
    """A value for a required non-media field: the default, the first enum value, or a zero."""
    if "default" in schema:
        return schema["default"]
    if schema.get("enum"):
        return schema["enum"][0]
    zeros: dict[str, Any] = {"string": "", "integer": 0, "number": 0, "boolean": False, "array": []}
    return zeros.get(str(schema.get("type")), {})


def synthesise_output(
    model_id: str,
    schema: Mapping[str, Any],
    *,
    file_base: str,
    inputs: Mapping[str, Any],
) -> dict[str, Any]:
    """An ``output`` object for ``schema``.

    One field of the kind the model produces is filled (an image model whose schema also lists
    ``video`` answers with images): the list field (``images``) when there is one, else the single
    one (``image``); required fields are always filled. A list gets ``num_images`` items when the
    input asks for several, within the schema's bounds.
    """
    properties: Mapping[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", ()))
    kinds = {k for name, prop in properties.items() if (k := _media_kind(name, prop)) is not None}
    main = _main_kind(model_id, kinds)
    candidates = [n for n, p in properties.items() if _media_kind(n, p) == main]
    lists = [n for n in candidates if properties[n].get("type") == "array"]
    chosen = (lists or candidates)[:1]
    output: dict[str, Any] = {}
    for name in sorted(properties):
        prop = properties[name]
        kind = _media_kind(name, prop)
        if kind is None or (name not in chosen and name not in required):
            if name in required:
                output[name] = _placeholder(prop)
            continue
        extension = _EXTENSIONS[kind]
        if prop.get("type") == "array":
            wanted = inputs.get("num_images", 1)
            count = wanted if isinstance(wanted, int) and not isinstance(wanted, bool) else 1
            count = max(count, int(prop.get("minItems", 1)))
            count = min(count, int(prop.get("maxItems", count)))
            output[name] = [f"{file_base}/{name}-{i}.{extension}" for i in range(count)]
        else:
            output[name] = f"{file_base}/{name}-0.{extension}"
    return output
