# generated from schemas/stability/sdxl/text-to-image/input.json and schemas/stability/sdxl/text-to-image/output.json by runcomfy-codegen; do not edit
"""stability/sdxl/text-to-image: typed input and output models and the sync and async resources.

Generated from schemas/stability/sdxl/text-to-image/input.json and schemas/stability/sdxl/text-to-image/output.json.
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
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationInfo,
    field_validator,
)

from runcomfy_client._base import InputModel, OutputModel
from runcomfy_client._jobs import AsyncJob, Job, JobStatus
from runcomfy_client._resource import AsyncModelResource, SyncModelResource
from runcomfy_client._types import Uri

__all__ = [
    "AsyncTextToImage",
    "Lora",
    "LoraParams",
    "Scheduler",
    "SchedulerValue",
    "TextToImage",
    "TextToImageInput",
    "TextToImageOutput",
    "TextToImageParams",
]


class Scheduler(StrEnum):
    DDIM = "DDIM"
    DPM_PLUS_PLUS_2_M = "DPM++ 2M"
    DPM_PLUS_PLUS_2_M_KARRAS = "DPM++ 2M Karras"
    EULER_A = "Euler a"
    K_EULER = "K_EULER"


class Lora(InputModel):
    model_config = ConfigDict(populate_by_name=True, arbitrary_types_allowed=True)
    path: Annotated[Uri, Field(description="URL of the LoRA weights.")]
    scale: Annotated[StrictFloat, Field(ge=0.0, le=2.0)] = 1


class TextToImageInput(InputModel):
    model_config = ConfigDict(populate_by_name=True)
    prompt: Annotated[StrictStr, Field(min_length=1, title="Prompt")]
    negative_prompt: Annotated[
        StrictStr | None,
        Field(json_schema_extra={"x-runcomfy-not-null": True}, title="Negative prompt"),
    ] = None
    width: Annotated[StrictInt, Field(ge=512, le=2048, multiple_of=64, title="Width")] = 1024
    height: Annotated[StrictInt, Field(ge=512, le=2048, multiple_of=64, title="Height")] = 1024
    num_images: Annotated[StrictInt, Field(ge=1, le=4, title="Number of images")] = 1
    num_inference_steps: Annotated[StrictInt, Field(ge=1, le=100, title="Steps")] = 30
    guidance_scale: Annotated[StrictFloat, Field(gt=0.0, le=30.0, title="CFG scale")] = 7.5
    scheduler: Annotated[Scheduler, Field(title="Scheduler")] = Scheduler.DPM_PLUS_PLUS_2_M_KARRAS
    enable_safety_checker: Annotated[StrictBool, Field(title="Safety checker")] = True
    loras: Annotated[
        list[Lora] | None,
        Field(
            description="Up to three LoRA weights to apply.",
            json_schema_extra={"x-runcomfy-not-null": True},
            max_length=3,
            title="LoRAs",
        ),
    ] = None

    @field_validator("negative_prompt", "scheduler", "loras", mode="before", check_fields=False)
    @classmethod
    def _check_json_types(cls, value: Any, info: ValidationInfo) -> Any:
        return super()._check_json_types(value, info)

    @field_validator("negative_prompt", "loras", mode="after", check_fields=False)
    @classmethod
    def _check_validations(cls, value: Any, info: ValidationInfo) -> Any:
        return super()._check_validations(value, info)


class TextToImageOutput(OutputModel):
    model_config = ConfigDict(populate_by_name=True, arbitrary_types_allowed=True)
    image: Annotated[Uri | None, Field(description="Single image URL")] = None
    images: Annotated[list[Uri] | None, Field(description="Multiple image URLs")] = None


SchedulerValue: TypeAlias = (
    Scheduler | Literal["DDIM", "DPM++ 2M", "DPM++ 2M Karras", "Euler a", "K_EULER"]
)

LoraParams = TypedDict(
    "LoraParams",
    {
        "path": Required[Uri],
        "scale": NotRequired[float],
    },
)
"""``Lora`` (an object in the input of ``stability/sdxl/text-to-image``) as a dict keyed by the schema's wire names."""

