# generated from templates/runtime/_types.py by runcomfy-codegen; do not edit
"""String types for RunComfy's custom ``format`` values.

RunComfy schemas mark media inputs with ``format: image_uri`` (and ``video_uri``, ``audio_uri``,
``uri``). The server fetches such a value itself, so it must be an ``http(s)`` URL or a ``data:``
URI; anything else (a local path, ``ftp://``, a bare word) is refused here, before any request.
Each type is a plain ``str`` to type checkers and at run time: outputs stay URL strings.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, WithJsonSchema

from ._contract import is_data_uri, is_uri

__all__ = ["AudioUri", "ImageUri", "Uri", "VideoUri", "check_uri", "is_data_uri"]


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
