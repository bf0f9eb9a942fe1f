# generated from schemas/ (templates/_namespaces.py.j2) by runcomfy-codegen; do not edit
"""The models under ``wan_ai``: typed namespace classes for the sync and the async client.

Imported the first time ``client.wan_ai`` is read; a leaf imports its model module the first
time it is used.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from runcomfy_client._namespaces import Namespace

if TYPE_CHECKING:
    from runcomfy_client.models.wan_ai.wan_2_6.image_to_image import (
        AsyncImageToImage as _wan_ai_wan_2_6_image_to_image__AsyncImageToImage,
    )
    from runcomfy_client.models.wan_ai.wan_2_6.image_to_image import (
        ImageToImage as _wan_ai_wan_2_6_image_to_image__ImageToImage,
    )
    from runcomfy_client.models.wan_ai.wan_2_6.image_to_video import (
        AsyncImageToVideo as _wan_ai_wan_2_6_image_to_video__AsyncImageToVideo,
    )
    from runcomfy_client.models.wan_ai.wan_2_6.image_to_video import (
        ImageToVideo as _wan_ai_wan_2_6_image_to_video__ImageToVideo,
    )

__all__ = [
    "WanAiNamespace",
    "AsyncWanAiNamespace",
]


class WanAiNamespace(Namespace):
    """The models under ``wan_ai``."""

    @cached_property
    def wan_2_6(self) -> WanAiWan26Namespace:
        return WanAiWan26Namespace(self._client)


class WanAiWan26Namespace(Namespace):
    """The models under ``wan_ai/wan_2_6``."""

    @cached_property
    def image_to_image(self) -> _wan_ai_wan_2_6_image_to_image__ImageToImage:
        from runcomfy_client.models.wan_ai.wan_2_6.image_to_image import ImageToImage

        return ImageToImage(self._client)

    @cached_property
    def image_to_video(self) -> _wan_ai_wan_2_6_image_to_video__ImageToVideo:
        from runcomfy_client.models.wan_ai.wan_2_6.image_to_video import ImageToVideo

        return ImageToVideo(self._client)


class AsyncWanAiNamespace(Namespace):
    """The async models under ``wan_ai``."""

    @cached_property
    def wan_2_6(self) -> AsyncWanAiWan26Namespace:
        return AsyncWanAiWan26Namespace(self._client)


class AsyncWanAiWan26Namespace(Namespace):
    """The async models under ``wan_ai/wan_2_6``."""

    @cached_property
    def image_to_image(self) -> _wan_ai_wan_2_6_image_to_image__AsyncImageToImage:
        from runcomfy_client.models.wan_ai.wan_2_6.image_to_image import AsyncImageToImage

        return AsyncImageToImage(self._client)

    @cached_property
    def image_to_video(self) -> _wan_ai_wan_2_6_image_to_video__AsyncImageToVideo:
        from runcomfy_client.models.wan_ai.wan_2_6.image_to_video import AsyncImageToVideo

        return AsyncImageToVideo(self._client)
