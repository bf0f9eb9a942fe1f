"""Names and text from schemas are data: invalid model-id folders are refused with the client's
own rule, providers never hide client methods, odd property names give safe code and CLI
options clear of the CLI's own, and no help, listing, docstring or changelog shows a raw control
character, terminal escape or markup from schema text."""

from __future__ import annotations

import contextlib
import io
import pydoc
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from generator_support import generate_cli, imported_from, write_schemas

from generator.diff.changes import ModelSchemas, diff_models
from generator.diff.report import render_markdown, render_text
from generator.runtime import contract

RAW = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
HOSTILE = (
    "\x1b[31mred\x1b[0m \x9b2J \u202eevil\u202c nul\x00 <script>x</script> [a](javascript:1) `x`"
)
OBJECT = {"type": "object", "properties": {"a": {"type": "string"}}}


@pytest.mark.parametrize(
    "folder",
    [
        'acme/x"y',
        "acme/x'y",
        "acme/x y",
        "acme/x\ny",
        "acme/x\x1b[31my",
        "acme/x\u202ey",
        "acme/.hidden",
        "acme/-x",
        "acme/ü",
        "a" * 129 + "/x",
    ],
)
def test_model_id_folders_the_client_would_refuse_are_refused_at_load(
    tmp_path: Path, folder: str
) -> None:
    write_schemas(tmp_path / "schemas", {folder: OBJECT})
    code, err = generate_cli(tmp_path / "schemas", tmp_path / "out")
    assert code == 2, err
    assert contract.model_id_problem(folder) is not None  # the very rule the client applies
    assert "move the folder" in err
    assert "\n" not in err.split("\n")[0] and "\x1b" not in err


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Providers named like client methods, and a schema full of hostile text and names."""
    root = tmp_path_factory.mktemp("hostile")
    properties: dict[str, Any] = {
        name: {"type": "string", "title": HOSTILE, "description": HOSTILE}
        for name in ("json", "timeout", "base-url", "poll_interval", "help", "h", "fake_timings")
    }
    properties.update(
        {
            "fake": {"type": "boolean", "description": HOSTILE},
            "line\nbreak": {"type": "string", "enum": ["a\nb", HOSTILE], "description": HOSTILE},
            "esc\x1bname": {"type": "integer"},
            "imageURL": {"type": "string"},
            "class": {"type": "string"},
            "anything": {"type": "array", "items": True},  # `models show` once read items.get
        }
    )
    properties["json"]["default"] = HOSTILE  # the docs' example body shows it
    schema = {"type": "object", "description": HOSTILE, "properties": properties}
    models = {f"{provider}/x": (schema, OBJECT) for provider in ("model", "job", "close")}
    write_schemas(root / "schemas", models)
    code, err = generate_cli(root / "schemas", root / "out")
    assert code == 0, err
    with imported_from(root / "out"):
        yield root / "out"


def test_providers_named_like_client_methods_keep_the_methods(hostile: Path) -> None:
    from runcomfy_client import RunComfy
    from runcomfy_client.testing import FakeRunComfy

    fake = FakeRunComfy()
    with fake.client() as client:
        assert isinstance(client, RunComfy)
        resource = client.model("job/x")  # still the method
        assert resource.model_id == "job/x"
        assert client.model_.x.model_id == "model/x"  # type: ignore[attr-defined]
        assert client.job_.x.model_id == "job/x"  # type: ignore[attr-defined]
        assert client.close_.x.model_id == "close/x"  # type: ignore[attr-defined]
    with RunComfy(api_key="k"):  # `with` needs close(), untouched
        pass


def _cli(*argv: str) -> tuple[int, str]:
    from runcomfy_client.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = int(exc.code or 0)
    return int(code or 0), out.getvalue()


def test_cli_options_never_take_the_clis_own_and_stay_readable(hostile: Path) -> None:
    from runcomfy_client._schemas import load_schema
    from runcomfy_client.cli._fields import field_options
    from runcomfy_client.cli._parser import own_options

    code, text = _cli("run", "model/x", "--help")
    assert code == 0, text  # argparse refuses two options of one name: there is none
    assert not RAW.search(text), repr(text)
    own = own_options("run")
    options = {o.name: o for o in field_options(load_schema("model/x", "input"), own)}
    assert options["line\nbreak"].flag == "--line-break"
    assert options["esc\x1bname"].flag == "--esc-name"
    for name in (
        "json",
        "timeout",
        "base-url",
        "poll_interval",
        "help",
        "h",
        "fake",
        "fake_timings",
    ):
        option = options[name]
        assert not own.intersection(option.option_strings), (name, option.flag)
        assert option.flag in text


def test_a_renamed_option_still_sends_the_schemas_name(hostile: Path) -> None:
    from runcomfy_client._schemas import load_schema
    from runcomfy_client.cli._fields import field_options
    from runcomfy_client.cli._parser import own_options

    options = {
        o.name: o for o in field_options(load_schema("model/x", "input"), own_options("submit"))
    }
    code, text = _cli(
        "--fake", "submit", "model/x", options["json"].flag, "v",
        options["line\nbreak"].flag, "a\nb", "--no-" + options["fake"].flag[2:],
    )  # fmt: skip
    assert code == 0, text


def test_help_listing_and_docstrings_show_no_raw_control_characters(hostile: Path) -> None:
    from runcomfy_client._registry import MODELS
    from runcomfy_client._registry_types import import_resource

    for argv in (("models",), ("models", "show", "job/x")):
        code, text = _cli(*argv)
        assert code == 0 and not RAW.search(text), repr(text)
    entry = MODELS["job/x"]
    for target in (
        import_resource(entry),
        import_resource(entry, async_=True),
        entry.input_model(),
    ):
        doc = pydoc.render_doc(target, renderer=pydoc.plaintext)
        assert not RAW.search(doc), repr(doc[:300])
        assert "\\x1b[31mred" in doc or target is entry.input_model()
    for path in hostile.rglob("*.py"):
        assert not RAW.search(path.read_text().replace("\t", "")), path


def test_model_pages_show_schema_text_escaped(hostile: Path) -> None:
    """The example command line on a model's page is JSON with controls and reordering marks
    written as escapes (the same value), never raw."""
    pages = list((hostile / "docs").rglob("*.md"))
    assert pages
    for path in pages:
        assert not RAW.search(path.read_text()), path
    page = next(p for p in pages if "job" in p.parts or p.stem.startswith("job"))
    assert "\\u001b[31mred" in page.read_text() and "\\u202eevil" in page.read_text()


def test_change_reports_keep_schema_text_out_of_markup(hostile: Path) -> None:
    from runcomfy_client._schemas import load_schema

    empty = {"type": "object", "properties": {}}
    before = {"job/x": ModelSchemas(empty, empty)}
    after = {"job/x": ModelSchemas(load_schema("job/x", "input"), load_schema("job/x", "output"))}
    changes = diff_models(before, after)
    markdown, text = render_markdown(changes), render_text(changes)
    assert not RAW.search(markdown) and not RAW.search(text)
    outside_code = re.sub(r"(`+).*?\1", "", markdown.replace("\\<", "").replace("\\[", ""))
    assert "<script" not in outside_code and "](" not in outside_code
    assert "esc\\x1bname" in markdown  # shown, escaped
