# generated from schemas/wan-ai/wan-2-6/image-to-image/input.json and schemas/wan-ai/wan-2-6/image-to-image/output.json by runcomfy-codegen; do not edit
"""wan-ai/wan-2-6/image-to-image: typed input and output models and the sync and async resources.

Generated from schemas/wan-ai/wan-2-6/image-to-image/input.json and schemas/wan-ai/wan-2-6/image-to-image/output.json.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import (
    Annotated,
    Any,
    ClassVar,
    Literal,
    NotRequired,
    Required,
    TypeAlias,
    TypedDict,
    overload,
)

from pydantic import (
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationInfo,
    field_validator,
)

from runcomfy_client._base import InputModel, OutputModel
from runcomfy_client._jobs import AsyncJob, Job, JobStatus
from runcomfy_client._resource import AsyncModelResource, SyncModelResource
from runcomfy_client._types import ImageUri, Uri

__all__ = [
    "AsyncImageToImage",
    "ImageSize",
    "ImageSizeValue",
    "ImageToImage",
    "ImageToImageInput",
    "ImageToImageOutput",
    "ImageToImageParams",
]


class ImageSize(StrEnum):
    W1024_H1024 = "1024*1024 (1:1)"
    W800_H1200 = "800*1200 (2:3)"
    W1200_H800 = "1200*800 (3:2)"
    W960_H1280 = "960*1280 (3:4)"
    W1280_H960 = "1280*960 (4:3)"
    W720_H1280 = "720*1280 (9:16)"
    W1280_H720 = "1280*720 (16:9)"
    W1344_H576 = "1344*576 (21:9)"


class ImageToImageInput(InputModel):
    model_config = ConfigDict(populate_by_name=True, arbitrary_types_allowed=True)
    prompt: Annotated[
        StrictStr, Field(description="描述所需图像的文本提示词。应少于2000个字符。", title="提示词")
    ]
    image_urls: Annotated[
        list[ImageUri],
        Field(
            description='用于编辑的参考图像。顺序很重要:在提示词中按"图像1"、"图像2"、"图像3"引用。',
            json_schema_extra={
                "validations": [
                    {
                        "validation_rule": "file_size_mb<",
                        "validation_value": 10,
                        "validation_error": "文件大小必须小于10 MB。",
                    },
                    {
                        "validation_rule": "width_pixels>",
                        "validation_value": 384,
                        "validation_error": "每个图像边至少需要384像素。",
                    },
                    {
                        "validation_rule": "height_pixels>",
                        "validation_value": 384,
                        "validation_error": "每个图像边至少需要384像素。",
                    },
                    {
                        "validation_rule": "width_pixels<",
                        "validation_value": 5000,
                        "validation_error": "每个图像边最多5000像素。",
                    },
                    {
                        "validation_rule": "height_pixels<",
                        "validation_value": 5000,
                        "validation_error": "每个图像边最多5000像素。",
                    },
                ]
            },
            max_length=3,
            min_length=1,
            title="参考图像",
        ),
    ]
    negative_prompt: Annotated[
        StrictStr,
        Field(description="生成图像中需要避免的内容。", max_length=500, title="负面提示词"),
    ] = "low resolution, error, worst quality, low quality, deformed, extra fingers"
    image_size: Annotated[ImageSize, Field(description="", title="宽高比(宽:高)")] = (
        ImageSize.W1024_H1024
    )
    seed: Annotated[
        StrictInt,
        Field(
            description="用于可复现性的随机种子。相同的种子产生更一致的结果。",
            ge=0,
            le=2147483647,
            title="种子",
        ),
    ] = 0
    prompt_extend: Annotated[
        StrictBool,
        Field(
            description="是否扩展提示词。如果启用,提示词将通过魔法提示词扩展。", title="魔法提示词"
        ),
    ] = True

    @field_validator("image_urls", "image_size", mode="before", check_fields=False)
    @classmethod
    def _check_json_types(cls, value: Any, info: ValidationInfo) -> Any:
        return super()._check_json_types(value, info)

    @field_validator("image_urls", mode="after", check_fields=False)
    @classmethod
    def _check_validations(cls, value: Any, info: ValidationInfo) -> Any:
        return super()._check_validations(value, info)


class ImageToImageOutput(OutputModel):
    model_config = ConfigDict(populate_by_name=True, arbitrary_types_allowed=True)
    image: Annotated[Uri | None, Field(description="单张图片 URL")] = None
    video: Annotated[Uri | None, Field(description="单个视频 URL")] = None
    images: Annotated[list[Uri] | None, Field(description="多张图片 URL")] = None
    videos: Annotated[list[Uri] | None, Field(description="多个视频 URL")] = None


ImageSizeValue: TypeAlias = (
    ImageSize
    | Literal[
        "1024*1024 (1:1)",
        "800*1200 (2:3)",
        "1200*800 (3:2)",
        "960*1280 (3:4)",
        "1280*960 (4:3)",
        "720*1280 (9:16)",
        "1280*720 (16:9)",
        "1344*576 (21:9)",
    ]
)

ImageToImageParams = TypedDict(
    "ImageToImageParams",
    {
        "prompt": Required[str],
        "image_urls": Required[list[ImageUri]],
        "negative_prompt": NotRequired[str],
        "image_size": NotRequired[ImageSizeValue],
        "seed": NotRequired[int],
        "prompt_extend": NotRequired[bool],
    },
)
"""The input of ``wan-ai/wan-2-6/image-to-image`` (``ImageToImageInput``) as a dict keyed by the schema's wire names."""


