"""The generated package's version and CHANGELOG.md: deterministic, and unchanged when nothing changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from refresh_support import SEED, obj, write_model

from generator.cli import main
from generator.release.changelog import CHANGELOG_PATH, ChangelogError, next_release

COPIES = "runcomfy_client/schemas"


def output_files(models: dict[str, dict[str, Any]], changelog: str | None = None) -> dict[str, str]:
    """An output folder's text as the renderer sees it: schema copies with their `$comment`."""
    files = {
        f"{COPIES}/{model_id}/input.json": json.dumps(
            {"$comment": "generated; do not edit", **schema}
        )
        for model_id, schema in models.items()
    }
    if changelog is not None:
        files[CHANGELOG_PATH] = changelog
    return files


FIRST = next_release({}, output_files({"v/a": SEED}))


def test_first_release_is_0_1_0_listing_the_models() -> None:
    assert FIRST.version == "0.1.0"
    assert "## 0.1.0\n\nFirst generated version, with 1 model:\n\n- `v/a`\n" in FIRST.changelog
    assert FIRST.changelog.startswith(
        "<!-- generated from schemas/ by runcomfy-codegen; do not edit -->\n"
    )


def test_no_change_returns_the_previous_text_byte_for_byte() -> None:
    previous = output_files({"v/a": SEED}, FIRST.changelog)
    again = next_release(previous, output_files({"v/a": SEED}))
    assert (again.version, again.changelog, again.bump) == ("0.1.0", FIRST.changelog, "none")


def test_comment_headers_are_not_schema_changes() -> None:
    previous = output_files({"v/a": SEED}, FIRST.changelog)
    renamed = {
        path: text.replace("generated; do not edit", "other header")
        for path, text in output_files({"v/a": SEED}).items()
    }
    assert next_release(previous, renamed).bump == "none"


@pytest.mark.parametrize(
    ("new_models", "version", "bump"),
    [
        ({"v/a": obj(prompt={"type": "string"})}, "1.0.0", "major"),  # fields removed
        ({"v/a": SEED, "v/b": SEED}, "0.2.0", "minor"),  # model added
        (
            {
                "v/a": {
                    **SEED,
                    "properties": {
                        **SEED["properties"],
                        "seed": {**SEED["properties"]["seed"], "description": "new"},
                    },
                }
            },
            "0.1.1",
            "patch",
        ),
    ],
)
def test_changes_bump_the_version_and_add_an_entry_on_top(
    new_models: dict[str, dict[str, Any]], version: str, bump: str
) -> None:
    release = next_release(output_files({"v/a": SEED}, FIRST.changelog), output_files(new_models))
    assert (release.version, release.bump) == (version, bump)
    newest, oldest = (
        release.changelog.index(f"## {version}\n"),
        release.changelog.index("## 0.1.0\n"),
    )
    assert newest < oldest
    assert release.changelog.endswith(FIRST.changelog[FIRST.changelog.index("## 0.1.0") :])


def test_entry_is_the_markdown_diff_report() -> None:
    release = next_release(
        output_files({"v/a": SEED}, FIRST.changelog), output_files({"v/a": SEED, "v/b": SEED})
    )
    entry = release.changelog[
        release.changelog.index("## 0.2.0") : release.changelog.index("## 0.1.0")
    ]
    assert (
        "**0 breaking and 1 compatible change in 1 model. Suggested version bump: minor.**" in entry
    )
    assert "| compatible | model added | / | a new model; nothing existing changes |" in entry


def test_same_inputs_same_bytes() -> None:
    previous = output_files({"v/a": SEED}, FIRST.changelog)
    new = output_files({"v/b": SEED})
    assert next_release(previous, new) == next_release(previous, new)


def test_changelog_without_a_version_heading_is_an_error() -> None:
    with pytest.raises(ChangelogError, match=r"no '## X\.Y\.Z' heading"):
        next_release(output_files({"v/a": SEED}, "# Changelog\n"), output_files({"v/a": SEED}))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_model(tmp_path / "schemas", "vendor/a/task", SEED)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_generate_then_check_is_exact_and_a_change_bumps_the_package(project: Path) -> None:
    assert main(["generate"]) == 0
    assert 'version = "0.1.0"' in read(project / "generated/pyproject.toml")
    first = read(project / "generated/CHANGELOG.md")
    assert main(["generate"]) == 0
    assert read(project / "generated/CHANGELOG.md") == first  # regenerating changes nothing
    assert main(["check"]) == 0

    write_model(project / "schemas", "vendor/a/task", obj(("prompt",), prompt={"type": "string"}))
    assert main(["check"]) == 1  # stale: the changelog entry and the version are due
    assert main(["generate"]) == 0
    assert 'version = "1.0.0"' in read(project / "generated/pyproject.toml")
    assert "## 1.0.0" in read(project / "generated/CHANGELOG.md")
    assert main(["check"]) == 0


def test_check_against_a_copy_of_the_output_stays_exact(project: Path) -> None:
    # `check --out X` diffs against X's own history, so a copy of generated/ checks clean too.
    main(["generate"])
    write_model(project / "schemas", "vendor/b/task", SEED)
    main(["generate"])
    shutil.copytree(project / "generated", project / "copy")
    assert main(["check", "--out", "copy"]) == 0
