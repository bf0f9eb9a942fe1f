"""The release record: the generated package's version, its changelog and the schemas as released.

Only ``runcomfy-codegen release`` writes it, as ``release.json`` in the output folder. ``generate``
and ``check`` read it and emit it unchanged, with the version and ``CHANGELOG.md`` that follow
from it, so editing schemas and regenerating never moves the version: adding a model and removing
it again before a commit leaves no trace. The next release diffs the current schemas with the
ones recorded here.

Without a record (a new output folder) the package is unreleased: version ``0.0.0``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.pipeline.diagnostics import Diagnostic, GenerationError, pointer_join

__all__ = [
    "RECORD_FILE",
    "UNRELEASED_VERSION",
    "ReleaseEntry",
    "ReleaseRecord",
    "parse_record",
    "read_record",
    "record_document",
    "version_tuple",
]

RECORD_FILE = "release.json"
UNRELEASED_VERSION = "0.0.0"
_VERSION = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
_COMMENT = "written by `runcomfy-codegen release`; do not edit"


@dataclass(frozen=True)
class ReleaseEntry:
    version: str
    notes: str  # markdown, ending in one newline


@dataclass(frozen=True)
class ReleaseRecord:
    version: str
    entries: tuple[ReleaseEntry, ...]  # newest first; entries[0].version == version
    # model_id -> {"input": schema, "output": schema}: the normalised schemas as released
    schemas: Mapping[str, Mapping[str, dict[str, Any]]] = field(hash=False)


def version_tuple(version: str) -> tuple[int, int, int] | None:
    """``"1.2.3"`` -> ``(1, 2, 3)``; None for anything that is not ``X.Y.Z``."""
    match = _VERSION.fullmatch(version)
    if match is None:
        return None
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def read_record(out: Path, label: str | None = None) -> ReleaseRecord | None:
    """The record in the output folder ``out`` (shown as ``label`` in messages); None when there
    is none (never released)."""
    path = out / RECORD_FILE
    display = f"{label or out.as_posix()}/{RECORD_FILE}"
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise GenerationError([_problem(display, "", f"cannot be read as JSON ({exc})")]) from exc
    return parse_record(data, display)


def parse_record(data: Any, display: str) -> ReleaseRecord:
    """A record from its JSON document; raises ``GenerationError`` naming every problem."""
    problems: list[Diagnostic] = []
    if not isinstance(data, dict):
        raise GenerationError([_problem(display, "", "must be a JSON object")])
    version = data.get("version")
    version_ok = isinstance(version, str) and version_tuple(version) is not None
    if not version_ok:
        problems.append(_problem(display, "/version", "must be a version X.Y.Z"))
    entries: list[ReleaseEntry] = []
    raw_entries = data.get("changelog")
    if not isinstance(raw_entries, list) or not raw_entries:
        problems.append(_problem(display, "/changelog", "must be a non-empty list"))
        raw_entries = []
    for index, raw in enumerate(raw_entries):
        where = pointer_join("/changelog", index)
        if (
            not isinstance(raw, dict)
            or not isinstance(raw.get("version"), str)
            or version_tuple(raw["version"]) is None
            or not isinstance(raw.get("notes"), str)
        ):
            problems.append(
                _problem(display, where, 'must be {"version": "X.Y.Z", "notes": "..."}')
            )
        else:
            entries.append(ReleaseEntry(raw["version"], raw["notes"]))
    if version_ok and entries and entries[0].version != version:
        problems.append(
            _problem(display, "/changelog/0/version", f"must be the record's version {version!r}")
        )
    schemas: dict[str, dict[str, dict[str, Any]]] = {}
    raw_schemas = data.get("schemas")
    if not isinstance(raw_schemas, dict):
        problems.append(_problem(display, "/schemas", "must be an object of model ids"))
        raw_schemas = {}
    for model_id, pair in raw_schemas.items():
        if not (
            isinstance(pair, dict)
            and set(pair) == {"input", "output"}
            and all(isinstance(pair[kind], dict) for kind in pair)
        ):
            where = pointer_join("/schemas", model_id)
            problems.append(_problem(display, where, 'must be {"input": {...}, "output": {...}}'))
        else:
            schemas[model_id] = {"input": pair["input"], "output": pair["output"]}
    if problems or not isinstance(version, str):
        raise GenerationError(problems)
    return ReleaseRecord(version, tuple(entries), schemas)


def record_document(record: ReleaseRecord) -> dict[str, Any]:
    """The JSON document of ``record`` (``parse_record`` reads it back)."""
    return {
        "$comment": _COMMENT,
        "version": record.version,
        "changelog": [{"version": e.version, "notes": e.notes} for e in record.entries],
        "schemas": {
            model_id: {"input": pair["input"], "output": pair["output"]}
            for model_id, pair in sorted(record.schemas.items())
        },
    }


def _problem(display: str, pointer: str, message: str) -> Diagnostic:
    return Diagnostic(
        display,
        pointer,
        f"{message}; the release record is written by `runcomfy-codegen release`, never by "
        "hand: restore it from version control",
    )
