# generated from schemas/ (templates/_namespaces.py.j2) by runcomfy-codegen; do not edit
"""The models under ``stability``: typed namespace classes for the sync and the async client.

Imported the first time ``client.stability`` is read; a leaf imports its model module the first
time it is used.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from runcomfy_client._namespaces import Namespace

if TYPE_CHECKING:
    from runcomfy_client.models.stability.sdxl.text_to_image import (
        AsyncTextToImage as _stability_sdxl_text_to_image__AsyncTextToImage,
    )
    from runcomfy_client.models.stability.sdxl.text_to_image import (
        TextToImage as _stability_sdxl_text_to_image__TextToImage,
    )

__all__ = [
    "StabilityNamespace",
    "AsyncStabilityNamespace",
]


class StabilityNamespace(Namespace):
    """The models under ``stability``."""

    @cached_property
    def sdxl(self) -> StabilitySdxlNamespace:
        return StabilitySdxlNamespace(self._client)


class StabilitySdxlNamespace(Namespace):
    """The models under ``stability/sdxl``."""

    @cached_property
    def text_to_image(self) -> _stability_sdxl_text_to_image__TextToImage:
        from runcomfy_client.models.stability.sdxl.text_to_image import TextToImage

        return TextToImage(self._client)


class AsyncStabilityNamespace(Namespace):
    """The async models under ``stability``."""

    @cached_property
    def sdxl(self) -> AsyncStabilitySdxlNamespace:
        return AsyncStabilitySdxlNamespace(self._client)


class AsyncStabilitySdxlNamespace(Namespace):
    """The async models under ``stability/sdxl``."""

    @cached_property
    def text_to_image(self) -> _stability_sdxl_text_to_image__AsyncTextToImage:
        from runcomfy_client.models.stability.sdxl.text_to_image import AsyncTextToImage

        return AsyncTextToImage(self._client)
