"""No traceback, ever: each schema that once crashed the generator gets one diagnostic line per
problem (``file: /pointer: what is wrong and what to do``, at most 300 characters, control
characters escaped), exit code 2, and nothing written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from generator_support import generate_cli, write_schemas

from generator.pipeline.diagnostics import MAX_LINE

OBJECT = {"type": "object", "properties": {"a": {"type": "string"}}}
LINE = re.compile(r"^schemas/\S.*?: /.*?: \S")


def diagnose(tmp_path: Path, models: dict[str, Any]) -> list[str]:
    """Generate into an output folder holding one file; expect exit 2, clean lines, no write."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("previous output\n")
    write_schemas(tmp_path / "schemas", models)
    code, err = generate_cli(tmp_path / "schemas", out)
    assert code == 2, err
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    assert not list(tmp_path.glob(".out.*"))
    lines = err.splitlines()
    assert re.fullmatch(r"\d+ error\(s\); nothing was written", lines[-1])
    for line in lines[:-1]:
        assert len(line) <= MAX_LINE, line
        assert LINE.match(line.replace(str(tmp_path) + "/", "")), line
        assert not re.search(r"[\x00-\x1f\x7f-\x9f]", line), repr(line)
    return lines[:-1]


def _with(prop: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": {"p": prop}}


@pytest.mark.parametrize(
    ("schema", "pointer", "phrase"),
    [
        (_with({"$ref": "#/definitions/missing", "default": 1}), "/properties/p/$ref", "does not resolve"),
        (
            _with({"type": "array", "items": {"$ref": "#/properties/p"}, "default": []}),
            "/properties/p/items/$ref",
            "neither the root nor a definition",
        ),
        (
            {**_with({"$ref": "#/definitions/a"}), "definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a", "default": 1}}},
            "$ref",
            "is recursive",
        ),
        (_with({"type": "number", "multipleOf": 0}), "/properties/p/multipleOf", "must be greater than 0"),
        (_with({"type": "number", "multipleOf": -2}), "/properties/p/multipleOf", "must be greater than 0"),
        (_with({"enum": [[1], {"a": 1}]}), "/properties/p", "arrays or objects are not supported"),
        (_with({"type": "string", "enum": [1, 2]}), "/properties/p", "passes the rest of the schema"),
        (_with({"type": "array", "items": [{"type": "string"}]}), "/properties/p", "'items' as a list"),
        (_with({"anyOf": [{"type": "string"}], "minLength": 2}), "/properties/p", "beside"),
        (_with({"type": "object", "properties": {"b": {"type": "string"}}, "additionalProperties": {"type": "integer"}}), "/properties/p", "additionalProperties"),
        (_with({"type": "array", "items": {"type": "array", "uniqueItems": True}}), "/properties/p/items", "uniqueItems"),
        (_with(False), "/properties/p", "accepts nothing"),  # type: ignore[arg-type]
        (_with({"oneOf": [{"enum": ["a"]}, {"type": "string", "enum": ["b"], "pattern": "\\p{L}"}]}), "/properties/p/oneOf/1/pattern", "is not a regular expression"),
        (_with({"type": "object", "properties": {"a": {"type": "string"}}, "default": {"a": "x", "b": 1}}), "/properties/p/default", "does not list"),
        (_with({"type": "array", "items": {"type": "object", "properties": {}}, "default": [{"a": 1}]}), "/properties/p/default/0", "does not list"),
    ],
)  # fmt: skip
def test_schemas_that_crashed_the_generator_get_a_diagnostic(
    tmp_path: Path, schema: dict[str, Any], pointer: str, phrase: str
) -> None:
    lines = diagnose(tmp_path, {"acme/m": schema})
    assert any(pointer in line and phrase in line for line in lines), lines


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        (b"null", "the input schema must be of type 'object', not null"),
        (b"[]", "the input schema must be of type 'object', not []"),
        (b'"x"', "the input schema must be of type 'object'"),
        (b'{"type": "object", "properties": {"a": {"minimum": NaN}}}', "NaN is not a JSON value"),
        (
            b'{"type": "object", "properties": {"a": {"type": "number", "multipleOf": NaN}}}',
            "NaN is not a JSON value",
        ),
        (
            b'{"type": "object", "properties": {"a": {"maximum": Infinity}}}',
            "Infinity is not a JSON value",
        ),
        (b"[" * 5000 + b"]" * 5000, "nested too deeply"),
        (b"\xff\xfe{}", "cannot read the file"),
    ],
)
def test_input_files_that_are_not_an_object_schema_get_a_diagnostic(
    tmp_path: Path, text: bytes, phrase: str
) -> None:
    lines = diagnose(tmp_path, {"acme/m": text})
    assert any(phrase in line for line in lines), lines


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"type": "string"},
        {"json": [None, None]},  # found by the fuzzer: an unknown keyword only (any value)
        {"type": "object", "properties": {"a": {"type": "integer"}}},
    ],
)
@pytest.mark.parametrize("properties", [None, {}])
def test_an_input_that_is_a_map_of_unlisted_keys_gets_a_diagnostic(
    tmp_path: Path, extra: dict[str, Any], properties: dict[str, Any] | None
) -> None:
    # it has no field to type (it crashed the generator while building the typed dicts)
    schema: dict[str, Any] = {"type": "object", "additionalProperties": extra}
    if properties is not None:
        schema["properties"] = properties
    lines = diagnose(tmp_path, {"acme/m": schema})
    assert any(
        "/additionalProperties: an input whose keys are not listed" in line for line in lines
    ), lines


