# generated from schemas/wan-ai/wan-2-6/image-to-video/input.json and schemas/wan-ai/wan-2-6/image-to-video/output.json by runcomfy-codegen; do not edit
"""wan-ai/wan-2-6/image-to-video: typed input and output models and the sync and async resources.

Generated from schemas/wan-ai/wan-2-6/image-to-video/input.json and schemas/wan-ai/wan-2-6/image-to-video/output.json.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum, StrEnum
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
from runcomfy_client._types import AudioUri, ImageUri, Uri

__all__ = [
    "AsyncImageToVideo",
    "Duration",
    "DurationValue",
    "ImageToVideo",
    "ImageToVideoInput",
    "ImageToVideoOutput",
    "ImageToVideoParams",
    "Resolution",
    "ResolutionValue",
    "ShotType",
    "ShotTypeValue",
]


class Resolution(StrEnum):
    V720_P = "720p"
    V1080_P = "1080p"


class Duration(IntEnum):
    VALUE_5 = 5
    VALUE_10 = 10
    VALUE_15 = 15


class ShotType(StrEnum):
    SINGLE = "single"
    MULTI = "multi"


class ImageToVideoInput(InputModel):
    model_config = ConfigDict(populate_by_name=True, arbitrary_types_allowed=True)
    prompt: Annotated[
        StrictStr, Field(description="描述视频内容的文本提示词。", max_length=2000, title="提示词")
    ]
    image_url: Annotated[
        ImageUri,
        Field(
            description="作为首帧的参考图像。",
            json_schema_extra={
                "validations": [
                    {
                        "validation_rule": "file_size_mb<",
                        "validation_value": 10,
                        "validation_error": "File size must be less than 10 MB.",
                    },
                    {
                        "validation_rule": "width_pixels>",
                        "validation_value": 300,
                        "validation_error": "Each side must be at least 300 pixels.",
                    },
                    {
                        "validation_rule": "height_pixels>",
                        "validation_value": 300,
                        "validation_error": "Each side must be at least 300 pixels.",
                    },
                ]
            },
            title="首帧图像",
        ),
    ]
    audio_url: Annotated[
        AudioUri | None,
        Field(
            description="可选的驱动音频(用于口型同步)。",
            json_schema_extra={
                "validations": [
                    {
                        "validation_rule": "file_size_mb<",
                        "validation_value": 15,
                        "validation_error": "文件大小必须小于15 MB。",
                    },
                    {
                        "validation_rule": "duration_seconds<",
                        "validation_value": 30,
                        "validation_error": "音频时长必须少于30秒。",
                    },
                ],
                "x-runcomfy-not-null": True,
            },
            title="音频",
        ),
    ] = None
    resolution: Annotated[Resolution, Field(title="分辨率")] = Resolution.V720_P
    duration: Annotated[Duration, Field(title="时长(秒)")] = Duration.VALUE_5
    shot_type: Annotated[ShotType, Field(title="镜头类型")] = ShotType.SINGLE
    negative_prompt: Annotated[StrictStr, Field(max_length=500, title="负面提示词")] = ""
    seed: Annotated[
        StrictInt | None,
        Field(ge=0, json_schema_extra={"x-runcomfy-not-null": True}, le=2147483647, title="种子"),
    ] = None
    prompt_extend: Annotated[StrictBool, Field(title="魔法提示词")] = True

    @field_validator(
        "image_url",
        "audio_url",
        "resolution",
        "duration",
        "shot_type",
        "seed",
        mode="before",
        check_fields=False,
    )
    @classmethod
    def _check_json_types(cls, value: Any, info: ValidationInfo) -> Any:
        return super()._check_json_types(value, info)

    @field_validator("image_url", "audio_url", "seed", mode="after", check_fields=False)
    @classmethod
    def _check_validations(cls, value: Any, info: ValidationInfo) -> Any:
        return super()._check_validations(value, info)


class ImageToVideoOutput(OutputModel):
    model_config = ConfigDict(populate_by_name=True, arbitrary_types_allowed=True)
    video: Annotated[Uri | None, Field(description="Single video URL")] = None
    videos: Annotated[list[Uri] | None, Field(description="Multiple video URLs")] = None


DurationValue: TypeAlias = Duration | Literal[5, 10, 15]
ResolutionValue: TypeAlias = Resolution | Literal["720p", "1080p"]
ShotTypeValue: TypeAlias = ShotType | Literal["single", "multi"]

ImageToVideoParams = TypedDict(
    "ImageToVideoParams",
    {
        "prompt": Required[str],
        "image_url": Required[ImageUri],
        "audio_url": NotRequired[AudioUri],
        "resolution": NotRequired[ResolutionValue],
        "duration": NotRequired[DurationValue],
        "shot_type": NotRequired[ShotTypeValue],
        "negative_prompt": NotRequired[str],
        "seed": NotRequired[int],
        "prompt_extend": NotRequired[bool],
    },
)
"""The input of ``wan-ai/wan-2-6/image-to-video`` (``ImageToVideoInput``) as a dict keyed by the schema's wire names."""


