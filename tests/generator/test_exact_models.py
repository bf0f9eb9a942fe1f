"""The generated model accepts exactly what its schema accepts: one test per class of bug found.

One model holds a property per class; each test gives values to both judges (the generated
model, and jsonschema on the property's own schema) and expects the same verdict from both.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydantic
import pytest
from generator_support import generate_cli, imported_from, write_schemas
from jsonschema import Draft7Validator

from generator.pipeline.formats import format_checker

PROPERTIES: dict[str, Any] = {
    "tags": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}},
    "tags_default": {
        "type": "array",
        "items": {"type": "string", "enum": ["a", "b"]},
        "default": ["a"],
    },
    "nested_tags": {
        "type": "array",
        "items": {"type": "array", "items": {"type": "integer", "enum": [1, 2]}},
    },
    "nullable_enum": {"type": ["string", "null"], "enum": ["a", "b"]},
    "mixed": {"enum": [1, "a", None, True]},
    "untyped_bounds": {"minimum": 5, "maximum": 9},
    "untyped_format": {"format": "image_uri"},
    "typed_list": {"type": ["string", "integer"], "minimum": 3, "maxLength": 2},
    "one_of": {"oneOf": [{"type": "string", "maxLength": 3}, {"type": "integer"}]},
    "negatives": {"enum": [-1, -2]},
    "around_zero": {"type": "integer", "enum": [-1, 0, 1]},
    "fractions": {"type": "number", "enum": [1.5, 2]},
    "anchored": {"type": "string", "pattern": "^abc$"},
    "email": {"type": "string", "format": "email", "description": "Where to write"},
    "OutputModel": {"type": "string", "enum": ["x", "y"]},
    "Job": {"type": "object", "properties": {"kind": {"enum": ["k"]}}},
    "nested": {
        "type": "object",
        "properties": {
            "n": {"type": "integer"},
            "deep": {"type": "object", "properties": {"s": {"type": "string"}}},
            "maybe": {"type": ["string", "null"]},
        },
    },
    "rows": {"type": "array", "items": {"type": "object", "properties": {"k": {"type": "string"}}}},
}
SCHEMA = {"type": "object", "properties": PROPERTIES, "required": ["tags"]}
BASE = {"tags": ["a"]}


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Iterator[type[pydantic.BaseModel]]:
    root = tmp_path_factory.mktemp("exact")
    write_schemas(root / "schemas", {"acme/exact": SCHEMA})
    code, err = generate_cli(root / "schemas", root / "out")
    assert code == 0, err
    with imported_from(root / "out"):
        from runcomfy_client._registry import MODELS

        yield MODELS["acme/exact"].input_model()


def _model_accepts(model: type[pydantic.BaseModel], payload: dict[str, Any]) -> bool:
    try:
        model.model_validate(payload, by_alias=True, by_name=False)
    except pydantic.ValidationError:
        return False
    return True


def verdicts(model: type[pydantic.BaseModel], name: str, values: list[Any]) -> list[bool]:
    """The model's verdict on each value of one property; jsonschema must say the same."""
    validator = Draft7Validator(PROPERTIES[name], format_checker=format_checker())
    found = []
    for value in values:
        payload = {**BASE, name: value} if name != "tags" else {name: value}
        accepted = _model_accepts(model, payload)
        assert accepted == validator.is_valid(value), f"{name}={value!r}: the judges disagree"
        found.append(accepted)
    return found


def test_a_required_array_of_enum_values_takes_its_members(model: type[pydantic.BaseModel]) -> None:
    assert verdicts(model, "tags", [["a"], ["a", "b"], [], ["c"], "a", [1]]) == [
        True, True, True, False, False, False,
    ]  # fmt: skip


def test_an_array_of_enum_values_takes_its_own_default(model: type[pydantic.BaseModel]) -> None:
    assert verdicts(model, "tags_default", [["a"], ["b", "a"], ["x"]]) == [True, True, False]
    assert model.model_fields["tags_default"].default is not None


def test_enums_deep_in_lists_refuse_look_alikes(model: type[pydantic.BaseModel]) -> None:
    values = [[[1, 2]], [[]], [["1"]], [[True]], [[3]], [1]]
    assert verdicts(model, "nested_tags", values) == [True, True, False, False, False, False]


def test_null_beside_an_enum_that_lacks_it_is_refused(model: type[pydantic.BaseModel]) -> None:
    assert verdicts(model, "nullable_enum", ["a", None, "c"]) == [True, False, False]


def test_a_mixed_type_enum_takes_exactly_its_members(model: type[pydantic.BaseModel]) -> None:
    values = [1, "a", None, True, "1", False, 2, "A", 0]
    assert verdicts(model, "mixed", values) == [
        True,
        True,
        True,
        True,
        False,
        False,
        False,
        False,
        False,
    ]


def test_bounds_without_a_type_apply_to_numbers_only(model: type[pydantic.BaseModel]) -> None:
    values = [5, 9, 7.5, 4, 10, "x", True, None, [], {"a": 1}]
    assert verdicts(model, "untyped_bounds", values) == [
        True, True, True, False, False, True, True, True, True, True,
    ]  # fmt: skip


def test_a_format_without_a_type_applies_to_strings_only(model: type[pydantic.BaseModel]) -> None:
    values = ["https://x.test/a.png", "not a url", 5, None]
    assert verdicts(model, "untyped_format", values) == [True, False, True, True]