@pytest.mark.parametrize(
    "text", [b"null", b'"x"', b"[]", b'{"output": null}', b'{"type": "string"}']
)
def test_output_files_that_are_not_an_object_schema_get_a_diagnostic(
    tmp_path: Path, text: bytes
) -> None:
    lines = diagnose(tmp_path, {"acme/m": (OBJECT, text)})
    assert any("output.json" in line and "object schema" in line for line in lines), lines


def test_output_properties_that_collide_as_python_names_get_a_diagnostic(tmp_path: Path) -> None:
    output = {"type": "object", "properties": {"": {"type": "string"}, "Field": {"type": "string"}}}
    lines = diagnose(tmp_path, {"acme/m": (OBJECT, output)})
    assert any(
        "output.json: /properties/Field: property 'Field' and property ''" in line for line in lines
    )


def test_nested_output_properties_that_collide_get_a_diagnostic(tmp_path: Path) -> None:
    inner = {"type": "object", "properties": {"a-b": {"type": "string"}, "a_b": {"type": "string"}}}
    output = {"output": {"type": "object", "properties": {"x": {"type": "array", "items": inner}}}}
    lines = diagnose(tmp_path, {"acme/m": (OBJECT, output)})
    assert any("/output/properties/x/items/properties/a_b: property" in line for line in lines)


def test_huge_values_and_control_characters_stay_short_and_on_one_line(tmp_path: Path) -> None:
    hostile = "\x1b[31m\u202e" + "x" * 2000 + "\n\r"
    schema = _with({"type": hostile, "default": {"deep": [hostile] * 50}, "minimum": [hostile]})
    schema["properties"][hostile] = {"type": "string", "maxLength": 1, "default": hostile}
    lines = diagnose(tmp_path, {"acme/m": schema})
    assert len(lines) == 2  # the two metaschema errors; nothing deeper is checked after them
    assert any("\\x1b[31m\\u202e" in line for line in lines)


def test_constraints_no_value_can_meet_are_warned_about_not_refused(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "properties": {
            "n": {"type": "integer", "minimum": 10, "maximum": 5},
            "s": {"type": "string", "minLength": 4, "maxLength": 2},
            "l": {"type": "array", "minItems": 3, "maxItems": 1},
            "x": {"type": "number", "exclusiveMinimum": 1, "exclusiveMaximum": 1},
        },
    }
    write_schemas(tmp_path / "schemas", {"acme/m": (schema, OBJECT)})
    code, err = generate_cli(tmp_path / "schemas", tmp_path / "out")
    assert code == 0, err
    warned = [line for line in err.splitlines() if "leave no value that can pass" in line]
    assert [line.split(": ")[1] for line in warned] == [
        "/properties/l/minItems",
        "/properties/n/minimum",
        "/properties/s/minLength",
        "/properties/x/exclusiveMinimum",
    ]
    assert all("warning:" in line for line in warned)


def test_a_default_that_looks_like_a_schema_is_data(tmp_path: Path) -> None:
    schema = _with(
        {"type": "object", "default": {"properties": 1, "$ref": "#/nowhere", "enum": []}}
    )
    write_schemas(tmp_path / "schemas", {"acme/m": (schema, OBJECT)})
    code, err = generate_cli(tmp_path / "schemas", tmp_path / "out")
    assert code == 0, err
    assert '"default": {' in (tmp_path / "out" / "openapi.json").read_text()


def test_model_id_folders_named_like_python_constants_generate(tmp_path: Path) -> None:
    models = {f"acme/{name}/x": OBJECT for name in ("None", "True", "class", "import")}
    models.update({f"acme/x/{name}": OBJECT for name in ("None", "False", "Job", "Mapping")})
    write_schemas(tmp_path / "schemas", {k: (v, OBJECT) for k, v in models.items()})
    code, err = generate_cli(tmp_path / "schemas", tmp_path / "out")
    assert code == 0, err
    registry = (tmp_path / "out" / "runcomfy_client" / "_registry.py").read_text()
    for stem in ("NoneModel", "FalseModel", "JobModel", "MappingModel"):
        assert f"resource_class={stem!r}" in registry or f'resource_class="{stem}"' in registry
