"""Each kind of schema change is found at the right pointer and classified the right way."""

from __future__ import annotations

from typing import Any

import pytest
from refresh_support import SEED, obj

from generator.diff.changes import Change, ModelSchemas, diff_models, suggested_bump

MODEL = "vendor/model/task"


def changes_between(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str, str]]:
    found = diff_models({MODEL: ModelSchemas(old)}, {MODEL: ModelSchemas(new)})
    return [(c.pointer, c.change, c.cls) for c in found]


def one_field(**schema: Any) -> dict[str, Any]:
    return obj(x=dict(schema))


P = "/input/properties/x"

CASES: list[tuple[str, dict[str, Any], dict[str, Any], list[tuple[str, str, str]]]] = [
    (
        "field removed",
        obj(x={"type": "string"}, y={"type": "string"}),
        obj(x={"type": "string"}),
        [("/input/properties/y", "field removed", "breaking")],
    ),
    ("optional field added", obj(), obj(x={"type": "string"}), [(P, "field added", "compatible")]),
    (
        "required field added",
        obj(),
        obj(("x",), x={"type": "string"}),
        [(P, "required field added", "breaking")],
    ),
    (
        "existing field becomes required",
        obj(x={"type": "string"}),
        obj(("x",), x={"type": "string"}),
        [("/input/required", "required added", "breaking")],
    ),
    (
        "field no longer required",
        obj(("x",), x={"type": "string"}),
        obj(x={"type": "string"}),
        [("/input/required", "required removed", "compatible")],
    ),
    (
        "type changed",
        one_field(type="string"),
        one_field(type="integer"),
        [(P + "/type", "type changed", "breaking")],
    ),
    (
        "integer widened to number",
        one_field(type="integer"),
        one_field(type="number"),
        [(P + "/type", "type widened", "compatible")],
    ),
    (
        "number narrowed to integer",
        one_field(type="number"),
        one_field(type="integer"),
        [(P + "/type", "type narrowed", "breaking")],
    ),
    (
        "enum value removed",
        one_field(type="string", enum=["a", "b"]),
        one_field(type="string", enum=["a"]),
        [(P + "/enum", "enum value removed", "breaking")],
    ),
    (
        "enum value added",
        one_field(type="string", enum=["a"]),
        one_field(type="string", enum=["a", "b"]),
        [(P + "/enum", "enum value added", "compatible")],
    ),
    (
        "maximum lowered",
        one_field(type="integer", maximum=10),
        one_field(type="integer", maximum=5),
        [(P + "/maximum", "bound narrowed", "breaking")],
    ),
    (
        "maximum raised",
        one_field(type="integer", maximum=10),
        one_field(type="integer", maximum=20),
        [(P + "/maximum", "bound widened", "compatible")],
    ),
    (
        "minimum added",
        one_field(type="integer"),
        one_field(type="integer", minimum=0),
        [(P + "/minimum", "bound narrowed", "breaking")],
    ),
    (
        "minimum removed",
        one_field(type="integer", minimum=0),
        one_field(type="integer"),
        [(P + "/minimum", "bound widened", "compatible")],
    ),
    (
        "minimum made exclusive",
        one_field(type="number", minimum=0),
        one_field(type="number", exclusiveMinimum=0),
        [(P + "/exclusiveMinimum", "bound narrowed", "breaking")],
    ),
    (
        "exclusive maximum relaxed",
        one_field(type="number", exclusiveMaximum=1),
        one_field(type="number", maximum=1),
        [(P + "/maximum", "bound widened", "compatible")],
    ),
    (
        "maxLength lowered",
        one_field(type="string", maxLength=100),
        one_field(type="string", maxLength=50),
        [(P + "/maxLength", "bound narrowed", "breaking")],
    ),
    (
        "minLength lowered",
        one_field(type="string", minLength=5),
        one_field(type="string", minLength=1),
        [(P + "/minLength", "bound widened", "compatible")],
    ),
    (
        "minItems raised",
        one_field(type="array", minItems=1),
        one_field(type="array", minItems=2),
        [(P + "/minItems", "bound narrowed", "breaking")],
    ),
    (
        "maxItems raised",
        one_field(type="array", maxItems=4),
        one_field(type="array", maxItems=9),
        [(P + "/maxItems", "bound widened", "compatible")],
    ),
    (
        "multipleOf to a multiple",
        one_field(type="integer", multipleOf=2),
        one_field(type="integer", multipleOf=4),
        [(P + "/multipleOf", "bound narrowed", "breaking")],
    ),
    (
        "multipleOf to a divisor",
        one_field(type="integer", multipleOf=4),
        one_field(type="integer", multipleOf=2),
        [(P + "/multipleOf", "bound widened", "compatible")],
    ),
    (
        "multipleOf unrelated",
        one_field(type="integer", multipleOf=2),
        one_field(type="integer", multipleOf=3),
        [(P + "/multipleOf", "bound changed", "breaking")],
    ),
    (
        "pattern added",
        one_field(type="string"),
        one_field(type="string", pattern="^a"),
        [(P + "/pattern", "pattern changed", "breaking")],
    ),
    (
        "pattern removed",
        one_field(type="string", pattern="^a"),
        one_field(type="string"),
        [(P + "/pattern", "pattern changed", "compatible")],
    ),
    (
        "default changed",
        one_field(type="string", default="a"),
        one_field(type="string", default="b"),
        [(P + "/default", "default changed", "compatible")],
    ),
    (
        "description changed",
        one_field(type="string", description="a"),
        one_field(type="string", description="b"),
        [(P + "/description", "docs changed", "compatible")],
    ),
]

