"""The CLI's own options are read off its parser, and a model's field options never take one of
their names, nor each other's, whatever the schema's property names."""

from __future__ import annotations

import argparse
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from runcomfy_client.cli import build_parser, own_options
from runcomfy_client.cli._fields import field_options, field_values

KINDS: list[dict[str, Any]] = [
    {"type": "string"},
    {"type": "boolean"},
    {"type": "integer"},
    {"type": "array", "items": {"type": "string"}},
    {"type": "object"},
]


def test_own_options_are_read_off_the_parser() -> None:
    run = own_options("run")
    assert {"--input", "--input-file", "--no-wait", "--poll-secs", "--output-dir"} <= run
    assert {"--output", "--json", "-q", "--quiet", "-v", "--fake", "--base-url", "-h"} <= run
    assert "--no-wait" not in own_options("submit")
    with pytest.raises(KeyError):
        own_options("no-such-command")


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    sub: argparse.ArgumentParser = action.choices[name]
    return sub


def _check(schema: dict[str, Any]) -> None:
    parser = build_parser(("acme/model/v1", schema))
    for command in ("run", "submit"):
        own = own_options(command)
        options = field_options(schema, own)
        strings = [s for option in options for s in option.option_strings]
        assert len(strings) == len(set(strings)), strings
        assert not own.intersection(strings)
        sub = _subparser(parser, command)
        registered = {s for action in sub._actions for s in action.option_strings}
        assert set(strings) <= registered
        # Each option, given on the command line, lands on its own wire name.
        argv = [command, "acme/model/v1"]
        expected: dict[str, Any] = {}
        for option in options:
            kind = option.schema.get("type")
            if kind == "boolean":
                argv.append(option.option_strings[1])  # --no-...
                expected[option.name] = False
            elif kind == "integer":
                argv += [option.flag, "7"]
                expected[option.name] = 7
            elif kind == "array":
                argv += [option.flag, "a", "b"]
                expected[option.name] = ["a", "b"]
            elif kind == "object":
                argv += [option.flag, '{"k": 1}']
                expected[option.name] = {"k": 1}
            else:
                argv += [f"{option.flag}=v"]  # "=": a value may look like an option
                expected[option.name] = "v"
        args = parser.parse_args(argv)
        assert field_values(args, args.field_options) == expected


def test_properties_named_like_the_commands_options_are_renamed() -> None:
    names = ["input", "input_file", "no_wait", "json", "output", "help", "quiet", "model_id"]
    schema = {"properties": {name: {"type": "string"} for name in names}}
    schema["properties"]["wait"] = {"type": "boolean"}  # --wait is free, --no-wait is not
    schema["properties"]["download"] = {"type": "boolean"}
    _check(schema)
    flags = {o.name: o.flag for o in field_options(schema, own_options("run"))}
    assert flags["input"] == "--input-input"
    assert flags["wait"] == "--input-wait"
    assert flags["json"] == "--input-json"


def test_properties_that_spell_the_same_flag_each_get_their_own() -> None:
    schema = {
        "properties": {
            "image_url": {"type": "string"},
            "image-url": {"type": "string"},
            "Image URL": {"type": "string"},
            "": {"type": "string"},
            "--": {"type": "integer"},
            "input_json": {"type": "string"},
            "提示词": {"type": "string"},
        }
    }
    _check(schema)


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
        st.sampled_from(KINDS),
        max_size=8,
    )
)
def test_any_property_names_give_distinct_working_options(properties: dict[str, Any]) -> None:
    _check({"properties": properties})
