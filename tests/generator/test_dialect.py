"""RunComfy's dialect rewritten into standard JSON Schema, and what parse makes of it."""

from __future__ import annotations

from pathlib import Path

from generator_support import FIXTURES

from generator.pipeline.dialect import normalise_input, normalise_output
from generator.pipeline.schemas import load_specs


def test_float_type_becomes_number() -> None:
    schema, notes = normalise_input({"type": "object", "properties": {"x": {"type": "float"}}}, "f")
    assert schema["properties"]["x"]["type"] == "number"
    assert notes == []


def test_plural_format_without_items_gets_typed_items() -> None:
    schema, _ = normalise_input(
        {"type": "object", "properties": {"x": {"type": "array", "format": "image_uris"}}}, "f"
    )
    assert schema["properties"]["x"] == {
        "type": "array",
        "items": {"type": "string", "format": "image_uri"},
    }


def test_plural_format_keeps_existing_items_schema() -> None:
    prop = {"type": "array", "format": "video_uris", "items": {"type": "string", "maxLength": 9}}
    schema, _ = normalise_input({"type": "object", "properties": {"x": prop}}, "f")
    assert schema["properties"]["x"]["items"] == {
        "type": "string",
        "maxLength": 9,
        "format": "video_uri",
    }


def test_required_naming_no_property_is_dropped_with_a_warning() -> None:
    schema, notes = normalise_input(
        {"type": "object", "required": ["a", "ghost"], "properties": {"a": {"type": "string"}}},
        "schemas/x/y/input.json",
    )
    assert schema["required"] == ["a"]
    assert [n.format() for n in notes] == [
        "schemas/x/y/input.json: /required/1: warning: 'required' names 'ghost', which is not a "
        "property; ignored (fix the schema or ask RunComfy which property is meant)"
    ]


def test_output_wrapper_is_unwrapped_and_whole_schema_accepted() -> None:
    inner = {"type": "object", "properties": {"image": {"type": "string", "format": "uri"}}}
    assert normalise_output({"output": inner}, "f")[0] == inner
    assert normalise_output(inner, "f")[0] == inner


def test_input_is_not_modified() -> None:
    raw = {"type": "object", "properties": {"x": {"type": "float"}}}
    normalise_input(raw, "f")
    assert raw["properties"]["x"]["type"] == "float"


def test_messy_catalog_parses_with_warnings_not_errors() -> None:
    specs, warnings = load_specs(FIXTURES / "messy")
    ids = [s.model_id for s in specs]
    assert ids == [
        "acestep-ai/ace-step-1.5/text-to-audio",
        "bytedance/seedream-5.0-pro/image-to-image",
        "kling/v3/pro/multi/elements",
        "tiny/model",
    ]
    messages = "\n".join(w.format() for w in warnings)
    assert "unknown validation rule 'exif_orientation='" in messages
    assert "'required' names 'image_urls'" in messages
    seedream = specs[1]
    assert seedream.module == "runcomfy_client.models.bytedance.seedream_5_0_pro.image_to_image"
    rules = {(r.rule, r.checked_by) for f in seedream.fields for r in f.rules}
    assert ("file_size_mb<", "client") in rules
    assert ("exif_orientation=", "server") in rules


def test_seed_schema_is_read_unchanged(tmp_path: Path) -> None:
    specs, _ = load_specs(Path(__file__).resolve().parents[2] / "schemas")
    seed = next(s for s in specs if s.model_id == "wan-ai/wan-2-6/image-to-image")
    assert [f.wire_name for f in seed.fields] == [
        "prompt",
        "image_urls",
        "negative_prompt",
        "image_size",
        "seed",
        "prompt_extend",
    ]
    assert seed.input_class == "ImageToImageInput"
    assert set(seed.output_schema["properties"]) == {"image", "video", "images", "videos"}
