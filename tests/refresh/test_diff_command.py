"""`runcomfy-codegen diff`: folders and git revisions in, a report and an exit code out."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from refresh_support import SEED, git, obj, write_model

from generator.cli import main
from generator.diff.sources import SourceError, read_git, read_source

OLD_SEED = SEED
NEW_SEED = {
    **SEED,
    "properties": {**SEED["properties"], "seed": {"type": "integer", "minimum": 0, "maximum": 100}},
}


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_model(tmp_path / "old", "vendor/a/task", OLD_SEED)
    write_model(tmp_path / "new", "vendor/a/task", NEW_SEED)
    write_model(tmp_path / "new", "vendor/b/task", obj(prompt={"type": "string"}))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_json_format_is_exactly_the_documented_shape(
    folders: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "old", "new", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"changes", "bump"}
    assert report["bump"] == "major"
    assert report["changes"] == [
        {
            "model_id": "vendor/a/task",
            "pointer": "/input/properties/seed/maximum",
            "change": "bound narrowed",
            "class": "breaking",
            "reason": "maximum 2147483647 -> 100; requests that were valid before can now be rejected",
        },
        {
            "model_id": "vendor/b/task",
            "pointer": "",
            "change": "model added",
            "class": "compatible",
            "reason": "a new model; nothing existing changes",
        },
    ]


def test_fail_on_breaking_exits_1_only_for_breaking_changes(folders: Path) -> None:
    assert main(["diff", "old", "new", "--fail-on", "breaking"]) == 1
    write_model(folders / "added", "vendor/a/task", OLD_SEED)
    write_model(folders / "added", "vendor/b/task", obj())
    assert main(["diff", "old", "added", "--fail-on", "breaking"]) == 0
    assert main(["diff", "old", "added", "--fail-on", "any"]) == 1
    assert main(["diff", "old", "old", "--fail-on", "any"]) == 0


def test_no_change_reports_bump_none(folders: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "old", "old", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"changes": [], "bump": "none"}


def test_cosmetic_rewrite_is_not_a_change(folders: Path) -> None:
    path = folders / "old/vendor/a/task/input.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(data, sort_keys=True, indent=4), encoding="utf-8")
    write_model(folders / "same", "vendor/a/task", OLD_SEED)
    assert main(["diff", "old", "same", "--fail-on", "any"]) == 0


def test_markdown_report_groups_by_model(folders: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["diff", "old", "new", "--format", "markdown"])
    out = capsys.readouterr().out
    assert out.startswith(
        "**1 breaking and 1 compatible changes in 2 models. Suggested version bump: major.**"
    )
    assert "### vendor/a/task\n\n| class | change | where | why |" in out
    assert "| **breaking** | bound narrowed | /input/properties/seed/maximum |" in out


def test_markdown_cells_cannot_break_the_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_model(tmp_path / "old", "v/m", obj(x={"type": "string", "enum": ["a"]}))
    write_model(tmp_path / "new", "v/m", obj(x={"type": "string", "enum": ["a", "b | c\n| d"]}))
    monkeypatch.chdir(tmp_path)
    main(["diff", "old", "new", "--format", "markdown"])
    rows = [
        line for line in capsys.readouterr().out.splitlines() if line.startswith("| compatible")
    ]
    assert len(rows) == 1
    # Four cells (five unescaped pipes), whatever the enum value holds.
    assert len(re.findall(r"(?<!\\)\|", rows[0])) == 5


def test_unreadable_source_exits_2(folders: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "old", "no-such-thing"]) == 2
    assert "no-such-thing" in capsys.readouterr().err


def test_broken_json_in_a_folder_is_a_clear_error(folders: Path) -> None:
    (folders / "new/vendor/a/task/input.json").write_text("{nope", encoding="utf-8")
    with pytest.raises(SourceError, match=r"vendor/a/task/input\.json: not valid JSON"):
        read_source("new", folders)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    write_model(tmp_path / "schemas", "vendor/a/task", OLD_SEED)
    (tmp_path / "schemas/vendor/a/task/examples").mkdir()
    (tmp_path / "schemas/vendor/a/task/examples/input.json").write_text("{}", encoding="utf-8")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "old")
    write_model(tmp_path / "schemas", "vendor/a/task", NEW_SEED)
    git(tmp_path, "commit", "-q", "-am", "new")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_git_revisions_are_read_from_schemas(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "HEAD~1", "HEAD", "--format", "json", "--fail-on", "breaking"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [c["pointer"] for c in report["changes"]] == ["/input/properties/seed/maximum"]


def test_git_revision_with_a_path_and_a_folder_mix(repo: Path) -> None:
    assert main(["diff", "main~1:schemas", "schemas", "--fail-on", "breaking"]) == 1
    assert main(["diff", "HEAD:schemas", "schemas", "--fail-on", "any"]) == 0


def test_git_reader_skips_examples_and_reads_every_model(repo: Path) -> None:
    models = read_git("HEAD~1", "schemas", repo)
    assert list(models) == ["vendor/a/task"]
    assert models["vendor/a/task"].input == OLD_SEED
    assert models["vendor/a/task"].output is None


def test_unknown_revision_is_a_clear_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "no-such-branch", "HEAD"]) == 2
    assert "not a folder and not a git tree" in capsys.readouterr().err
