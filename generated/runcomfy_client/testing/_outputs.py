# generated from templates/runtime/testing/_outputs.py by runcomfy-codegen; do not edit
"""Outputs that validate against a model's output schema, with URLs served by the fake itself."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._contract import MEDIA_KINDS, main_output_field, media_kind

__all__ = ["synthesise_output"]

_EXTENSIONS: dict[str, str] = {"image": "png", "video": "mp4", "audio": "wav"}


def _placeholder(schema: Mapping[str, Any]) -> Any:
    """A value for a required non-media field: the default, the first enum value, or a zero."""
    if "default" in schema:
        return schema["default"]
    if schema.get("enum"):
        return schema["enum"][0]
    zeros: dict[str, Any] = {"string": "", "integer": 0, "number": 0, "boolean": False, "array": []}
    return zeros.get(str(schema.get("type")), {})


def synthesise_output(
    kind: str | None,
    schema: Mapping[str, Any],
    *,
    file_base: str,
    inputs: Mapping[str, Any],
) -> dict[str, Any]:
    """An ``output`` object for ``schema``, for a model that produces ``kind``.

    ``kind`` is the model's ``output_kind`` (``runcomfy_client._contract``). One field of that
    kind is filled (an image model whose schema also lists ``video`` answers with images): the
    list field (``images``) when there is one, else the single one (``image``). When the kind is
    unknown (None), one field of each kind the schema has is filled, so code reading any of them
    finds a file. Required fields are always filled. A list gets ``num_images`` items when the
    input asks for several, within the schema's bounds.
    """
    properties: Mapping[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", ()))
    kinds = {name: media_kind(name, prop) for name, prop in properties.items()}
    chosen = {
        field
        for wanted in (MEDIA_KINDS if kind is None else (kind,))
        if (field := main_output_field(schema, wanted)) is not None
    }
    output: dict[str, Any] = {}
    for name in sorted(properties):
        prop = properties[name]
        field_kind = kinds[name]
        if field_kind is None or (name not in chosen and name not in required):
            if name in required:
                output[name] = _placeholder(prop)
            continue
        extension = _EXTENSIONS[field_kind]
        if prop.get("type") == "array":
            wanted = inputs.get("num_images", 1)
            count = wanted if isinstance(wanted, int) and not isinstance(wanted, bool) else 1
            count = max(count, int(prop.get("minItems", 1)))
            count = min(count, int(prop.get("maxItems", count)))
            output[name] = [f"{file_base}/{name}-{i}.{extension}" for i in range(count)]
        else:
            output[name] = f"{file_base}/{name}-0.{extension}"
    return output