class ImageToImage(SyncModelResource[ImageToImageInput, ImageToImageOutput]):
    """RunComfy model ``wan-ai/wan-2-6/image-to-image``.

    Client-side rules (``validations``) are checked on data URIs before any request; URLs are checked by the server.
    """

    model_id: ClassVar[str] = "wan-ai/wan-2-6/image-to-image"
    input_model: ClassVar[type[ImageToImageInput]] = ImageToImageInput
    output_model: ClassVar[type[ImageToImageOutput]] = ImageToImageOutput

    @overload
    def submit(
        self, payload: ImageToImageInput | ImageToImageParams, /
    ) -> Job[ImageToImageOutput]: ...
    @overload
    def submit(
        self,
        *,
        prompt: str,
        image_urls: list[ImageUri],
        negative_prompt: str = "low resolution, error, worst quality, low quality, deformed, extra fingers",
        image_size: ImageSizeValue = ImageSize.W1024_H1024,
        seed: int = 0,
        prompt_extend: bool = True,
    ) -> Job[ImageToImageOutput]: ...
    def submit(self, *args: Any, **kwargs: Any) -> Job[ImageToImageOutput]:
        """Submit a job and return its handle at once.

        Pass either one positional payload, a ``ImageToImageInput`` or a ``ImageToImageParams`` dict keyed by the schema's wire names (a mapping loaded from JSON works too), or keyword arguments. A keyword left out is not sent; the server applies its default.

        Fields:
        prompt (str, required): 提示词 描述所需图像的文本提示词。应少于2000个字符。
        image_urls (list[ImageUri], required): 参考图像 用于编辑的参考图像。顺序很重要:在提示词中按"图像1"、"图像2"、"图像3"引用。
            rule file_size_mb< 10 (client): 文件大小必须小于10 MB。
            rule width_pixels> 384 (client): 每个图像边至少需要384像素。
            rule height_pixels> 384 (client): 每个图像边至少需要384像素。
            rule width_pixels< 5000 (client): 每个图像边最多5000像素。
            rule height_pixels< 5000 (client): 每个图像边最多5000像素。
        negative_prompt (str, default 'low resolution, error, worst quality, low quality, deformed, extra fingers'): 负面提示词 生成图像中需要避免的内容。
        image_size (ImageSizeValue, default ImageSize.W1024_H1024): 宽高比(宽:高)
        seed (int, default 0): 种子 用于可复现性的随机种子。相同的种子产生更一致的结果。
        prompt_extend (bool, default True): 魔法提示词 是否扩展提示词。如果启用,提示词将通过魔法提示词扩展。
        """
        return self._submit(args, kwargs)

    @overload
    def run(
        self,
        payload: ImageToImageInput | ImageToImageParams,
        /,
        *,
        timeout: float | None = 600.0,
        on_update: Callable[[JobStatus], object] | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
    ) -> ImageToImageOutput: ...
    @overload
    def run(
        self,
        *,
        prompt: str,
        image_urls: list[ImageUri],
        negative_prompt: str = "low resolution, error, worst quality, low quality, deformed, extra fingers",
        image_size: ImageSizeValue = ImageSize.W1024_H1024,
        seed: int = 0,
        prompt_extend: bool = True,
        timeout: float | None = 600.0,
        on_update: Callable[[JobStatus], object] | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
    ) -> ImageToImageOutput: ...
    def run(
        self,
        *args: Any,
        timeout: float | None = 600.0,
        on_update: Callable[[JobStatus], object] | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
        **kwargs: Any,
    ) -> ImageToImageOutput:
        """Submit a job, wait for it and return its typed output.

        Pass either one positional payload, a ``ImageToImageInput`` or a ``ImageToImageParams`` dict keyed by the schema's wire names (a mapping loaded from JSON works too), or keyword arguments. A keyword left out is not sent; the server applies its default.

        Fields:
        prompt (str, required): 提示词 描述所需图像的文本提示词。应少于2000个字符。
        image_urls (list[ImageUri], required): 参考图像 用于编辑的参考图像。顺序很重要:在提示词中按"图像1"、"图像2"、"图像3"引用。
            rule file_size_mb< 10 (client): 文件大小必须小于10 MB。
            rule width_pixels> 384 (client): 每个图像边至少需要384像素。
            rule height_pixels> 384 (client): 每个图像边至少需要384像素。
            rule width_pixels< 5000 (client): 每个图像边最多5000像素。
            rule height_pixels< 5000 (client): 每个图像边最多5000像素。
        negative_prompt (str, default 'low resolution, error, worst quality, low quality, deformed, extra fingers'): 负面提示词 生成图像中需要避免的内容。
        image_size (ImageSizeValue, default ImageSize.W1024_H1024): 宽高比(宽:高)
        seed (int, default 0): 种子 用于可复现性的随机种子。相同的种子产生更一致的结果。
        prompt_extend (bool, default True): 魔法提示词 是否扩展提示词。如果启用,提示词将通过魔法提示词扩展。

        Wait options, as ``Job.wait`` takes them: timeout: float | None = 600.0, on_update: Callable[[JobStatus], object] | None = None, poll_interval: float | None = None, max_poll_interval: float | None = None, cancel_on_timeout: bool = False.
        """
        return self._run(
            args,
            kwargs,
            timeout=timeout,
            on_update=on_update,
            poll_interval=poll_interval,
            max_poll_interval=max_poll_interval,
            cancel_on_timeout=cancel_on_timeout,
        )