TextToImageParams = TypedDict(
    "TextToImageParams",
    {
        "prompt": Required[str],
        "negative_prompt": NotRequired[str],
        "width": NotRequired[int],
        "height": NotRequired[int],
        "num_images": NotRequired[int],
        "num_inference_steps": NotRequired[int],
        "guidance_scale": NotRequired[float],
        "scheduler": NotRequired[SchedulerValue],
        "enable_safety_checker": NotRequired[bool],
        "loras": NotRequired[list[Lora | LoraParams]],
    },
)
"""The input of ``stability/sdxl/text-to-image`` (``TextToImageInput``) as a dict keyed by the schema's wire names."""


class TextToImage(SyncModelResource[TextToImageInput, TextToImageOutput]):
    """RunComfy model ``stability/sdxl/text-to-image``.

    Client-side rules (``validations``) are checked on data URIs before any request; URLs are checked by the server.
    """

    model_id: ClassVar[str] = "stability/sdxl/text-to-image"
    input_model: ClassVar[type[TextToImageInput]] = TextToImageInput
    output_model: ClassVar[type[TextToImageOutput]] = TextToImageOutput

    @overload
    def submit(
        self, payload: TextToImageInput | TextToImageParams, /
    ) -> Job[TextToImageOutput]: ...
    @overload
    def submit(
        self,
        *,
        prompt: str,
        negative_prompt: str | None = None,
        width: int = 1024,
        height: int = 1024,
        num_images: int = 1,
        num_inference_steps: int = 30,
        guidance_scale: float = 7.5,
        scheduler: SchedulerValue = Scheduler.DPM_PLUS_PLUS_2_M_KARRAS,
        enable_safety_checker: bool = True,
        loras: list[Lora] | None = None,
    ) -> Job[TextToImageOutput]: ...
    def submit(self, *args: Any, **kwargs: Any) -> Job[TextToImageOutput]:
        """Submit a job and return its handle at once.

        Pass either one positional payload, a ``TextToImageInput`` or a ``TextToImageParams`` dict keyed by the schema's wire names (a mapping loaded from JSON works too), or keyword arguments. A keyword left out is not sent; the server applies its default.

        Fields:
        prompt (str, required): Prompt
        negative_prompt (str | None, default None): Negative prompt
        width (int, default 1024): Width
        height (int, default 1024): Height
        num_images (int, default 1): Number of images
        num_inference_steps (int, default 30): Steps
        guidance_scale (float, default 7.5): CFG scale
        scheduler (SchedulerValue, default Scheduler.DPM_PLUS_PLUS_2_M_KARRAS): Scheduler
        enable_safety_checker (bool, default True): Safety checker
        loras (list[Lora] | None, default None): LoRAs Up to three LoRA weights to apply.
        """
        return self._submit(args, kwargs)

    @overload
    def run(
        self,
        payload: TextToImageInput | TextToImageParams,
        /,
        *,
        timeout: float | None = 600.0,
        on_update: Callable[[JobStatus], object] | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
    ) -> TextToImageOutput: ...
    @overload
    def run(
        self,
        *,
        prompt: str,
        negative_prompt: str | None = None,
        width: int = 1024,
        height: int = 1024,
        num_images: int = 1,
        num_inference_steps: int = 30,
        guidance_scale: float = 7.5,
        scheduler: SchedulerValue = Scheduler.DPM_PLUS_PLUS_2_M_KARRAS,
        enable_safety_checker: bool = True,
        loras: list[Lora] | None = None,
        timeout: float | None = 600.0,
        on_update: Callable[[JobStatus], object] | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
    ) -> TextToImageOutput: ...
    def run(
        self,
        *args: Any,
        timeout: float | None = 600.0,
        on_update: Callable[[JobStatus], object] | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
        **kwargs: Any,
    ) -> TextToImageOutput:
        """Submit a job, wait for it and return its typed output.

        Pass either one positional payload, a ``TextToImageInput`` or a ``TextToImageParams`` dict keyed by the schema's wire names (a mapping loaded from JSON works too), or keyword arguments. A keyword left out is not sent; the server applies its default.

        Fields:
        prompt (str, required): Prompt
        negative_prompt (str | None, default None): Negative prompt
        width (int, default 1024): Width
        height (int, default 1024): Height
        num_images (int, default 1): Number of images
        num_inference_steps (int, default 30): Steps
        guidance_scale (float, default 7.5): CFG scale
        scheduler (SchedulerValue, default Scheduler.DPM_PLUS_PLUS_2_M_KARRAS): Scheduler
        enable_safety_checker (bool, default True): Safety checker
        loras (list[Lora] | None, default None): LoRAs Up to three LoRA weights to apply.

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


class AsyncTextToImage(AsyncModelResource[TextToImageInput, TextToImageOutput]):
    """RunComfy model ``stability/sdxl/text-to-image``.

    Client-side rules (``validations``) are checked on data URIs before any request; URLs are checked by the server.
    """

    model_id: ClassVar[str] = "stability/sdxl/text-to-image"
    input_model: ClassVar[type[TextToImageInput]] = TextToImageInput
    output_model: ClassVar[type[TextToImageOutput]] = TextToImageOutput

    @overload
    async def submit(
        self, payload: TextToImageInput | TextToImageParams, /
    ) -> AsyncJob[TextToImageOutput]: ...
    @overload
    async def submit(
        self,
        *,
        prompt: str,
        negative_prompt: str | None = None,
        width: int = 1024,
        height: int = 1024,
        num_images: int = 1,
        num_inference_steps: int = 30,
        guidance_scale: float = 7.5,
        scheduler: SchedulerValue = Scheduler.DPM_PLUS_PLUS_2_M_KARRAS,
        enable_safety_checker: bool = True,
        loras: list[Lora] | None = None,
    ) -> AsyncJob[TextToImageOutput]: ...
    async def submit(self, *args: Any, **kwargs: Any) -> AsyncJob[TextToImageOutput]:
        """Submit a job and return its handle at once.

        Pass either one positional payload, a ``TextToImageInput`` or a ``TextToImageParams`` dict keyed by the schema's wire names (a mapping loaded from JSON works too), or keyword arguments. A keyword left out is not sent; the server applies its default.

        Fields:
        prompt (str, required): Prompt
        negative_prompt (str | None, default None): Negative prompt
        width (int, default 1024): Width
        height (int, default 1024): Height
        num_images (int, default 1): Number of images
        num_inference_steps (int, default 30): Steps
        guidance_scale (float, default 7.5): CFG scale
        scheduler (SchedulerValue, default Scheduler.DPM_PLUS_PLUS_2_M_KARRAS): Scheduler
        enable_safety_checker (bool, default True): Safety checker
        loras (list[Lora] | None, default None): LoRAs Up to three LoRA weights to apply.
        """
        return await self._submit(args, kwargs)

    @overload
    async def run(
        self,
        payload: TextToImageInput | TextToImageParams,
        /,
        *,
        timeout: float | None = 600.0,
        on_update: Callable[[JobStatus], object] | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
    ) -> TextToImageOutput: ...
    @overload
    async def run(
        self,
        *,
        prompt: str,
        negative_prompt: str | None = None,
        width: int = 1024,
        height: int = 1024,
        num_images: int = 1,
        num_inference_steps: int = 30,
        guidance_scale: float = 7.5,
        scheduler: SchedulerValue = Scheduler.DPM_PLUS_PLUS_2_M_KARRAS,
        enable_safety_checker: bool = True,
        loras: list[Lora] | None = None,
        timeout: float | None = 600.0,
        on_update: Callable[[JobStatus], object] | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
    ) -> TextToImageOutput: ...
    async def run(
        self,
        *args: Any,
        timeout: float | None = 600.0,
        on_update: Callable[[JobStatus], object] | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
        **kwargs: Any,
    ) -> TextToImageOutput:
        """Submit a job, wait for it and return its typed output.

        Pass either one positional payload, a ``TextToImageInput`` or a ``TextToImageParams`` dict keyed by the schema's wire names (a mapping loaded from JSON works too), or keyword arguments. A keyword left out is not sent; the server applies its default.

        Fields:
        prompt (str, required): Prompt
        negative_prompt (str | None, default None): Negative prompt
        width (int, default 1024): Width
        height (int, default 1024): Height
        num_images (int, default 1): Number of images
        num_inference_steps (int, default 30): Steps
        guidance_scale (float, default 7.5): CFG scale
        scheduler (SchedulerValue, default Scheduler.DPM_PLUS_PLUS_2_M_KARRAS): Scheduler
        enable_safety_checker (bool, default True): Safety checker
        loras (list[Lora] | None, default None): LoRAs Up to three LoRA weights to apply.

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
