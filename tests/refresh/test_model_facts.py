"""``pull`` keeps the catalog's display name, categories and price unit in ``model.json``;
``load`` reads them back, refusing a malformed file with its name and JSON pointer."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from refresh_support import SEED, Puller, entry, obj, write_model

from generator.catalog.pull import PullOptions, pull
from generator.pipeline.diagnostics import GenerationError
from generator.pipeline.load import load_models

MODEL = "vendor/ltx-2.5/turbo/fast"


def _entry(**facts: Any) -> dict[str, Any]:
    return {**entry(MODEL, SEED), **facts}


def _facts(schemas: Path) -> Any:
    return json.loads((schemas / MODEL / "model.json").read_text(encoding="utf-8"))


def test_pull_writes_the_catalog_facts_beside_the_schemas(pull_from: Puller, schemas: Path) -> None:
    catalog = [
        _entry(
            display_name="LTX 2.5 Fast 中文",
            categories=["text-to-video", "video"],
            price_unit="second",
            base_price_usd=0.04,  # prices move daily: not kept, so a refresh is not noise
        )
    ]
    printed = pull_from(catalog, all=True).printed
    assert _facts(schemas) == {
        "categories": ["text-to-video", "video"],
        "display_name": "LTX 2.5 Fast 中文",
        "price_unit": "second",
    }
    assert f"add schemas/{MODEL}/model.json" in printed
    # stable text: sorted keys, two-space indent, non-ASCII kept, one trailing newline
    text = (schemas / MODEL / "model.json").read_text(encoding="utf-8")
    assert text == json.dumps(_facts(schemas), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def test_pull_refreshes_model_json_and_leaves_it_alone_when_unchanged(
    pull_from: Puller, schemas: Path
) -> None:
    pull_from([_entry(categories=["video"], price_unit="output")], all=True)
    again = pull_from([_entry(categories=["video"], price_unit="output")], all=True)
    assert f"{MODEL}/model.json" not in again.plan.writes
    changed = pull_from([_entry(categories=["video"], price_unit="second")], all=True)
    assert f"update schemas/{MODEL}/model.json" in changed.printed
    assert _facts(schemas)["price_unit"] == "second"


def test_an_entry_without_facts_writes_no_model_json(schemas: Path) -> None:
    # Served as is (the fake would fill in a display name): facts of the wrong type are dropped.
    bare = {"model_id": MODEL, "input_schema": SEED, "categories": [3], "display_name": 7}

    def catalog(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"models": [bare], "total": 1})

    options = PullOptions(schemas=schemas, all=True, api_key="k", base_url="http://catalog.test")
    pull(options, transport=httpx.MockTransport(catalog), out=io.StringIO())
    assert (schemas / MODEL / "input.json").exists()
    assert not (schemas / MODEL / "model.json").exists()


def _write_facts(root: Path, text: str) -> None:
    write_model(root, MODEL, obj(("prompt",), prompt={"type": "string"}))
    (root / MODEL / "model.json").write_text(text, encoding="utf-8")


def test_load_reads_the_facts(tmp_path: Path) -> None:
    root = tmp_path / "schemas"
    _write_facts(
        root,
        json.dumps(
            {"display_name": "LTX\n2.5", "categories": ["video", "video"], "price_unit": "second"}
        ),
    )
    (raw,), problems = load_models(root)
    assert raw.catalog.display_name == "LTX 2.5"  # one line of text
    assert raw.catalog.categories == ("video",)
    assert raw.catalog.price_unit == "second"
    assert [p.format() for p in problems if p.pointer == "/display_name"] == [
        f"schemas/{MODEL}/model.json: /display_name: warning: line breaks or control "
        "characters replaced by spaces (a fact is one line of text)"
    ]


@pytest.mark.parametrize(
    ("text", "pointer", "words"),
    [
        ('["video"]', "/", "expected an object"),
        ('{"display_name": 5}', "/display_name", "must be a string"),
        ('{"categories": "video"}', "/categories", "must be a list of strings"),
        ('{"categories": ["video", 3]}', "/categories/1", "a category must be a string"),
        ('{"price_unit": ["second"]}', "/price_unit", "must be a string"),
        ('{"display_name": "x",}', "/", "not valid JSON"),
    ],
)
def test_a_malformed_model_json_is_an_error_naming_file_and_pointer(
    tmp_path: Path, text: str, pointer: str, words: str
) -> None:
    from generator.pipeline.schemas import load_specs

    root = tmp_path / "schemas"
    _write_facts(root, text)
    with pytest.raises(GenerationError) as caught:
        load_specs(root)
    (problem,) = caught.value.diagnostics
    assert problem.file.endswith(f"{MODEL}/model.json")
    assert (problem.pointer or "/") == pointer
    assert words in problem.message


def test_unknown_keys_are_a_warning_not_an_error(tmp_path: Path) -> None:
    root = tmp_path / "schemas"
    _write_facts(root, '{"display_name": "X", "base_price_usd": 1}')
    (raw,), problems = load_models(root)
    assert raw.catalog.display_name == "X"
    (warning,) = [p for p in problems if p.pointer == "/base_price_usd"]
    assert warning.severity == "warning"
    assert "unknown key 'base_price_usd' ignored" in warning.message