def test_keywords_of_a_type_list_apply_to_their_own_type(model: type[pydantic.BaseModel]) -> None:
    values = ["ab", "abc", 3, 2, 3.5, None]
    assert verdicts(model, "typed_list", values) == [True, False, True, False, False, False]


def test_exclusive_one_of_branches_are_modelled(model: type[pydantic.BaseModel]) -> None:
    assert verdicts(model, "one_of", ["abc", "abcd", 4, 4.5, None]) == [
        True,
        False,
        True,
        False,
        False,
    ]


def test_negative_numeric_enums_keep_every_member(model: type[pydantic.BaseModel]) -> None:
    assert verdicts(model, "negatives", [-1, -2, 1, "-1"]) == [True, True, False, False]
    assert verdicts(model, "around_zero", [-1, 0, 1, 2, False]) == [True, True, True, False, False]
    module = __import__(model.__module__, fromlist=["x"])
    aliases = [v for n, v in vars(module).items() if n.endswith("Value")]
    members = {
        m for alias in aliases for arg in typing.get_args(alias) for m in typing.get_args(arg)
    }
    assert {-1, -2, 0, 1} <= members, "the typed aliases lost a negative member"


def test_a_number_enum_with_fractions_takes_whole_and_fractional_members(
    model: type[pydantic.BaseModel],
) -> None:
    assert verdicts(model, "fractions", [1.5, 2, 2.0, 3, True, "2"]) == [
        True, True, True, False, False, False,
    ]  # fmt: skip


def test_patterns_are_read_by_pythons_engine_like_jsonschema(
    model: type[pydantic.BaseModel],
) -> None:
    # Rust's regex engine reads `$` as the very end; Python's (and jsonschema's) also before a
    # final newline.
    assert verdicts(model, "anchored", ["abc", "abc\n", "abcd"]) == [True, True, False]


def test_formats_needing_other_packages_are_plain_strings(model: type[pydantic.BaseModel]) -> None:
    assert verdicts(model, "email", ["a@b.example", "not an address"]) == [True, True]
    module = __import__(model.__module__, fromlist=["x"])
    resource = next(v for n, v in vars(module).items() if n == "Exact")
    assert "format 'email' is not checked by the client" in (resource.submit.__doc__ or "")


def test_properties_named_like_runtime_classes_import_and_work(
    model: type[pydantic.BaseModel],
) -> None:
    assert verdicts(model, "OutputModel", ["x", "z"]) == [True, False]
    assert verdicts(model, "Job", [{"kind": "k"}, {"kind": "j"}]) == [True, False]


def test_fields_of_nested_objects_take_null_only_where_the_schema_does(
    model: type[pydantic.BaseModel],
) -> None:
    # Every level, not only the top one: an optional field is left out, never sent as null.
    nested = [{"n": 1, "deep": {"s": "x"}, "maybe": None}, {"n": None}, {"deep": None}]
    nested += [{"deep": {"s": None}}, {"maybe": "x"}]
    assert verdicts(model, "nested", nested) == [True, False, False, False, True]
    rows = [[{"k": "a"}, {}], [{"k": None}], [None], None]
    assert verdicts(model, "rows", rows) == [True, False, False, False]


def test_an_empty_enum_is_a_diagnostic_not_a_model_that_takes_anything(tmp_path: Path) -> None:
    write_schemas(
        tmp_path / "schemas", {"acme/m": {"type": "object", "properties": {"a": {"enum": []}}}}
    )
    code, err = generate_cli(tmp_path / "schemas", tmp_path / "out")
    assert code == 2
    assert "/properties/a: 'enum' is empty, so no value can pass" in err


def test_overlapping_one_of_branches_are_a_diagnostic(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "properties": {"n": {"oneOf": [{"type": "integer"}, {"type": "number"}]}},
    }
    write_schemas(tmp_path / "schemas", {"acme/m": schema})
    code, err = generate_cli(tmp_path / "schemas", tmp_path / "out")
    assert code == 2
    assert "/properties/n: oneOf branches 0 and 1 can both match one value" in err


@pytest.mark.parametrize("pattern", ["(?<name>a)", "\\p{L}", "[", "a**"])
def test_a_pattern_python_cannot_compile_is_a_diagnostic(tmp_path: Path, pattern: str) -> None:
    schema = {"type": "object", "properties": {"p": {"type": "string", "pattern": pattern}}}
    write_schemas(tmp_path / "schemas", {"acme/m": schema})
    code, err = generate_cli(tmp_path / "schemas", tmp_path / "out")
    assert code == 2
    assert "/properties/p/pattern: pattern" in err and "is not a regular expression" in err


@pytest.mark.parametrize(
    "keyword",
    [{"not": {"type": "string"}}, {"if": {"minimum": 1}, "then": {"maximum": 3}},
     {"allOf": [{"minimum": 1}]}, {"type": "array", "contains": {"type": "string"}},
     {"type": "object", "patternProperties": {"^x": {}}}],
)  # fmt: skip
def test_keywords_a_model_cannot_check_are_a_diagnostic(
    tmp_path: Path, keyword: dict[str, Any]
) -> None:
    write_schemas(
        tmp_path / "schemas", {"acme/m": {"type": "object", "properties": {"p": keyword}}}
    )
    code, err = generate_cli(tmp_path / "schemas", tmp_path / "out")
    assert code == 2, err
    assert "/properties/p/" in err and ("not supported" in err or "cannot be checked" in err)
