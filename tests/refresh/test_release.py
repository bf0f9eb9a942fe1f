"""Versions move only by `runcomfy-codegen release`: generate never bumps, add/remove cycles leave
no trace, `check` stays exact, and a release compares with the last recorded one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from refresh_support import SEED, obj, write_model

from generator.cli import main
from generator.emit.package import changelog_text
from generator.pipeline.diagnostics import GenerationError
from generator.pipeline.release_record import parse_record, record_document
from generator.pipeline.schemas import load_specs
from generator.release.plan import ReleaseError, plan_release

NARROWED = obj(("prompt",), prompt={"type": "string"})  # fields removed: breaking


def specs_of(root: Path, models: dict[str, dict[str, Any]]) -> list[Any]:
    shutil.rmtree(root, ignore_errors=True)
    for model_id, schema in models.items():
        write_model(root, model_id, schema)
    return load_specs(root)[0]


# -- the plan (pure) -------------------------------------------------------------------------


def test_first_release_is_0_1_0_listing_the_models(tmp_path: Path) -> None:
    plan = plan_release(None, specs_of(tmp_path, {"v/a": SEED, "v/b": SEED}))
    assert plan.released and plan.record is not None
    assert plan.record.version == "0.1.0"
    assert plan.record.entries[0].notes == (
        "First generated version, with 2 models:\n\n- `v/a`\n- `v/b`\n"
    )
    assert set(plan.record.schemas) == {"v/a", "v/b"}


def test_no_change_keeps_the_record_itself(tmp_path: Path) -> None:
    first = plan_release(None, specs_of(tmp_path, {"v/a": SEED})).record
    again = plan_release(first, specs_of(tmp_path, {"v/a": SEED}))
    assert not again.released and again.record is first and again.bump == "none"


@pytest.mark.parametrize(
    ("models", "version", "bump"),
    [
        ({"v/a": NARROWED}, "1.0.0", "major"),
        ({"v/a": SEED, "v/b": SEED}, "0.2.0", "minor"),
        ({"v/a": {**SEED, "description": "now documented"}}, "0.1.1", "patch"),
    ],
)
def test_changes_bump_the_version_and_add_an_entry_on_top(
    tmp_path: Path, models: dict[str, dict[str, Any]], version: str, bump: str
) -> None:
    first = plan_release(None, specs_of(tmp_path, {"v/a": SEED})).record
    plan = plan_release(first, specs_of(tmp_path, models))
    assert plan.released and plan.record is not None and first is not None
    assert (plan.record.version, plan.bump) == (version, bump)
    assert [e.version for e in plan.record.entries] == [version, "0.1.0"]
    assert plan.record.entries[1] == first.entries[0]  # history kept verbatim


def test_the_entry_is_the_markdown_diff_report(tmp_path: Path) -> None:
    first = plan_release(None, specs_of(tmp_path, {"v/a": SEED})).record
    plan = plan_release(first, specs_of(tmp_path, {"v/a": SEED, "v/b": SEED}))
    assert plan.record is not None
    notes = plan.record.entries[0].notes
    assert (
        "**0 breaking and 1 compatible change in 1 model. Suggested version bump: minor.**" in notes
    )
    assert "| compatible | model added | / | a new model; nothing existing changes |" in notes


def test_bump_and_version_release_without_schema_changes(tmp_path: Path) -> None:
    first = plan_release(None, specs_of(tmp_path, {"v/a": SEED})).record
    specs = specs_of(tmp_path, {"v/a": SEED})
    patch = plan_release(first, specs, bump="patch").record
    assert patch is not None and patch.version == "0.1.1"
    assert "No schema changes" in patch.entries[0].notes
    exact = plan_release(first, specs, version="1.0.0").record
    assert exact is not None and exact.version == "1.0.0"


@pytest.mark.parametrize(
    ("version", "message"),
    [("0.1.0", "not above the last release"), ("0.0.9", "not above"), ("1.2", "not a version")],
)
def test_a_version_must_be_above_the_last_one(tmp_path: Path, version: str, message: str) -> None:
    first = plan_release(None, specs_of(tmp_path, {"v/a": SEED})).record
    with pytest.raises(ReleaseError, match=message):
        plan_release(first, specs_of(tmp_path, {"v/a": SEED}), version=version)


def test_a_version_must_cover_the_changes(tmp_path: Path) -> None:
    first = plan_release(None, specs_of(tmp_path, {"v/a": SEED})).record
    with pytest.raises(
        ReleaseError, match=r"changes since 0\.1\.0 are major and need at least 1\.0\.0"
    ):
        plan_release(first, specs_of(tmp_path, {"v/a": NARROWED}), version="0.2.0")


def test_the_record_reads_back_what_it_wrote(tmp_path: Path) -> None:
    first = plan_release(None, specs_of(tmp_path, {"v/a": SEED})).record
    assert first is not None
    document = json.loads(json.dumps(record_document(first)))
    assert parse_record(document, "release.json") == first


@pytest.mark.parametrize(
    ("edit", "pointer"),
    [
        (lambda d: d.update(version="one"), "/version"),
        (lambda d: d.update(changelog=[]), "/changelog"),
        (lambda d: d["changelog"][0].update(version="9.9.9"), "/changelog/0/version"),
        (lambda d: d["changelog"].append("text"), "/changelog/1"),
        (lambda d: d["schemas"].update({"v/b": {"input": {}}}), "/schemas/v~1b"),
    ],
)
def test_a_broken_record_names_the_pointer_and_what_to_do(
    tmp_path: Path, edit: Any, pointer: str
) -> None:
    first = plan_release(None, specs_of(tmp_path, {"v/a": SEED})).record
    assert first is not None
    document = json.loads(json.dumps(record_document(first)))
    edit(document)
    with pytest.raises(GenerationError) as caught:
        parse_record(document, "generated/release.json")
    assert [d.pointer for d in caught.value.diagnostics] == [pointer]
    assert "restore it from version control" in caught.value.diagnostics[0].message


def test_unreleased_changelog_says_how_to_release() -> None:
    assert "`runcomfy-codegen release` records the first version" in changelog_text(None)


# -- the commands ----------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_model(tmp_path / "schemas", "vendor/a/task", SEED)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_generate_never_moves_the_version(project: Path) -> None:
    assert main(["generate"]) == 0
    assert 'version = "0.0.0"' in read(project / "generated/pyproject.toml")
    assert not (project / "generated/release.json").exists()
    assert main(["release"]) == 0
    assert 'version = "0.1.0"' in read(project / "generated/pyproject.toml")
    assert '__version__ = "0.1.0"' in read(project / "generated/runcomfy_client/__init__.py")
    write_model(project / "schemas", "vendor/a/task", NARROWED)  # a breaking change
    assert main(["generate"]) == 0
    assert 'version = "0.1.0"' in read(project / "generated/pyproject.toml")
    assert "## 1.0.0" not in read(project / "generated/CHANGELOG.md")
    assert main(["check"]) == 0


def test_an_add_remove_cycle_before_a_commit_leaves_no_trace(project: Path) -> None:
    main(["generate"])
    main(["release"])
    released = snapshot(project / "generated")
    write_model(project / "schemas", "vendor/b/task", SEED)
    assert main(["generate"]) == 0
    shutil.rmtree(project / "schemas/vendor/b")
    assert main(["generate"]) == 0
    assert snapshot(project / "generated") == released
    assert main(["check"]) == 0


def test_release_bumps_once_and_check_stays_exact(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["release"])
    write_model(project / "schemas", "vendor/a/task", NARROWED)
    main(["generate"])
    capsys.readouterr()
    assert main(["release"]) == 0
    out = capsys.readouterr().out
    assert "BREAKING" in out and "released 1.0.0 (was 0.1.0)" in out
    changelog = read(project / "generated/CHANGELOG.md")
    assert changelog.index("## 1.0.0") < changelog.index("## 0.1.0")
    assert main(["check"]) == 0
    assert main(["release"]) == 0
    assert "nothing to release" in capsys.readouterr().out
    assert 'version = "1.0.0"' in read(project / "generated/pyproject.toml")


def test_dry_run_writes_nothing_and_json_reports_the_plan(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["release"])
    write_model(project / "schemas", "vendor/b/task", SEED)
    main(["generate"])
    before = snapshot(project / "generated")
    capsys.readouterr()
    assert main(["release", "--dry-run", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["previous"] == "0.1.0" and report["version"] == "0.2.0"
    assert report["bump"] == "minor" and report["released"] is False
    assert [c["change"] for c in report["changes"]] == ["model added"]
    assert snapshot(project / "generated") == before


def test_a_too_small_version_is_refused_and_nothing_written(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["release"])
    write_model(project / "schemas", "vendor/a/task", NARROWED)
    main(["generate"])
    before = snapshot(project / "generated")
    assert main(["release", "--version", "0.2.0"]) == 2
    assert "need at least 1.0.0" in capsys.readouterr().err
    assert snapshot(project / "generated") == before


def test_a_broken_record_stops_generate_with_its_pointer(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["release"])
    record = project / "generated/release.json"
    record.write_text(read(record).replace('"version": "0.1.0"', '"version": "x"', 1))
    before = snapshot(project / "generated")
    assert main(["generate"]) == 2
    err = capsys.readouterr().err
    assert "generated/release.json: /version: must be a version X.Y.Z" in err
    assert snapshot(project / "generated") == before


def test_check_against_a_copy_of_the_output_stays_exact(project: Path) -> None:
    # `check --out X` reads X's own release record, so a copy of generated/ checks clean too.
    main(["release"])
    shutil.copytree(project / "generated", project / "copy")
    assert main(["check", "--out", "copy"]) == 0
