# generated from schemas/blackforestlabs/flux-1-kontext/pro/edit/input.json and schemas/blackforestlabs/flux-1-kontext/pro/edit/output.json by runcomfy-codegen; do not edit
"""blackforestlabs/flux-1-kontext/pro/edit: typed input and output models and the sync and async resources.

Generated from schemas/blackforestlabs/flux-1-kontext/pro/edit/input.json and schemas/blackforestlabs/flux-1-kontext/pro/edit/output.json.
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
    StrictFloat,
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
    "AspectRatio",
    "AspectRatioValue",
    "AsyncEdit",
    "Edit",
    "EditInput",
    "EditOutput",
    "EditParams",
    "OutputFormat",
    "OutputFormatValue",
    "SafetyTolerance",
    "SafetyToleranceValue",
]


class AspectRatio(StrEnum):
    RATIO_21_9 = "21:9"
    RATIO_16_9 = "16:9"
    RATIO_4_3 = "4:3"
    RATIO_3_2 = "3:2"
    RATIO_1_1 = "1:1"
    RATIO_2_3 = "2:3"
    RATIO_3_4 = "3:4"
    RATIO_9_16 = "9:16"
    RATIO_9_21 = "9:21"


class OutputFormat(StrEnum):
    JPEG = "jpeg"
    PNG = "png"


class SafetyTolerance(IntEnum):
    VALUE_1 = 1
    VALUE_2 = 2
    VALUE_3 = 3
    VALUE_4 = 4
    VALUE_5 = 5
    VALUE_6 = 6


class EditInput(InputModel):
    model_config = ConfigDict(populate_by_name=True, arbitrary_types_allowed=True)
    prompt: Annotated[StrictStr, Field(description="What to change in the image.", title="Prompt")]
    image_url: Annotated[
        ImageUri,
        Field(
            description="The image to edit.",
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
            title="Image",
        ),
    ]
    seed: Annotated[
        StrictInt | None,
        Field(
            description="Random seed for reproducibility.",
            ge=0,
            json_schema_extra={"x-runcomfy-not-null": True},
            le=4294967295,
            title="Seed",
        ),
    ] = None
    aspect_ratio: Annotated[AspectRatio, Field(title="Aspect ratio")] = AspectRatio.RATIO_1_1
    guidance_scale: Annotated[
        StrictFloat,
        Field(
            description="How closely to follow the prompt.", ge=1.0, le=20.0, title="Guidance scale"
        ),
    ] = 3.5
    output_format: Annotated[OutputFormat, Field(title="Output format")] = OutputFormat.PNG
    safety_tolerance: Annotated[
        SafetyTolerance,
        Field(description="1 is the strictest, 6 the most permissive.", title="Safety tolerance"),
    ] = SafetyTolerance.VALUE_2

    @field_validator(
        "image_url",
        "seed",
        "aspect_ratio",
        "output_format",
        "safety_tolerance",
        mode="before",
        check_fields=False,
    )
    @classmethod
    def _check_json_types(cls, value: Any, info: ValidationInfo) -> Any:
        return super()._check_json_types(value, info)

    @field_validator("image_url", "seed", mode="after", check_fields=False)
    @classmethod
    def _check_validations(cls, value: Any, info: ValidationInfo) -> Any:
        return super()._check_validations(value, info)


class EditOutput(OutputModel):
    model_config = ConfigDict(populate_by_name=True, arbitrary_types_allowed=True)
    image: Annotated[Uri | None, Field(description="Single image URL")] = None
    images: Annotated[list[Uri] | None, Field(description="Multiple image URLs")] = None


AspectRatioValue: TypeAlias = (
    AspectRatio | Literal["21:9", "16:9", "4:3", "3:2", "1:1", "2:3", "3:4", "9:16", "9:21"]
)
OutputFormatValue: TypeAlias = OutputFormat | Literal["jpeg", "png"]
SafetyToleranceValue: TypeAlias = SafetyTolerance | Literal[1, 2, 3, 4, 5, 6]

EditParams = TypedDict(
    "EditParams",
    {
        "prompt": Required[str],
        "image_url": Required[ImageUri],
        "seed": NotRequired[int],
        "aspect_ratio": NotRequired[AspectRatioValue],
        "guidance_scale": NotRequired[float],
        "output_format": NotRequired[OutputFormatValue],
        "safety_tolerance": NotRequired[SafetyToleranceValue],
    },
)
"""The input of ``blackforestlabs/flux-1-kontext/pro/edit`` (``EditInput``) as a dict keyed by the schema's wire names."""


