"""``$ref`` never reads anything: references inside the file are followed (inlined), anything
else is a diagnostic, and no file is opened and no host looked up because a schema says so.

The proof is an audit hook (PEP 578): it sees every ``open`` of the sentinel file a schema
points at, and every name lookup or socket the process makes while the generator runs.
"""

from __future__ import annotations

import json
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from generator_support import generate_cli, imported_from, write_schemas

SENTINEL = "sentinel-never-read.json"
_EVENTS: dict[str, Any] = {"armed": False, "seen": []}


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _EVENTS["armed"]:
        return
    if event == "open" and args and SENTINEL in str(args[0]):
        _EVENTS["seen"].append(f"open {args[0]}")
    elif event.startswith("socket.") or event in ("urllib.Request", "http.client.connect"):
        _EVENTS["seen"].append(event)


sys.addaudithook(_audit)  # cannot be removed; it only records while armed


@pytest.fixture
def watched() -> Iterator[list[str]]:
    _EVENTS["seen"] = []
    _EVENTS["armed"] = True
    try:
        yield _EVENTS["seen"]
    finally:
        _EVENTS["armed"] = False


def test_the_audit_hook_sees_a_read_and_a_lookup(tmp_path: Path, watched: list[str]) -> None:
    # The proof below means something only if the hook would have seen the access.
    (tmp_path / SENTINEL).write_text("{}")
    (tmp_path / SENTINEL).read_text()
    with pytest.raises(OSError):
        socket.getaddrinfo("sentinel.invalid", 80)
    assert any(e.startswith("open") for e in watched) and "socket.getaddrinfo" in watched


def _schema_with_ref(ref: str) -> dict[str, Any]:
    return {"type": "object", "properties": {"p": {"$ref": ref, "default": "x"}}}


@pytest.mark.parametrize(
    "ref",
    [
        "{abs}",
        SENTINEL,
        "./" + SENTINEL,
        "{uri}",
        "http://sentinel.invalid/schema.json",
        "https://127.0.0.1:9/schema.json#/definitions/a",
        SENTINEL + "#/definitions/a",
        "urn:example:schema",
        "#plain-name",
    ],
)
def test_a_reference_outside_the_file_is_a_diagnostic_and_nothing_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, watched: list[str], ref: str
) -> None:
    sentinel = tmp_path / SENTINEL
    sentinel.write_text(json.dumps({"type": "string", "description": "SECRET-CONTENT"}))
    ref = ref.format(abs=sentinel, uri=sentinel.as_uri())
    monkeypatch.chdir(tmp_path)  # relative references would resolve against here
    write_schemas(tmp_path / "schemas", {"acme/m": _schema_with_ref(ref)})
    watched.clear()  # writing the sentinel above was us
    code, err = generate_cli(tmp_path / "schemas", tmp_path / "out")
    assert code == 2, err
    assert "/properties/p/$ref: $ref" in err
    assert "points outside this file" in err or "does not resolve" in err
    assert watched == []
    assert not (tmp_path / "out").exists()


def test_references_inside_the_file_are_followed(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "definitions": {
            "size": {"type": "integer", "minimum": 1, "maximum": 4},
            "sizes": {"type": "array", "items": {"$ref": "#/definitions/size"}},
        },
        "properties": {
            "n": {"$ref": "#/definitions/size", "description": "How many"},
            "all": {"$ref": "#/definitions/sizes"},
            "same_as_n": {"$ref": "#/properties/n"},
            "odd~/name": {"type": "string"},
            "escaped": {"$ref": "#/properties/odd~0~1name"},
        },
    }
    write_schemas(tmp_path / "schemas", {"acme/m": schema})
    code, err = generate_cli(tmp_path / "schemas", tmp_path / "out")
    assert code == 0, err
    with imported_from(tmp_path / "out"):
        from runcomfy_client._registry import MODELS
        from runcomfy_client._schemas import load_schema

        model = MODELS["acme/m"].input_model()
        model.model_validate({"n": 4, "all": [1, 2], "same_as_n": 1, "escaped": "x"})
        for bad in ({"n": 5}, {"all": [0]}, {"same_as_n": "1"}, {"escaped": 1}):
            with pytest.raises(ValueError):
                model.model_validate(bad)
        shipped = load_schema("acme/m", "input")
    assert "$ref" not in json.dumps(shipped) and "definitions" not in shipped
    assert shipped["properties"]["n"]["description"] == "How many"


