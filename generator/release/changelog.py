"""The generated package's version and `CHANGELOG.md`, as a pure function of two outputs.

The renderer calls `next_release(previous, files)` with the previous output folder's text
(`{relative path: text}`, see `read_previous_output`) and the files it is about to write. The
schema copies both carry (`runcomfy_client/schemas/<model_id>/input.json`, `output.json`) are
diffed with `generator.diff.changes`:

- no change: the previous changelog and version come back byte for byte, so `check` stays
  exact and regenerating an unchanged tree changes nothing;
- changes: a new entry goes on top, headed by the bumped version and holding the markdown
  diff report; older entries are kept verbatim;
- no previous changelog (first run): version 0.1.0 and an entry listing the models.

Nothing here reads a clock: the same two inputs always give the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.diff.changes import Bump, Change, ModelSchemas, diff_models, suggested_bump
from generator.diff.report import render_markdown

__all__ = [
    "CHANGELOG_PATH",
    "FIRST_VERSION",
    "ChangelogError",
    "Release",
    "next_release",
    "read_previous_output",
]

CHANGELOG_PATH = "CHANGELOG.md"
FIRST_VERSION = "0.1.0"
SCHEMA_COPIES = "runcomfy_client/schemas/"

_ENTRY = re.compile(r"^## (\d+)\.(\d+)\.(\d+)$", re.MULTILINE)
_PREAMBLE = """\
<!-- generated from schemas/ by runcomfy-codegen; do not edit -->
# Changelog

Versions of the generated `runcomfy-client` package, newest first. Each entry is the schema
diff that made it (`runcomfy-codegen diff`): a breaking change bumps the major version, a new
model, field, enum value, wider bound or new default the minor one, a documentation-only
change the patch one.
"""


class ChangelogError(Exception):
    """The previous output cannot be continued from (no version heading, broken copy)."""


@dataclass(frozen=True)
class Release:
    version: str
    changelog: str
    changes: tuple[Change, ...]
    bump: Bump


def read_previous_output(out: Path) -> dict[str, str]:
    """The parts of a previous output folder `next_release` needs; {} when there is none."""
    files: dict[str, str] = {}
    changelog = out / CHANGELOG_PATH
    if changelog.is_file():
        files[CHANGELOG_PATH] = changelog.read_text(encoding="utf-8")
    copies = out / SCHEMA_COPIES
    if copies.is_dir():
        for path in sorted(copies.rglob("*.json")):
            files[path.relative_to(out).as_posix()] = path.read_text(encoding="utf-8")
    return files


def next_release(previous: Mapping[str, str], files: Mapping[str, str]) -> Release:
    """The version and changelog text for `files`, given the previous output `previous`."""
    new = _schema_copies(files)
    old_changelog = previous.get(CHANGELOG_PATH)
    if old_changelog is None:
        return Release(FIRST_VERSION, _first_changelog(new), (), "none")
    match = _ENTRY.search(old_changelog)
    if match is None:
        raise ChangelogError(
            f"{CHANGELOG_PATH} in the output folder has no '## X.Y.Z' heading; restore it "
            "from git (it is generated, never edited by hand)"
        )
    version = tuple(int(part) for part in match.groups())
    changes = tuple(diff_models(_schema_copies(previous), new))
    bump = suggested_bump(changes)
    if bump == "none":
        return Release(_text(version), old_changelog, changes, bump)
    new_version = _bumped(version, bump)
    entry = f"## {_text(new_version)}\n\n{render_markdown(changes, heading_level=3)}\n"
    history = old_changelog[match.start() :]
    return Release(_text(new_version), f"{_PREAMBLE}\n{entry}{history}", changes, bump)


def _schema_copies(files: Mapping[str, str]) -> dict[str, ModelSchemas]:
    """Model schemas from the package's copies, whose `$comment` header is not schema."""
    docs: dict[str, dict[str, dict[str, Any]]] = {}
    for path, text in files.items():
        if not path.startswith(SCHEMA_COPIES):
            continue
        model_id, _, name = path.removeprefix(SCHEMA_COPIES).rpartition("/")
        if name not in ("input.json", "output.json") or not model_id:
            continue
        try:
            value = json.loads(text)
        except ValueError as exc:
            raise ChangelogError(f"{path} in the output folder is not JSON ({exc})") from exc
        if isinstance(value, dict):
            value.pop("$comment", None)
            docs.setdefault(model_id, {})[name] = value
    return {
        model_id: ModelSchemas(pair["input.json"], pair.get("output.json"))
        for model_id, pair in sorted(docs.items())
        if "input.json" in pair
    }


def _first_changelog(models: Mapping[str, ModelSchemas]) -> str:
    listing = "".join(f"- `{model_id}`\n" for model_id in models) or "- (no models)\n"
    count = len(models)
    return (
        f"{_PREAMBLE}\n## {FIRST_VERSION}\n\n"
        f"First generated version, with {count} model{'s' if count != 1 else ''}:\n\n{listing}"
    )


def _bumped(version: tuple[int, ...], bump: Bump) -> tuple[int, int, int]:
    major, minor, patch = version
    if bump == "major":
        return major + 1, 0, 0
    if bump == "minor":
        return major, minor + 1, 0
    return major, minor, patch + 1


def _text(version: tuple[int, ...]) -> str:
    return ".".join(str(part) for part in version)