class Edit(SyncModelResource[EditInput, EditOutput]):
    """RunComfy model ``blackforestlabs/flux-1-kontext/pro/edit``.

    Client-side rules (``validations``) are checked on data URIs before any request; URLs are checked by the server.
    """

    model_id: ClassVar[str] = "blackforestlabs/flux-1-kontext/pro/edit"
    input_model: ClassVar[type[EditInput]] = EditInput
    output_model: ClassVar[type[EditOutput]] = EditOutput

    @overload
    def submit(self, payload: EditInput | EditParams, /) -> Job[EditOutput]: ...
    @overload
    def submit(
        self,
        *,
        prompt: str,
        image_url: ImageUri,
        seed: int | None = None,
        aspect_ratio: AspectRatioValue = AspectRatio.RATIO_1_1,
        guidance_scale: float = 3.5,
        output_format: OutputFormatValue = OutputFormat.PNG,
        safety_tolerance: SafetyToleranceValue = SafetyTolerance.VALUE_2,
    ) -> Job[EditOutput]: ...
    def submit(self, *args: Any, **kwargs: Any) -> Job[EditOutput]:
        """Submit a job and return its handle at once.

        Pass either one positional payload, a ``EditInput`` or a ``EditParams`` dict keyed by the schema's wire names (a mapping loaded from JSON works too), or keyword arguments. A keyword left out is not sent; the server applies its default.

        Fields:
        prompt (str, required): Prompt What to change in the image.
        image_url (ImageUri, required): Image The image to edit.
            rule file_size_mb< 10 (client): File size must be less than 10 MB.
            rule width_pixels> 300 (client): Each side must be at least 300 pixels.
            rule height_pixels> 300 (client): Each side must be at least 300 pixels.
        seed (int | None, default None): Seed Random seed for reproducibility.
        aspect_ratio (AspectRatioValue, default AspectRatio.RATIO_1_1): Aspect ratio
        guidance_scale (float, default 3.5): Guidance scale How closely to follow the prompt.
        output_format (OutputFormatValue, default OutputFormat.PNG): Output format
        safety_tolerance (SafetyToleranceValue, default SafetyTolerance.VALUE_2): Safety tolerance 1 is the strictest, 6 the most permissive.
        """
        return self._submit(args, kwargs)

    @overload
    def run(
        self,
        payload: EditInput | EditParams,
        /,
        *,
        timeout: float | None = 600.0,
        on_update: Callable[[JobStatus], object] | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
    ) -> EditOutput: ...
    @overload
    def run(
        self,
        *,
        prompt: str,
        image_url: ImageUri,
        seed: int | None = None,
        aspect_ratio: AspectRatioValue = AspectRatio.RATIO_1_1,
        guidance_scale: float = 3.5,
        output_format: OutputFormatValue = OutputFormat.PNG,
        safety_tolerance: SafetyToleranceValue = SafetyTolerance.VALUE_2,
        timeout: float | None = 600.0,
        on_update: Callable[[JobStatus], object] | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
    ) -> EditOutput: ...
    def run(
        self,
        *args: Any,
        timeout: float | None = 600.0,
        on_update: Callable[[JobStatus], object] | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
        **kwargs: Any,
    ) -> EditOutput:
        """Submit a job, wait for it and return its typed output.

        Pass either one positional payload, a ``EditInput`` or a ``EditParams`` dict keyed by the schema's wire names (a mapping loaded from JSON works too), or keyword arguments. A keyword left out is not sent; the server applies its default.

        Fields:
        prompt (str, required): Prompt What to change in the image.
        image_url (ImageUri, required): Image The image to edit.
            rule file_size_mb< 10 (client): File size must be less than 10 MB.
            rule width_pixels> 300 (client): Each side must be at least 300 pixels.
            rule height_pixels> 300 (client): Each side must be at least 300 pixels.
        seed (int | None, default None): Seed Random seed for reproducibility.
        aspect_ratio (AspectRatioValue, default AspectRatio.RATIO_1_1): Aspect ratio
        guidance_scale (float, default 3.5): Guidance scale How closely to follow the prompt.
        output_format (OutputFormatValue, default OutputFormat.PNG): Output format
        safety_tolerance (SafetyToleranceValue, default SafetyTolerance.VALUE_2): Safety tolerance 1 is the strictest, 6 the most permissive.

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


class AsyncEdit(AsyncModelResource[EditInput, EditOutput]):
    """RunComfy model ``blackforestlabs/flux-1-kontext/pro/edit``.

    Client-side rules (``validations``) are checked on data URIs before any request; URLs are checked by the server.
    """

    model_id: ClassVar[str] = "blackforestlabs/flux-1-kontext/pro/edit"
    input_model: ClassVar[type[EditInput]] = EditInput
    output_model: ClassVar[type[EditOutput]] = EditOutput

    @overload
    async def submit(self, payload: EditInput | EditParams, /) -> AsyncJob[EditOutput]: ...
    @overload
    async def submit(
        self,
        *,
        prompt: str,
        image_url: ImageUri,
        seed: int | None = None,
        aspect_ratio: AspectRatioValue = AspectRatio.RATIO_1_1,
        guidance_scale: float = 3.5,
        output_format: OutputFormatValue = OutputFormat.PNG,
        safety_tolerance: SafetyToleranceValue = SafetyTolerance.VALUE_2,
    ) -> AsyncJob[EditOutput]: ...
    async def submit(self, *args: Any, **kwargs: Any) -> AsyncJob[EditOutput]:
        """Submit a job and return its handle at once.

        Pass either one positional payload, a ``EditInput`` or a ``EditParams`` dict keyed by the schema's wire names (a mapping loaded from JSON works too), or keyword arguments. A keyword left out is not sent; the server applies its default.

        Fields:
        prompt (str, required): Prompt What to change in the image.
        image_url (ImageUri, required): Image The image to edit.
            rule file_size_mb< 10 (client): File size must be less than 10 MB.
            rule width_pixels> 300 (client): Each side must be at least 300 pixels.
            rule height_pixels> 300 (client): Each side must be at least 300 pixels.
        seed (int | None, default None): Seed Random seed for reproducibility.
        aspect_ratio (AspectRatioValue, default AspectRatio.RATIO_1_1): Aspect ratio
        guidance_scale (float, default 3.5): Guidance scale How closely to follow the prompt.
        output_format (OutputFormatValue, default OutputFormat.PNG): Output format
        safety_tolerance (SafetyToleranceValue, default SafetyTolerance.VALUE_2): Safety tolerance 1 is the strictest, 6 the most permissive.
        """
        return await self._submit(args, kwargs)

    @overload
    async def run(
        self,
        payload: EditInput | EditParams,
        /,
        *,
        timeout: float | None = 600.0,
        on_update: Callable[[JobStatus], object] | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
    ) -> EditOutput: ...
    @overload
    async def run(
        self,
        *,
        prompt: str,
        image_url: ImageUri,
        seed: int | None = None,
        aspect_ratio: AspectRatioValue = AspectRatio.RATIO_1_1,
        guidance_scale: float = 3.5,
        output_format: OutputFormatValue = OutputFormat.PNG,
        safety_tolerance: SafetyToleranceValue = SafetyTolerance.VALUE_2,
        timeout: float | None = 600.0,
        on_update: Callable[[JobStatus], object] | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
    ) -> EditOutput: ...
    async def run(
        self,
        *args: Any,
        timeout: float | None = 600.0,
        on_update: Callable[[JobStatus], object] | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
        **kwargs: Any,
    ) -> EditOutput:
        """Submit a job, wait for it and return its typed output.

        Pass either one positional payload, a ``EditInput`` or a ``EditParams`` dict keyed by the schema's wire names (a mapping loaded from JSON works too), or keyword arguments. A keyword left out is not sent; the server applies its default.

        Fields:
        prompt (str, required): Prompt What to change in the image.
        image_url (ImageUri, required): Image The image to edit.
            rule file_size_mb< 10 (client): File size must be less than 10 MB.
            rule width_pixels> 300 (client): Each side must be at least 300 pixels.
            rule height_pixels> 300 (client): Each side must be at least 300 pixels.
        seed (int | None, default None): Seed Random seed for reproducibility.
        aspect_ratio (AspectRatioValue, default AspectRatio.RATIO_1_1): Aspect ratio
        guidance_scale (float, default 3.5): Guidance scale How closely to follow the prompt.
        output_format (OutputFormatValue, default OutputFormat.PNG): Output format
        safety_tolerance (SafetyToleranceValue, default SafetyTolerance.VALUE_2): Safety tolerance 1 is the strictest, 6 the most permissive.

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
