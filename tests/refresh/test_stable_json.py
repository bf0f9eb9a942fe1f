"""Schema files are written the one stable way."""

from __future__ import annotations

import json

from refresh_support import SEED

from generator.catalog.schema_io import json_text, schema_text


def test_schema_text_keeps_property_order_and_sorts_everything_else() -> None:
    schema = {
        "type": "object",
        "title": "t",
        "properties": {
            "zeta": {"type": "string", "title": "z"},
            "alpha": {"title": "a", "type": "integer"},
        },
    }
    text = schema_text(schema)
    assert list(json.loads(text)["properties"]) == ["zeta", "alpha"]
    assert list(json.loads(text)) == ["properties", "title", "type"]
    assert list(json.loads(text)["properties"]["alpha"]) == ["title", "type"]


def test_schema_text_is_two_space_indented_utf8_with_one_trailing_newline() -> None:
    text = schema_text(SEED)
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert '\n  "properties": {' in text
    assert "提示词" in text


def test_schema_text_of_reordered_keys_is_byte_identical() -> None:
    shuffled = {key: SEED[key] for key in reversed(list(SEED))}
    assert schema_text(shuffled) == schema_text(SEED)


def test_schema_text_keeps_enum_and_validation_order() -> None:
    schema = {
        "type": "string",
        "enum": ["b", "a"],
        "validations": [{"validation_rule": "z<"}, {"validation_rule": "a>"}],
    }
    data = json.loads(schema_text(schema))
    assert data["enum"] == ["b", "a"]
    assert [v["validation_rule"] for v in data["validations"]] == ["z<", "a>"]


def test_a_property_named_properties_inside_data_is_not_treated_as_schema() -> None:
    # `default` is data: its keys are sorted like any data, whatever their names.
    schema = {"type": "object", "default": {"properties": {"b": 1, "a": 2}}}
    assert list(json.loads(schema_text(schema))["default"]["properties"]) == ["a", "b"]


def test_output_wrapper_keeps_output_property_order() -> None:
    wrapped = {
        "output": {
            "type": "object",
            "properties": {"video": {"type": "string"}, "image": {"type": "string"}},
        }
    }
    assert list(json.loads(schema_text(wrapped))["output"]["properties"]) == ["video", "image"]


def test_json_text_sorts_all_keys() -> None:
    assert (
        json_text({"b": {"d": 1, "c": 2}, "a": 0})
        == '{\n  "a": 0,\n  "b": {\n    "c": 2,\n    "d": 1\n  }\n}\n'
    )