class AsyncImageToImage(AsyncModelResource[ImageToImageInput, ImageToImageOutput]):
    """RunComfy model ``wan-ai/wan-2-6/image-to-image``.

    Client-side rules (``validations``) are checked on data URIs before any request; URLs are checked by the server.
    """

    model_id: ClassVar[str] = "wan-ai/wan-2-6/image-to-image"
    input_model: ClassVar[type[ImageToImageInput]] = ImageToImageInput
    output_model: ClassVar[type[ImageToImageOutput]] = ImageToImageOutput

    @overload
    async def submit(
        self, payload: ImageToImageInput | ImageToImageParams, /
    ) -> AsyncJob[ImageToImageOutput]: ...
    @overload
    async def submit(
        self,
        *,
        prompt: str,
        image_urls: list[ImageUri],
        negative_prompt: str = "low resolution, error, worst quality, low quality, deformed, extra fingers",
        image_size: ImageSizeValue = ImageSize.W1024_H1024,
        seed: int = 0,
        prompt_extend: bool = True,
    ) -> AsyncJob[ImageToImageOutput]: ...
    async def submit(self, *args: Any, **kwargs: Any) -> AsyncJob[ImageToImageOutput]:
        """Submit a job and return its handle at once.

        Pass either one positional payload, a ``ImageToImageInput`` or a ``ImageToImageParams`` dict keyed by the schema's wire names (a mapping loaded from JSON works too), or keyword arguments. A keyword left out is not sent; the server applies its default.

        Fields:
        prompt (str, required): 提示词 描述所需图像的文本提示词。应少于2000个字符。
        image_urls (list[ImageUri], required): 参考图像 用于编辑的参考图像。顺序很重要:在提示词中按"图像1"、"图像2"、"图像3"引用。
            rule file_size_mb< 10 (client): 文件大小必须小于10 MB。
            rule width_pixels> 384 (client): 每个图像边至少需要384像素。
            rule height_pixels> 384 (client): 每个图像边至少需要384像素。
            rule width_pixels< 5000 (client): 每个图像边最多5000像素。
            rule height_pixels< 5000 (client): 每个图像边最多5000像素。
        negative_prompt (str, default 'low resolution, error, worst quality, low quality, deformed, extra fingers'): 负面提示词 生成图像中需要避免的内容。
        image_size (ImageSizeValue, default ImageSize.W1024_H1024): 宽高比(宽:高)
        seed (int, default 0): 种子 用于可复现性的随机种子。相同的种子产生更一致的结果。
        prompt_extend (bool, default True): 魔法提示词 是否扩展提示词。如果启用,提示词将通过魔法提示词扩展。
        """
        return await self._submit(args, kwargs)

    @overload
    async def run(
        self,
        payload: ImageToImageInput | ImageToImageParams,
        /,
        *,
        timeout: float | None = 600.0,
        on_update: Callable[[JobStatus], object] | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
    ) -> ImageToImageOutput: ...
    @overload
    async def run(
        self,
        *,
        prompt: str,
        image_urls: list[ImageUri],
        negative_prompt: str = "low resolution, error, worst quality, low quality, deformed, extra fingers",
        image_size: ImageSizeValue = ImageSize.W1024_H1024,
        seed: int = 0,
        prompt_extend: bool = True,
        timeout: float | None = 600.0,
        on_update: Callable[[JobStatus], object] | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
    ) -> ImageToImageOutput: ...
    async def run(
        self,
        *args: Any,
        timeout: float | None = 600.0,
        on_update: Callable[[JobStatus], object] | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
        **kwargs: Any,
    ) -> ImageToImageOutput:
        """Submit a job, wait for it and return its typed output.

        Pass either one positional payload, a ``ImageToImageInput`` or a ``ImageToImageParams`` dict keyed by the schema's wire names (a mapping loaded from JSON works too), or keyword arguments. A keyword left out is not sent; the server applies its default.

        Fields:
        prompt (str, required): 提示词 描述所需图像的文本提示词。应少于2000个字符。
        image_urls (list[ImageUri], required): 参考图像 用于编辑的参考图像。顺序很重要:在提示词中按"图像1"、"图像2"、"图像3"引用。
            rule file_size_mb< 10 (client): 文件大小必须小于10 MB。
            rule width_pixels> 384 (client): 每个图像边至少需要384像素。
            rule height_pixels> 384 (client): 每个图像边至少需要384像素。
            rule width_pixels< 5000 (client): 每个图像边最多5000像素。
            rule height_pixels< 5000 (client): 每个图像边最多5000像素。
        negative_prompt (str, default 'low resolution, error, worst quality, low quality, deformed, extra fingers'): 负面提示词 生成图像中需要避免的内容。
        image_size (ImageSizeValue, default ImageSize.W1024_H1024): 宽高比(宽:高)
        seed (int, default 0): 种子 用于可复现性的随机种子。相同的种子产生更一致的结果。
        prompt_extend (bool, default True): 魔法提示词 是否扩展提示词。如果启用,提示词将通过魔法提示词扩展。

        Wait options, as ``Job.wait`` takes them: timeout: float | None = 600.0, on_update: Callable[[JobStatus], object] | None = None, poll_interval: float | None = None, max_poll_interval: float | None = None, cancel_on_timeout: bool = False.
        """
        return await self._run(
            args,
            kwargs,
            timeout=timeout,
            on_update=on_update,
            poll_interval=poll_interval,
            max_poll_interval=max_poll_interval,
            cancel_on_timeout=cancel_on_timeout,
        )
