"""The render cache only saves time: cached, uncached and damaged-cache renders are identical."""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

import pytest
from generator_support import FIXTURES, REPO

from generator.emit.render import Rendered, render
from generator.emit.render_cache import ENV_VAR, RenderCache
from generator.pipeline.schemas import load_specs
from generator.pipeline.spec import ModelSpec

SCHEMA_SETS = [REPO / "schemas", FIXTURES / "messy"]


def _render(schemas: Path, cache: RenderCache, specs: list[ModelSpec] | None = None) -> Rendered:
    if specs is None:
        specs, _ = load_specs(schemas)
    return render(specs, None, cache=cache)


@pytest.mark.parametrize("schemas", SCHEMA_SETS, ids=lambda p: p.name)
def test_a_warm_cache_gives_the_same_bytes_as_no_cache(schemas: Path, tmp_path: Path) -> None:
    uncached = _render(schemas, RenderCache(None)).files
    cold = RenderCache(tmp_path / "cache")
    first = _render(schemas, cold).files
    warm = RenderCache(tmp_path / "cache")
    second = _render(schemas, warm).files
    assert cold.hits == 0
    assert warm.misses == 0 and warm.hits > 0
    assert first == uncached
    assert second == uncached


def test_damaged_entries_are_recomputed_not_trusted(tmp_path: Path) -> None:
    schemas = REPO / "schemas"
    expected = _render(schemas, RenderCache(tmp_path / "cache")).files
    for entry in (tmp_path / "cache").rglob("*"):
        if entry.is_file() and "models" in entry.parts:
            entry.write_text("{not json", encoding="utf-8")
    assert _render(schemas, RenderCache(tmp_path / "cache")).files == expected


def test_a_changed_schema_misses_and_renders_the_change(tmp_path: Path) -> None:
    schemas = REPO / "schemas"
    specs, _ = load_specs(schemas)
    _render(schemas, RenderCache(tmp_path / "cache"), specs)
    first = specs[0]
    changed_input = copy.deepcopy(first.input_schema)
    name = next(iter(changed_input["properties"]))
    changed_input["properties"][name]["description"] = "a brand new description"
    changed = [dataclasses.replace(first, input_schema=changed_input), *specs[1:]]
    cache = RenderCache(tmp_path / "cache")
    cached = _render(schemas, cache, changed).files
    assert cache.misses > 0
    assert cached == _render(schemas, RenderCache(None), changed).files
    assert "a brand new description" in cached[first.module_file]


def test_the_environment_variable_turns_the_cache_off_or_moves_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(ENV_VAR, "off")
    assert RenderCache.from_env().root is None
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    assert RenderCache.from_env().root == tmp_path
