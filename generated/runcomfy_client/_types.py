# generated from templates/runtime/_types.py by runcomfy-codegen; do not edit
"""String types for RunComfy's custom ``format`` values.

RunComfy schemas mark media inputs with ``format: image_uri`` (and ``video_uri``, ``audio_uri``,
``uri``). The server fetches such a value itself, so it must be an ``http(s)`` URL or a ``data:``
URI; anything else (a local path, ``ftp://``, a bare word) is refused here, before any request.
Each type is a plain ``str`` to type checkers and at run time: outputs stay URL strings.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Any

from pydantic import AfterValidator, WithJsonSchema

from ._contract import is_data_uri, is_uri

__all__ = [
    "AudioUri", "ImageUri", "NoKey", "Uri", "VideoUri", "check_uri", "is_data_uri", "multiple_of",
]  # fmt: skip


def check_uri(value: str) -> str:
    """Return ``value`` if it is an http(s) URL or a data URI, else raise ``ValueError``."""
    if is_uri(value):
        return value
    shown = value if len(value) <= 60 else value[:57] + "..."
    raise ValueError(
        f"expected an http(s) URL or a data: URI, got {shown!r}; "
        "upload the file somewhere public or pass it as a data URI (runcomfy_client.data_uri() makes one from a file)"
    )


Uri = Annotated[str, AfterValidator(check_uri), WithJsonSchema({"type": "string", "format": "uri"})]
ImageUri = Annotated[
    str, AfterValidator(check_uri), WithJsonSchema({"type": "string", "format": "image_uri"})
]
VideoUri = Annotated[
    str, AfterValidator(check_uri), WithJsonSchema({"type": "string", "format": "video_uri"})
]
AudioUri = Annotated[
    str, AfterValidator(check_uri), WithJsonSchema({"type": "string", "format": "audio_uri"})
]


def _no_key(value: Any) -> Any:
    raise ValueError("this object takes no keys (its schema lists no properties); leave it empty")


NoKey = Annotated[Any, AfterValidator(_no_key), WithJsonSchema({"not": {}})]
"""The value type of an object that takes no key: ``dict[str, NoKey]`` holds only ``{}``."""


def multiple_of(step: float) -> AfterValidator:
    """``multipleOf`` computed as JSON Schema validators do (a quotient that is whole).

    pydantic's own check forgives a rounding error (``0.3`` passes a step of ``0.1`` there, and
    ``1e-300`` a step of ``2``); the schema's validators, and so the server, do not.
    """

    def check(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return value  # None beside the number, or another branch's value
        if isinstance(step, float):
            quotient = value / step
            try:
                failed = int(quotient) != quotient
            except OverflowError:  # an infinite quotient: exact arithmetic instead
                failed = (Fraction(value) / Fraction(step)).denominator != 1
        else:
            failed = bool(value % step)
        if failed:
            raise ValueError(f"{value!r} is not a multiple of {step!r}")
        return value

    return AfterValidator(check)