@pytest.mark.parametrize(
    ("schema", "phrase"),
    [
        (
            {
                "type": "object",
                "definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}},
                "properties": {"p": {"$ref": "#/definitions/a", "default": 1}},
            },
            "is recursive with nothing nested between",
        ),
        ({"type": "object", "anyOf": [{"$ref": "#"}]}, "is recursive with nothing nested between"),
        (
            {
                "type": "object",
                "properties": {"p": {"type": "array", "items": {"$ref": "#/properties/p"}}},
            },
            "neither the root nor a definition",
        ),
    ],
    ids=["pair", "root-itself", "into-a-property"],
)
def test_a_recursion_no_client_type_can_hold_is_a_diagnostic_not_a_recursion_error(
    tmp_path: Path, schema: dict[str, Any], phrase: str
) -> None:
    write_schemas(tmp_path / "schemas", {"acme/m": schema})
    code, err = generate_cli(tmp_path / "schemas", tmp_path / "out")
    assert code == 2, err
    assert phrase in err


def test_a_recursive_schema_through_nesting_gives_classes_that_refer_to_themselves(
    tmp_path: Path,
) -> None:
    schema = {
        "type": "object",
        "definitions": {
            "node": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "maxLength": 3},
                    "children": {"type": "array", "items": {"$ref": "#/definitions/node"}},
                },
            }
        },
        "properties": {"tree": {"$ref": "#/definitions/node"}, "again": {"$ref": "#"}},
    }
    write_schemas(tmp_path / "schemas", {"acme/m": schema})
    code, err = generate_cli(tmp_path / "schemas", tmp_path / "out")
    assert code == 0, err
    with imported_from(tmp_path / "out"):
        from runcomfy_client._registry import MODELS

        model = MODELS["acme/m"].input_model()
        deep = {"name": "a", "children": [{"name": "b", "children": [{"name": "c"}]}]}
        model.model_validate({"tree": deep, "again": {"tree": deep}})
        for bad in (
            {"tree": {"name": "a", "children": [{"name": "toolong"}]}},
            {"tree": {"children": []}},
            {"again": {"tree": {"name": 1}}},
            {"tree": None},
            {"tree": {"name": "a", "children": None}},
            {"again": {"tree": {"name": "a", "children": [{"name": "b", "children": None}]}}},
        ):
            with pytest.raises(ValueError):
                model.model_validate(bad)


def test_an_id_inside_a_schema_is_a_diagnostic(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "properties": {"p": {"$id": "http://sentinel.invalid/x", "type": "string"}},
    }
    write_schemas(tmp_path / "schemas", {"acme/m": schema})
    code, err = generate_cli(tmp_path / "schemas", tmp_path / "out")
    assert code == 2
    assert "/properties/p/$id: '$id' inside a schema" in err


def test_references_that_expand_without_bound_are_a_diagnostic(tmp_path: Path) -> None:
    definitions: dict[str, Any] = {"d0": {"type": "string"}}
    for i in range(1, 25):  # each level uses the one below twice: 2**24 copies if expanded
        below = {"$ref": f"#/definitions/d{i - 1}"}
        definitions[f"d{i}"] = {"type": "object", "properties": {"a": below, "b": below}}
    schema = {
        "type": "object",
        "definitions": definitions,
        "properties": {"p": {"$ref": "#/definitions/d24"}},
    }
    write_schemas(tmp_path / "schemas", {"acme/m": schema})
    code, err = generate_cli(tmp_path / "schemas", tmp_path / "out")
    assert code == 2
    assert "expanding the $refs gives more than" in err


@pytest.mark.parametrize(
    ("target", "extra"),
    [
        # the map of properties: its "type" key holds a schema, not a type name (found by the
        # fuzzer: the default check beside it crashed inside jsonschema)
        ("#/properties", {"default": False}),
        ("#/properties", {}),
        ("#/required", {}),  # a list
        ("#/properties/q/enum", {"default": "a"}),
    ],
)
def test_a_reference_to_something_that_is_not_a_schema_is_a_diagnostic(
    tmp_path: Path, target: str, extra: dict[str, Any]
) -> None:
    schema = {
        "type": "object",
        "properties": {
            "q": {"type": "string", "enum": ["a"]},
            "type": {"$ref": target, **extra},
        },
        "required": ["q"],
    }
    write_schemas(tmp_path / "schemas", {"acme/m": schema})
    code, err = generate_cli(tmp_path / "schemas", tmp_path / "out")
    assert code == 2, err
    assert "Traceback" not in err
    assert f"/properties/type/$ref: $ref '{target}' does not resolve to a schema" in err
    assert not (tmp_path / "out").exists()
