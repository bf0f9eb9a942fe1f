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
from generator.pipeline.schema_checks import closed_objects

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
    "one_fraction": {"type": "number", "enum": [1.5]},
    "const_fraction": {"const": -2.5},
    "mixed_fraction": {"enum": [1.5, "a"]},
    "enum_or_bounded": {"anyOf": [{"enum": ["a", "b"]}, {"type": "integer", "minimum": 5}]},
    "untyped_pattern": {"pattern": "^abc$", "maxLength": 4},
    "no_keys_listed": {"type": "array", "items": {"type": "object", "properties": {}}},
    "flag": {"type": "boolean"},
    "count": {"type": "integer", "maximum": 5},
    "zero_or_bool": {"anyOf": [{"enum": [0]}, {"type": "boolean"}]},
    "true_or_int": {"anyOf": [{"const": True}, {"type": "integer"}]},
    "fraction_or_true": {"enum": [2.5, True]},
    "anything_or_true": {"anyOf": [{}, {"enum": [425, True]}]},
    "step_tenth": {"type": "number", "multipleOf": 0.1},
    "step_two_untyped": {"multipleOf": 2},
    "closed_or_text": {
        "anyOf": [{"type": "object", "additionalProperties": False}, {"type": "string"}]
    },
}
SCHEMA = {"type": "object", "properties": PROPERTIES, "required": ["tags"]}
OUTPUT = {
    "type": "object",
    "properties": {
        "url": {"type": "string"},
        "tags": {"type": "array", "default": [], "description": "with a default"},
        "either": {"anyOf": [{"type": "string"}, {"type": "integer"}], "default": 1},
    },
}
BASE = {"tags": ["a"]}


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Iterator[type[pydantic.BaseModel]]:
    root = tmp_path_factory.mktemp("exact")
    write_schemas(root / "schemas", {"acme/exact": (SCHEMA, OUTPUT)})
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
    """The model's verdict on each value of one property; jsonschema must say the same (on the
    schema as input models read it: objects that list their properties take no other key)."""
    validator = Draft7Validator(closed_objects(PROPERTIES[name]), format_checker=format_checker())
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


def test_an_enum_left_with_one_fractional_number_keeps_it(
    model: type[pydantic.BaseModel],
) -> None:
    # The library makes a one-member enum a Literal, which cannot hold a float: it once dropped
    # the enum (any number passed), alone or beside members of other types.
    assert verdicts(model, "one_fraction", [1.5, 1.0, 2, 1.4]) == [True, False, False, False]
    assert verdicts(model, "const_fraction", [-2.5, -2, "x"]) == [True, False, False]
    values = ["a", 1.5, 1, "b", 2.5]
    assert verdicts(model, "mixed_fraction", values) == [True, True, False, False, False]


def test_an_enum_beside_a_constrained_branch_takes_both(model: type[pydantic.BaseModel]) -> None:
    # The constrained branch is a class of its own (a RootModel): the enum check once read it as
    # an object and refused every number.
    values = ["a", 7, 4, "c", 7.5]
    assert verdicts(model, "enum_or_bounded", values) == [True, True, False, False, False]


def test_a_pattern_in_a_branch_of_its_own_is_read_like_jsonschema(
    model: type[pydantic.BaseModel],
) -> None:
    values = ["abc\n", "abc", "abd", 5]
    assert verdicts(model, "untyped_pattern", values) == [True, True, False, True]


def test_objects_that_take_no_key_refuse_keys_in_lists_and_unions(
    model: type[pydantic.BaseModel],
) -> None:
    # The library bounds such a mapping's length on a field only: in a list or a union it once
    # took any key.
    values = [[{}], [{"x": 1}], [{}, {"y": None}]]
    assert verdicts(model, "no_keys_listed", values) == [True, False, False]
    assert verdicts(model, "closed_or_text", [{}, {"a": 1}, "s", 1]) == [True, False, True, False]


def test_multiple_of_is_computed_like_jsonschema_not_within_a_rounding_error(
    model: type[pydantic.BaseModel],
) -> None:
    # pydantic's own check forgives rounding errors: 0.3 passed a step of 0.1, 1e-300 one of 2.
    values = [0.5, 0.3, 0.30000000000000004, 1e-17, 2]
    assert verdicts(model, "step_tenth", values) == [True, False, False, False, True]
    values = [4, 4.0, 1e-300, "x", 3]
    assert verdicts(model, "step_two_untyped", values) == [True, True, False, True, False]


def test_types_stay_strict_in_a_module_whose_classes_were_renamed(
    model: type[pydantic.BaseModel],
) -> None:
    # `Job` above is renamed (the runtime's class): the renaming once made every type of the
    # module lax (`bool` took 1 and 1.0, `int` took "3").
    assert "JobModel" in vars(__import__(model.__module__, fromlist=["x"]))
    assert verdicts(model, "flag", [True, 1, 1.0, "true", 0]) == [True, False, False, False, False]
    assert verdicts(model, "count", [3, "3", True, 6]) == [True, False, False, False]


def test_a_boolean_is_sent_as_a_boolean_beside_an_integer_enum(
    model: type[pydantic.BaseModel],
) -> None:
    # pydantic's Literal[0] takes False (and Literal[True] takes 1): the client once sent 0 for
    # False. Each value must come out as the JSON value it went in as.
    for name, values in (
        ("zero_or_bool", [False, True, 0]),
        ("true_or_int", [True, 1, 0]),
        ("anything_or_true", [1, True, 425]),  # a branch that takes anything: a union of Any
    ):
        assert verdicts(model, name, values) == [True, True, True]
        for value in values:
            sent = model.model_validate({**BASE, name: value}).model_dump(
                mode="json", by_alias=True, exclude_unset=True
            )[name]
            assert sent == value and type(sent) is type(value), (name, value, sent)


def test_a_number_is_never_taken_as_an_equal_boolean_member(
    model: type[pydantic.BaseModel],
) -> None:
    # 1 fails the number branch; pydantic's Literal[True] then took it (1 == True) and sent true.
    values = [2.5, True, 1, 1.0, False]
    assert verdicts(model, "fraction_or_true", values) == [True, True, False, False, False]


def test_optional_outputs_with_a_default_read_null_too(model: type[pydantic.BaseModel]) -> None:
    # Optional outputs read null as absent (README); one with a default once refused it.
    from runcomfy_client._registry import MODELS

    output = MODELS["acme/exact"].output_model()
    for payload in ({"tags": None}, {"either": None}, {"url": None}, {"tags": [1], "either": "x"}):
        output.model_validate(payload)
    for bad in ({"tags": "x"}, {"either": 1.5}):
        with pytest.raises(pydantic.ValidationError):
            output.model_validate(bad)


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
