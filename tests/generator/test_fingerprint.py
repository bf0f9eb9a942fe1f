"""The manifest and the render cache hash exactly what shapes the output: the emitting code
(comments aside), the templates and runtime, and the tool versions; an edit anywhere else in the
generator (pull, the CLI, a comment) changes neither."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from generator_support import REPO

from generator.emit.fingerprint import emitting_modules, fingerprint


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the generator package and the templates to edit."""
    for name in ("generator", "templates"):
        shutil.copytree(REPO / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def hashed(tree: Path) -> str:
    return fingerprint(tree / "generator", tree / "templates")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_the_copy_hashes_like_the_original(tree: Path) -> None:
    assert hashed(tree) == fingerprint()


@pytest.mark.parametrize(
    "module", ["catalog/pull.py", "cli.py", "diff/changes.py", "release/plan.py", "verify.py"]
)
def test_code_that_does_not_emit_is_not_hashed(tree: Path, module: str) -> None:
    before = hashed(tree)
    append(tree / "generator" / module, "\n\ndef added_later() -> int:\n    return 1\n")
    assert hashed(tree) == before


@pytest.mark.parametrize("module", ["emit/render.py", "pipeline/parse.py", "build.py"])
def test_comments_and_blank_lines_are_not_hashed(tree: Path, module: str) -> None:
    before = hashed(tree)
    path = tree / "generator" / module
    future = "from __future__ import annotations\n"
    text = path.read_text(encoding="utf-8")
    assert future in text
    edited = text.replace(future, future[:-1] + "  # a trailing comment\n\n\n# a comment line\n")
    path.write_text("# a first line\n" + edited, encoding="utf-8")
    assert hashed(tree) == before


@pytest.mark.parametrize(
    "module", ["emit/render.py", "emit/models.py", "pipeline/dialect.py", "runtime.py"]
)
def test_emitting_code_is_hashed(tree: Path, module: str) -> None:
    before = hashed(tree)
    append(tree / "generator" / module, "\n\nCHANGED = 1  # a comment too\n")
    assert hashed(tree) != before


@pytest.mark.parametrize(
    "template", ["model_module.py.j2", "runtime/_core.py", "runtime/_contract.py"]
)
def test_templates_and_runtime_are_hashed(tree: Path, template: str) -> None:
    before = hashed(tree)
    append(tree / "templates" / template, "\n# even a comment: it is copied into the output\n")
    assert hashed(tree) != before


def test_a_new_emitter_is_hashed_once_render_imports_it(tree: Path) -> None:
    emitter = tree / "generator/emit/new_artifact.py"  # a module no emitter list names yet
    emitter.write_text("def emit_new_artifact(job):\n    return {}\n", encoding="utf-8")
    assert emitter not in emitting_modules(tree / "generator")
    render = tree / "generator/emit/render.py"
    render.write_text(
        "from generator.emit.new_artifact import emit_new_artifact\n"
        + render.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    assert emitter in emitting_modules(tree / "generator")
    before = hashed(tree)
    append(emitter, "\nX = 2\n")
    assert hashed(tree) != before


def test_the_committed_manifest_carries_the_fingerprint() -> None:
    manifest = json.loads((REPO / "generated/manifest.json").read_text(encoding="utf-8"))
    assert manifest["generator_sha256"] == fingerprint()