class ImageToVideo(SyncModelResource[ImageToVideoInput, ImageToVideoOutput]):
    """RunComfy model ``wan-ai/wan-2-6/image-to-video``.

    Client-side rules (``validations``) are checked on data URIs before any request; URLs are checked by the server.

    Checked by the server only (the client cannot check these offline): audio_url: duration_seconds< 30
    """

    model_id: ClassVar[str] = "wan-ai/wan-2-6/image-to-video"
    input_model: ClassVar[type[ImageToVideoInput]] = ImageToVideoInput
    output_model: ClassVar[type[ImageToVideoOutput]] = ImageToVideoOutput

    @overload
    def submit(
        self, payload: ImageToVideoInput | ImageToVideoParams, /
    ) -> Job[ImageToVideoOutput]: ...
    @overload
    def submit(
        self,
        *,
        prompt: str,
        image_url: ImageUri,
        audio_url: AudioUri | None = None,
        resolution: ResolutionValue = Resolution.V720_P,
        duration: DurationValue = Duration.VALUE_5,
        shot_type: ShotTypeValue = ShotType.SINGLE,
        negative_prompt: str = "",
        seed: int | None = None,
        prompt_extend: bool = True,
    ) -> Job[ImageToVideoOutput]: ...
    def submit(self, *args: Any, **kwargs: Any) -> Job[ImageToVideoOutput]:
        """Submit a job and return its handle at once.

        Pass either one positional payload, a ``ImageToVideoInput`` or a ``ImageToVideoParams`` dict keyed by the schema's wire names (a mapping loaded from JSON works too), or keyword arguments. A keyword left out is not sent; the server applies its default.

        Fields:
        prompt (str, required): 提示词 描述视频内容的文本提示词。
        image_url (ImageUri, required): 首帧图像 作为首帧的参考图像。
            rule file_size_mb< 10 (client): File size must be less than 10 MB.
            rule width_pixels> 300 (client): Each side must be at least 300 pixels.
            rule height_pixels> 300 (client): Each side must be at least 300 pixels.
        audio_url (AudioUri | None, default None): 音频 可选的驱动音频(用于口型同步)。
            rule file_size_mb< 15 (client): 文件大小必须小于15 MB。
            rule duration_seconds< 30 (server): 音频时长必须少于30秒。
        resolution (ResolutionValue, default Resolution.V720_P): 分辨率
        duration (DurationValue, default Duration.VALUE_5): 时长(秒)
        shot_type (ShotTypeValue, default ShotType.SINGLE): 镜头类型
        negative_prompt (str, default ''): 负面提示词
        seed (int | None, default None): 种子
        prompt_extend (bool, default True): 魔法提示词
        """
        return self._submit(args, kwargs)

    @overload
    def run(
        self,
        payload: ImageToVideoInput | ImageToVideoParams,
        /,
        *,
        timeout: float | None = 600.0,
        on_update: Callable[[JobStatus], object] | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
    ) -> ImageToVideoOutput: ...
    @overload
    def run(
        self,
        *,
        prompt: str,
        image_url: ImageUri,
        audio_url: AudioUri | None = None,
        resolution: ResolutionValue = Resolution.V720_P,
        duration: DurationValue = Duration.VALUE_5,
        shot_type: ShotTypeValue = ShotType.SINGLE,
        negative_prompt: str = "",
        seed: int | None = None,
        prompt_extend: bool = True,
        timeout: float | None = 600.0,
        on_update: Callable[[JobStatus], object] | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
    ) -> ImageToVideoOutput: ...
    def run(
        self,
        *args: Any,
        timeout: float | None = 600.0,
        on_update: Callable[[JobStatus], object] | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
        **kwargs: Any,
    ) -> ImageToVideoOutput:
        """Submit a job, wait for it and return its typed output.

        Pass either one positional payload, a ``ImageToVideoInput`` or a ``ImageToVideoParams`` dict keyed by the schema's wire names (a mapping loaded from JSON works too), or keyword arguments. A keyword left out is not sent; the server applies its default.

        Fields:
        prompt (str, required): 提示词 描述视频内容的文本提示词。
        image_url (ImageUri, required): 首帧图像 作为首帧的参考图像。
            rule file_size_mb< 10 (client): File size must be less than 10 MB.
            rule width_pixels> 300 (client): Each side must be at least 300 pixels.
            rule height_pixels> 300 (client): Each side must be at least 300 pixels.
        audio_url (AudioUri | None, default None): 音频 可选的驱动音频(用于口型同步)。
            rule file_size_mb< 15 (client): 文件大小必须小于15 MB。
            rule duration_seconds< 30 (server): 音频时长必须少于30秒。
        resolution (ResolutionValue, default Resolution.V720_P): 分辨率
        duration (DurationValue, default Duration.VALUE_5): 时长(秒)
        shot_type (ShotTypeValue, default ShotType.SINGLE): 镜头类型
        negative_prompt (str, default ''): 负面提示词
        seed (int | None, default None): 种子
        prompt_extend (bool, default True): 魔法提示词

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


class AsyncImageToVideo(AsyncModelResource[ImageToVideoInput, ImageToVideoOutput]):
    """RunComfy model ``wan-ai/wan-2-6/image-to-video``.

    Client-side rules (``validations``) are checked on data URIs before any request; URLs are checked by the server.

    Checked by the server only (the client cannot check these offline): audio_url: duration_seconds< 30
    """

    model_id: ClassVar[str] = "wan-ai/wan-2-6/image-to-video"
    input_model: ClassVar[type[ImageToVideoInput]] = ImageToVideoInput
    output_model: ClassVar[type[ImageToVideoOutput]] = ImageToVideoOutput

    @overload
    async def submit(
        self, payload: ImageToVideoInput | ImageToVideoParams, /
    ) -> AsyncJob[ImageToVideoOutput]: ...
    @overload
    async def submit(
        self,
        *,
        prompt: str,
        image_url: ImageUri,
        audio_url: AudioUri | None = None,
        resolution: ResolutionValue = Resolution.V720_P,
        duration: DurationValue = Duration.VALUE_5,
        shot_type: ShotTypeValue = ShotType.SINGLE,
        negative_prompt: str = "",
        seed: int | None = None,
        prompt_extend: bool = True,
    ) -> AsyncJob[ImageToVideoOutput]: ...
    async def submit(self, *args: Any, **kwargs: Any) -> AsyncJob[ImageToVideoOutput]:
        """Submit a job and return its handle at once.

        Pass either one positional payload, a ``ImageToVideoInput`` or a ``ImageToVideoParams`` dict keyed by the schema's wire names (a mapping loaded from JSON works too), or keyword arguments. A keyword left out is not sent; the server applies its default.

        Fields:
        prompt (str, required): 提示词 描述视频内容的文本提示词。
        image_url (ImageUri, required): 首帧图像 作为首帧的参考图像。
            rule file_size_mb< 10 (client): File size must be less than 10 MB.
            rule width_pixels> 300 (client): Each side must be at least 300 pixels.
            rule height_pixels> 300 (client): Each side must be at least 300 pixels.
        audio_url (AudioUri | None, default None): 音频 可选的驱动音频(用于口型同步)。
            rule file_size_mb< 15 (client): 文件大小必须小于15 MB。
            rule duration_seconds< 30 (server): 音频时长必须少于30秒。
        resolution (ResolutionValue, default Resolution.V720_P): 分辨率
        duration (DurationValue, default Duration.VALUE_5): 时长(秒)
        shot_type (ShotTypeValue, default ShotType.SINGLE): 镜头类型
        negative_prompt (str, default ''): 负面提示词
        seed (int | None, default None): 种子
        prompt_extend (bool, default True): 魔法提示词
        """
        return await self._submit(args, kwargs)

    @overload
    async def run(
        self,
        payload: ImageToVideoInput | ImageToVideoParams,
        /,
        *,
        timeout: float | None = 600.0,
        on_update: Callable[[JobStatus], object] | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
    ) -> ImageToVideoOutput: ...
    @overload
    async def run(
        self,
        *,
        prompt: str,
        image_url: ImageUri,
        audio_url: AudioUri | None = None,
        resolution: ResolutionValue = Resolution.V720_P,
        duration: DurationValue = Duration.VALUE_5,
        shot_type: ShotTypeValue = ShotType.SINGLE,
        negative_prompt: str = "",
        seed: int | None = None,
        prompt_extend: bool = True,
        timeout: float | None = 600.0,
        on_update: Callable[[JobStatus], object] | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
    ) -> ImageToVideoOutput: ...
    async def run(
        self,
        *args: Any,
        timeout: float | None = 600.0,
        on_update: Callable[[JobStatus], object] | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
        **kwargs: Any,
    ) -> ImageToVideoOutput:
        """Submit a job, wait for it and return its typed output.

        Pass either one positional payload, a ``ImageToVideoInput`` or a ``ImageToVideoParams`` dict keyed by the schema's wire names (a mapping loaded from JSON works too), or keyword arguments. A keyword left out is not sent; the server applies its default.

        Fields:
        prompt (str, required): 提示词 描述视频内容的文本提示词。
        image_url (ImageUri, required): 首帧图像 作为首帧的参考图像。
            rule file_size_mb< 10 (client): File size must be less than 10 MB.
            rule width_pixels> 300 (client): Each side must be at least 300 pixels.
            rule height_pixels> 300 (client): Each side must be at least 300 pixels.
        audio_url (AudioUri | None, default None): 音频 可选的驱动音频(用于口型同步)。
            rule file_size_mb< 15 (client): 文件大小必须小于15 MB。
            rule duration_seconds< 30 (server): 音频时长必须少于30秒。
        resolution (ResolutionValue, default Resolution.V720_P): 分辨率
        duration (DurationValue, default Duration.VALUE_5): 时长(秒)
        shot_type (ShotTypeValue, default ShotType.SINGLE): 镜头类型
        negative_prompt (str, default ''): 负面提示词
        seed (int | None, default None): 种子
        prompt_extend (bool, default True): 魔法提示词

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
