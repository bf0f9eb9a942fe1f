"""Names derived from RunComfy ids, property names and enum values."""

from __future__ import annotations

import keyword

import pytest

from generator.pipeline.naming import class_stem, enum_member_names, field_name, module_segment
from generator.pipeline.parse import python_paths


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        ("wan-ai", "wan_ai"),
        ("wan-2-6", "wan_2_6"),
        ("seedream-5.0-pro", "seedream_5_0_pro"),
        ("ace-step-1.5", "ace_step_1_5"),
        ("1080p", "v1080p"),
        ("import", "import_"),
        ("FLUX-1-Kontext", "flux_1_kontext"),
    ],
)
def test_module_segment_is_a_readable_identifier(segment: str, expected: str) -> None:
    assert module_segment(segment) == expected


def test_class_stem_comes_from_the_last_segment_of_the_id() -> None:
    assert class_stem("wan-ai/wan-2-6/image-to-image") == "ImageToImage"
    assert class_stem("bytedance/seedance-2.5/image-to-video/1080p") == "M1080p"


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("prompt", "prompt"),
        ("class", "class_"),
        ("from", "from_"),
        ("1st", "field_1st"),
        ("a-b", "a_b"),
        ("imageURL", "image_url"),
        ("json", "json_"),
        ("self", "self_"),
        ("timeout", "timeout_"),
        ("model_config", "model_config_"),
        ("中文", "field"),
    ],
)
def test_field_name_is_valid_and_avoids_reserved_names(wire: str, expected: str) -> None:
    name = field_name(wire)
    assert name == expected
    assert name.isidentifier() and not keyword.iskeyword(name)


def test_enum_member_names_are_readable() -> None:
    values: list[object] = ["1024*1024 (1:1)", "16:9", "DPM++ 2M Karras", "720p", "auto", "5", ""]
    assert enum_member_names(values) == [
        "W1024_H1024",
        "RATIO_16_9",
        "DPM_PLUS_PLUS_2M_KARRAS",
        "V720P",
        "AUTO",
        "V5",
        "EMPTY",
    ]


def test_enum_member_names_for_integers_and_unreadable_values() -> None:
    assert enum_member_names([5, 10, -1]) == ["VALUE_5", "VALUE_10", "VALUE_MINUS_1"]
    assert enum_member_names(["中文", "日本"]) == ["VALUE_1", "VALUE_2"]


def test_enum_member_names_stay_unique() -> None:
    names = enum_member_names(["a b", "a-b", "A_B"])
    assert names == ["A_B", "A_B_2", "A_B_3"]


def test_python_paths_flatten_a_model_nested_under_another() -> None:
    paths = python_paths(
        [
            "x/seedance-2.5/image-to-video",
            "x/seedance-2.5/image-to-video/1080p",
            "wan-ai/wan-2-6/t2v",
        ]
    )
    assert paths["x/seedance-2.5/image-to-video"] == ("x", "seedance_2_5", "image_to_video")
    assert paths["x/seedance-2.5/image-to-video/1080p"] == (
        "x",
        "seedance_2_5",
        "image_to_video_v1080p",
    )
    assert paths["wan-ai/wan-2-6/t2v"] == ("wan_ai", "wan_2_6", "t2v")
