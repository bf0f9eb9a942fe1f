"""Render is one emitter per artifact over one shared job; templates quote schema text with
filters (Python literals, docstrings, TOML strings) that keep any text inert."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path
from typing import Any

import jinja2
import pytest
from generator_support import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.emit import render as render_module
from generator.emit.base import EmitJob, make_env
from generator.emit.quoting import docstring, literal, toml_string
from generator.emit.render import EMITTERS, render
from generator.emit.render_cache import RenderCache
from generator.pipeline.schemas import load_specs
from generator.runtime import contract

# any text a schema could carry, control characters, quotes and backslashes included
TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40)


@settings(deadline=None)
@given(TEXT)
def test_toml_strings_read_back_exactly(value: str) -> None:
    assert tomllib.loads(f"v = {toml_string(value)}\n") == {"v": value}


@settings(deadline=None)
@given(TEXT)
def test_python_literals_read_back_exactly(value: str) -> None:
    assert ast.literal_eval(literal(value)) == value
    assert ast.literal_eval(literal([value, (value,)])) == [value, (value,)]


@settings(deadline=None)
@given(TEXT)
def test_a_docstring_is_one_string_holding_the_text(value: str) -> None:
    source = f"def f():\n    {docstring(value)}\n    return 1\n"
    tree = ast.parse(source)
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef) and len(function.body) == 2
    doc = ast.get_docstring(function, clean=False)
    assert doc is not None
    # line by line, as written (a docstring drops trailing spaces and the indentation), with
    # control characters shown as escapes: help() must never print them raw
    assert _lines(doc) == _lines(contract.printable(value))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.strip().split("\n")]


def test_templates_reach_the_filters() -> None:
    env = make_env()
    template = env.from_string('{{ v | py }} {{ v | toml }}\n{{ v | docstring(indent="") }}')
    text = template.render(v='a"b\\c\n')
    assert text.startswith('\'a"b\\\\c\\n\' "a\\"b\\\\c\\n"\n')
    assert env.undefined is jinja2.StrictUndefined


@pytest.fixture(scope="module")
def specs() -> list[Any]:
    return load_specs(REPO / "schemas")[0]


def test_one_jinja_environment_per_render(
    specs: list[Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    made: list[jinja2.Environment] = []

    def counting() -> jinja2.Environment:
        made.append(make_env())
        return made[-1]

    monkeypatch.setattr(render_module, "make_env", counting)
    render(specs, None, cache=RenderCache(tmp_path))
    assert len(made) == 1


def test_every_file_comes_from_exactly_one_emitter(
    specs: list[Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    rendered = render(specs, None, cache=RenderCache(tmp_path)).files
    seen: list[str] = []

    def spy(job: EmitJob) -> dict[str, str]:
        for emitter in EMITTERS:
            seen.extend(emitter(job))
        return {}

    monkeypatch.setattr(render_module, "EMITTERS", (spy,))
    render(specs, None, cache=RenderCache(tmp_path))
    assert sorted(seen) == sorted(rendered)  # no path twice, none missing


def test_two_emitters_writing_one_path_is_an_error(
    specs: list[Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def clash(job: EmitJob) -> dict[str, str]:
        return {"manifest.json": "{}\n"}

    monkeypatch.setattr(render_module, "EMITTERS", (*EMITTERS, clash))
    with pytest.raises(RuntimeError, match=r"two emitters write manifest\.json; clash"):
        render(specs, None, cache=RenderCache(tmp_path))
