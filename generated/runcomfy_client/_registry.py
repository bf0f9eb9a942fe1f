# generated from schemas/ (templates/_registry.py.j2) by runcomfy-codegen; do not edit
"""Every model of this package, by id. Naming a model here imports nothing."""

from __future__ import annotations

from runcomfy_client._registry_types import ModelEntry

__all__ = ["MODELS"]

MODELS: dict[str, ModelEntry] = {
    "blackforestlabs/flux-1-kontext/pro/edit": ModelEntry(
        model_id="blackforestlabs/flux-1-kontext/pro/edit",
        module="runcomfy_client.models.blackforestlabs.flux_1_kontext.pro.edit",
        input_class="EditInput",
        output_class="EditOutput",
        resource_class="Edit",
        async_resource_class="AsyncEdit",
        attr_path=("blackforestlabs", "flux_1_kontext", "pro", "edit"),
        summary="",
        display_name="",
        categories=(),
        price_unit="",
        output_kind="image",
    ),
    "stability/sdxl/text-to-image": ModelEntry(
        model_id="stability/sdxl/text-to-image",
        module="runcomfy_client.models.stability.sdxl.text_to_image",
        input_class="TextToImageInput",
        output_class="TextToImageOutput",
        resource_class="TextToImage",
        async_resource_class="AsyncTextToImage",
        attr_path=("stability", "sdxl", "text_to_image"),
        summary="",
        display_name="",
        categories=(),
        price_unit="",
        output_kind="image",
    ),
    "wan-ai/wan-2-6/image-to-image": ModelEntry(
        model_id="wan-ai/wan-2-6/image-to-image",
        module="runcomfy_client.models.wan_ai.wan_2_6.image_to_image",
        input_class="ImageToImageInput",
        output_class="ImageToImageOutput",
        resource_class="ImageToImage",
        async_resource_class="AsyncImageToImage",
        attr_path=("wan_ai", "wan_2_6", "image_to_image"),
        summary="",
        display_name="",
        categories=(),
        price_unit="",
        output_kind="image",
    ),
    "wan-ai/wan-2-6/image-to-video": ModelEntry(
        model_id="wan-ai/wan-2-6/image-to-video",
        module="runcomfy_client.models.wan_ai.wan_2_6.image_to_video",
        input_class="ImageToVideoInput",
        output_class="ImageToVideoOutput",
        resource_class="ImageToVideo",
        async_resource_class="AsyncImageToVideo",
        attr_path=("wan_ai", "wan_2_6", "image_to_video"),
        summary="",
        display_name="",
        categories=(),
        price_unit="",
        output_kind="video",
    ),
}