RULE = {"validation_rule": "file_size_mb<", "validation_value": 10, "validation_error": "too big"}
WIDTH = {
    "validation_rule": "width_pixels>",
    "validation_value": 300,
    "validation_error": "too small",
}
CASES += [
    ("validation added", one_field(type="string"), one_field(type="string", validations=[RULE]),
     [(P + "/validations", "validation added", "breaking")]),
    ("validation removed", one_field(type="string", validations=[RULE]), one_field(type="string"),
     [(P + "/validations", "validation removed", "compatible")]),
    ("upper-limit rule lowered", one_field(type="string", validations=[RULE]),
     one_field(type="string", validations=[{**RULE, "validation_value": 5}]),
     [(P + "/validations", "validation narrowed", "breaking")]),
    ("lower-limit rule lowered", one_field(type="string", validations=[WIDTH]),
     one_field(type="string", validations=[{**WIDTH, "validation_value": 100}]),
     [(P + "/validations", "validation widened", "compatible")]),
    ("rule message reworded", one_field(type="string", validations=[RULE]),
     one_field(type="string", validations=[{**RULE, "validation_error": "smaller, please"}]),
     [(P + "/validations", "validation message changed", "compatible")]),
    ("nested object field removed",
     one_field(type="array", items=obj(path={"type": "string"}, scale={"type": "number"})),
     one_field(type="array", items=obj(path={"type": "string"})),
     [(P + "/items/properties/scale", "field removed", "breaking")]),
    ("nested bound narrowed",
     one_field(type="array", items=obj(scale={"type": "number", "maximum": 2})),
     one_field(type="array", items=obj(scale={"type": "number", "maximum": 1})),
     [(P + "/items/properties/scale/maximum", "bound narrowed", "breaking")]),
    ("unclassified keyword", one_field(anyOf=[{"type": "string"}]), one_field(anyOf=[{"type": "integer"}]),
     [(P + "/anyOf", "keyword changed", "breaking")]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_change_is_found_and_classified(
    old: dict[str, Any], new: dict[str, Any], expected: list[tuple[str, str, str]]
) -> None:
    assert changes_between(old, new) == expected


def test_every_change_has_a_one_line_reason() -> None:
    for _, old, new, _ in CASES:
        for change in diff_models({MODEL: ModelSchemas(old)}, {MODEL: ModelSchemas(new)}):
            assert change.reason and "\n" not in change.reason


def test_dialect_spelling_is_not_a_change() -> None:
    dialect = one_field(type="float", maximum=1)
    standard = {"properties": {"x": {"maximum": 1, "type": "number"}}, "type": "object"}
    assert changes_between(dialect, standard) == []


def test_plural_format_and_item_format_are_the_same_schema() -> None:
    plural = one_field(type="array", format="image_uris")
    items = one_field(type="array", items={"type": "string", "format": "image_uri"})
    assert changes_between(plural, items) == []


def test_output_wrapper_and_bare_object_schema_are_the_same() -> None:
    inner = obj(image={"type": "string", "format": "uri"})
    old = {MODEL: ModelSchemas(SEED, {"output": inner})}
    new = {MODEL: ModelSchemas(SEED, inner)}
    assert diff_models(old, new) == []


def test_missing_output_json_means_the_standard_output() -> None:
    from generator.catalog.schema_io import STANDARD_OUTPUT_SCHEMA

    assert (
        diff_models(
            {MODEL: ModelSchemas(SEED)}, {MODEL: ModelSchemas(SEED, STANDARD_OUTPUT_SCHEMA)}
        )
        == []
    )


def test_output_direction_is_reversed() -> None:
    # A result that may now hold a new enum value surprises code written for the old one.
    before = obj(status={"type": "string", "enum": ["ok"]})
    after = obj(status={"type": "string", "enum": ["ok", "partial"]})
    found = diff_models({MODEL: ModelSchemas(SEED, before)}, {MODEL: ModelSchemas(SEED, after)})
    assert [(c.pointer, c.change, c.cls) for c in found] == [
        ("/output/properties/status/enum", "enum value added", "breaking")
    ]


def test_output_field_added_is_compatible_and_removed_is_breaking() -> None:
    one = obj(image={"type": "string"})
    two = obj(image={"type": "string"}, video={"type": "string"})
    added = diff_models({MODEL: ModelSchemas(SEED, one)}, {MODEL: ModelSchemas(SEED, two)})
    removed = diff_models({MODEL: ModelSchemas(SEED, two)}, {MODEL: ModelSchemas(SEED, one)})
    assert [(c.change, c.cls) for c in added] == [("field added", "compatible")]
    assert [(c.change, c.cls) for c in removed] == [("field removed", "breaking")]


def test_models_added_and_removed() -> None:
    found = diff_models({"a/old": ModelSchemas(SEED)}, {"b/new": ModelSchemas(SEED)})
    assert [(c.model_id, c.pointer, c.change, c.cls) for c in found] == [
        ("a/old", "", "model removed", "breaking"),
        ("b/new", "", "model added", "compatible"),
    ]


def test_an_unrelated_type_change_hides_the_noise_below_it() -> None:
    old = one_field(type="object", properties={"a": {"type": "string"}})
    new = one_field(type="string", maxLength=3)
    assert changes_between(old, new) == [(P + "/type", "type changed", "breaking")]


def test_property_names_are_escaped_in_pointers() -> None:
    odd_name = {"type": "object", "properties": {"a/b~c": {"type": "string"}}}
    found = changes_between(obj(), odd_name)
    assert found == [("/input/properties/a~1b~0c", "field added", "compatible")]


@pytest.mark.parametrize(
    ("bumps", "expected"),
    [
        ((), "none"),
        (("patch",), "patch"),
        (("patch", "minor"), "minor"),
        (("minor", "major", "patch"), "major"),
    ],
)
def test_suggested_bump_is_the_largest(bumps: tuple[str, ...], expected: str) -> None:
    changes = [Change(MODEL, "", "x", "compatible", "r", b) for b in bumps]  # type: ignore[arg-type]
    assert suggested_bump(changes) == expected


def test_bump_levels_follow_the_class() -> None:
    assert (
        suggested_bump(
            diff_models(
                {MODEL: ModelSchemas(one_field(type="string", description="a"))},
                {MODEL: ModelSchemas(one_field(type="string", description="b"))},
            )
        )
        == "patch"
    )
    assert (
        suggested_bump(
            diff_models(
                {MODEL: ModelSchemas(obj())}, {MODEL: ModelSchemas(obj(x={"type": "string"}))}
            )
        )
        == "minor"
    )
    assert (
        suggested_bump(
            diff_models(
                {MODEL: ModelSchemas(obj(x={"type": "string"}))}, {MODEL: ModelSchemas(obj())}
            )
        )
        == "major"
    )


def test_comment_is_not_compared() -> None:
    # The generated package's schema copies carry their do-not-edit header in `$comment`.
    assert changes_between(SEED, {"$comment": "generated; do not edit", **SEED}) == []
