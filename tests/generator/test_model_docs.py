"""The model reference pages (generated/docs): complete, inert schema text, working examples.

Built from our schemas, the messy, hostile (its model.json too) and nested fixtures, and a model
whose every text is Markdown or HTML. The pages are parsed as CommonMark (with tables); the
Python example of each page runs against the fake, and the command-line example through the
installed ``runcomfy-py`` program.
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from generator_support import FIXTURES, REPO, imported_from
from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.build import build
from generator.output.write import write

NASTY = "| a | `b` <b>c</b> &amp; *d* [e](https://x.test) \\ \n# f\n1. g {{ h }} ~~i~~"
MARKUP_MODEL = "acme/markup/text-to-video"


def _markup_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "title": NASTY,
        "description": NASTY,
        "required": ["prompt", "images"],
        "properties": {
            "prompt": {"type": "string", "title": NASTY, "description": NASTY, "pattern": "^`|x$"},
            "images": {
                "type": "array",
                "items": {"type": "string", "format": "image_uri"},
                "minItems": 1,
                "validations": [
                    {
                        "validation_rule": "file_size_mb<",
                        "validation_value": 5,
                        "validation_error": NASTY,
                    },
                    {
                        "validation_rule": "duration_seconds<",
                        "validation_value": 9,
                        "validation_error": "server",
                    },
                ],
            },
            "mode": {"type": "string", "enum": ["a|b", "`c`", "<d>"], "default": "a|b"},
        },
    }


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("docs")
    schemas, out = root / "schemas", root / "out"
    shutil.copytree(REPO / "schemas", schemas)
    for name in ("messy", "hostile", "nested"):
        shutil.copytree(FIXTURES / name, schemas, dirs_exist_ok=True)
    folder = schemas / MARKUP_MODEL
    folder.mkdir(parents=True)
    (folder / "input.json").write_text(json.dumps(_markup_schema()), encoding="utf-8")
    write(build(schemas, out).rendered, out)
    return out


def _models(package: Path) -> list[str]:
    manifest = json.loads((package / "manifest.json").read_text(encoding="utf-8"))
    models: list[str] = manifest["models"]
    return models


def _tokens(path: Path) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(path.read_text(encoding="utf-8"))


def _tables(tokens: list[Token]) -> list[list[list[str]]]:
    """Each table as rows of cell texts (the header row first), as a reader sees them."""
    renderer = MarkdownIt("commonmark").enable("table")
    tables: list[list[list[str]]] = []
    row: list[str] = []
    for i, token in enumerate(tokens):
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and tokens[i - 1].type in ("th_open", "td_open"):
            row.append(html.unescape(re.sub(r"<[^>]+>", "", renderer.renderInline(token.content))))
        elif token.type in ("th_close", "td_close") and tokens[i - 1].type in (
            "th_open",
            "td_open",
        ):
            row.append("")
        elif token.type == "tr_close":
            tables[-1].append(row)
    return tables


def _page(package: Path, model_id: str) -> Path:
    return package / "docs" / f"{model_id}.md"


def _resolved(node: Any, root: dict[str, Any]) -> Any:
    ref = node.get("$ref") if isinstance(node, dict) else None
    if not isinstance(ref, str):
        return node
    for part in ref.removeprefix("#/").split("/"):
        root = root[part]
    return root


def _paths(
    schema: dict[str, Any],
    root: dict[str, Any],
    prefix: str = "",
    seen: frozenset[str] = frozenset(),
) -> list[str]:
    """Every field path the page should list: nested objects too, a recursive one once."""
    found = []
    for name, sub in (schema.get("properties") or {}).items():
        found.append(prefix + name)
        for node, below in ((sub.get("items"), f"{prefix}{name}[]."), (sub, f"{prefix}{name}.")):
            ref = node.get("$ref") if isinstance(node, dict) else None
            if ref in seen:
                continue
            target = _resolved(node, root)
            if isinstance(target, dict) and "properties" in target:
                found += _paths(target, root, below, seen | ({ref} if ref else set()))
    return found


def test_every_model_has_a_page_linked_from_the_index(package: Path) -> None:
    index = package / "docs" / "README.md"
    links = [
        child.attrs["href"]
        for token in _tokens(index)
        for child in token.children or []
        if child.type == "link_open"
    ]
    assert sorted(str(href) for href in links) == sorted(f"{m}.md" for m in _models(package))
    for model_id in _models(package):
        page = _page(package, model_id)
        back = [
            c.attrs["href"]
            for t in _tokens(page)
            for c in t.children or []
            if c.type == "link_open"
        ]
        assert back and (page.parent / str(back[0])).resolve() == index.resolve(), model_id


def test_pages_list_every_field_rule_and_output_field(package: Path) -> None:
    for model_id in _models(package):
        schema = json.loads(
            (package / "runcomfy_client" / "schemas" / model_id / "input.json").read_text("utf-8")
        )
        output = json.loads(
            (package / "runcomfy_client" / "schemas" / model_id / "output.json").read_text("utf-8")
        )
        tables = _tables(_tokens(_page(package, model_id)))
        by_header = {tuple(t[0]): t[1:] for t in tables}
        fields = next(
            (rows for head, rows in by_header.items() if head[0] == "Field" and "Python" in head),
            [],
        )
        assert [row[0] for row in fields] == _paths(schema, schema), model_id
        rules = [
            (path, rule["validation_rule"])
            for path in _paths(schema, schema)
            if "." not in path  # the rules of top-level fields (RunComfy puts none deeper)
            for rule in _at(schema, path).get("validations", [])
        ]
        rule_rows = next((rows for head, rows in by_header.items() if "Rule" in head), [])
        assert [(row[0], row[1]) for row in rule_rows] == rules, model_id
        outputs = next(
            (rows for head, rows in by_header.items() if head[:2] == ("Field", "Type")), []
        )
        assert [row[0] for row in outputs] == _paths(output, output), model_id


def _at(schema: dict[str, Any], path: str) -> dict[str, Any]:
    node = schema
    for part in path.split("."):
        name = part.removesuffix("[]")
        node = node["properties"][name]
        if part.endswith("[]"):
            node = node["items"]
    return node


def test_schema_text_is_shown_as_text_never_as_markup(package: Path) -> None:
    for model_id in ("evil/model", MARKUP_MODEL):
        page = _page(package, model_id)
        header, *tokens = _tokens(page)
        assert header.type == "html_block" and header.content.startswith("<!-- generated from")
        assert header.content.count("\n") == 1  # the do-not-edit comment is one line
        kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
        assert not kinds & {"html_block", "html_inline", "image", "em_open", "strong_open"}
        headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
        assert headings[1:] == [
            "Input",
            *(["Validation rules"] if "Rule" in page.read_text() else []),
            "Output",
            "Example",
        ]
        assert [t.info for t in tokens if t.type == "fence"] == ["python", "bash"]
        hrefs = [c.attrs["href"] for t in tokens for c in t.children or [] if c.type == "link_open"]
        assert hrefs == ["../" * model_id.count("/") + "README.md"], hrefs  # only the index
        for table in _tables(tokens):
            assert {len(row) for row in table} == {len(table[0])}, table[0]
    markup = _tables(_tokens(_page(package, MARKUP_MODEL)))
    flat = " ".join(NASTY.split())
    cells = [cell for table in markup for row in table for cell in row]
    assert any(flat in cell for cell in cells)  # the description, character for character
    assert '"a|b"' in " ".join(cells)  # an enum value with a pipe, inside one cell
    evil = _page(package, "evil/model").read_text(encoding="utf-8")
    shown = MarkdownIt("commonmark").enable("table").render(evil)
    assert "<script" not in shown and "<img" not in shown and "&lt;script&gt;" in shown


def _python_example(page: Path) -> str:
    (code,) = [t.content for t in _tokens(page) if t.type == "fence" and t.info == "python"]
    return code


def _cli_example(page: Path) -> list[str]:
    (line,) = [t.content for t in _tokens(page) if t.type == "fence" and t.info == "bash"]
    return shlex.split(line)


def test_the_python_examples_run_against_the_fake(
    package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with imported_from(package) as runcomfy_client:
        from runcomfy_client.testing import FakeRunComfy, Timings

        fake = FakeRunComfy(timings=Timings.instant())
        monkeypatch.setattr(runcomfy_client, "RunComfy", lambda **_: fake.client())
        ran = 0
        for model_id in _models(package):
            page = _page(package, model_id)
            code = _python_example(page)
            printed = io.StringIO()
            if "Adjust these placeholder values first" in page.read_text(encoding="utf-8"):
                # a placeholder cannot match a pattern: the page says so, and the client agrees
                with pytest.raises(runcomfy_client.InputValidationError, match="prompt"):
                    exec(compile(code, f"docs/{model_id}.md", "exec"), {})
                assert model_id == MARKUP_MODEL
                continue
            with redirect_stdout(printed):
                exec(compile(code, f"docs/{model_id}.md", "exec"), {})
            assert printed.getvalue().strip(), model_id
            ran += 1
        assert ran == len(_models(package)) - 1
        assert len(fake.calls("submit")) >= ran


def test_the_command_line_examples_run_through_runcomfy_py(package: Path) -> None:
    program = Path(sys.executable).parent / "runcomfy-py"
    env = {**os.environ, "PYTHONPATH": str(package), "RUNCOMFY_API_KEY": "k"}
    for model_id in ("wan-ai/wan-2-6/image-to-image", "evil/model", "kling/v3/pro/multi/elements"):
        argv = _cli_example(_page(package, model_id))
        assert argv[:3] == ["runcomfy-py", "run", model_id]
        done = subprocess.run(
            [str(program), "--fake", "--fake-timings", "instant", *argv[1:]],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, (model_id, done.stderr)
        assert "https://" in done.stdout or "http://" in done.stdout, (model_id, done.stdout)
