"""The release step as a pure function: the last release record and the current schemas -> the
changes since, the bump they call for, and the next record.

- no record yet: the first release, ``0.1.0`` (or ``version``), with an entry listing the models;
- no change since the record (and no ``bump`` or ``version`` asked for): nothing to release, the
  record stays as it is;
- changes: the version is bumped by the largest change (``diff.changes``: a breaking change the
  major part, a new model, field or enum value the minor, documentation the patch) and a new entry
  holding the markdown report goes on top; older entries are kept verbatim.

``bump`` asks for at least that bump (e.g. ``patch`` to publish a runtime fix with no schema
change) and ``version`` for an exact version, which must be above the last one and at least what
the changes call for. Nothing here reads a clock or the disk: the same inputs give the same record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.diff.changes import Bump, Change, ModelSchemas, diff_models, suggested_bump
from generator.diff.report import render_markdown
from generator.pipeline.release_record import ReleaseEntry, ReleaseRecord, version_tuple
from generator.pipeline.spec import ModelSpec

__all__ = ["FIRST_VERSION", "ReleaseError", "ReleasePlan", "plan_release", "released_schemas"]

FIRST_VERSION = "0.1.0"
_ORDER: tuple[Bump, ...] = ("none", "patch", "minor", "major")


class ReleaseError(Exception):
    """A release that cannot be made as asked; the message says why and what to do."""


@dataclass(frozen=True)
class ReleasePlan:
    previous: ReleaseRecord | None
    changes: tuple[Change, ...]
    bump: Bump  # what the changes call for
    record: ReleaseRecord | None  # the record after the release; `previous` if nothing to release

    @property
    def released(self) -> bool:
        return self.record is not None and self.record is not self.previous


def released_schemas(specs: list[ModelSpec]) -> dict[str, dict[str, dict[str, Any]]]:
    """The schemas a release records: each model's normalised input and output."""
    return {
        spec.model_id: {"input": spec.input_schema, "output": spec.output_schema}
        for spec in sorted(specs, key=lambda s: s.model_id)
    }


def plan_release(
    previous: ReleaseRecord | None,
    specs: list[ModelSpec],
    *,
    bump: Bump = "none",
    version: str | None = None,
) -> ReleasePlan:
    schemas = released_schemas(specs)
    if previous is None:
        first = version or FIRST_VERSION
        _check_version(first, None, "none")
        entry = ReleaseEntry(first, _first_notes(list(schemas)))
        return ReleasePlan(None, (), "none", ReleaseRecord(first, (entry,), schemas))
    changes = tuple(diff_models(_as_diff_input(previous.schemas), _as_diff_input(schemas)))
    needed = suggested_bump(changes)
    wanted = max(needed, bump, key=_ORDER.index)
    if wanted == "none" and version is None:
        return ReleasePlan(previous, changes, needed, previous)
    new_version = version or _bumped(previous.version, wanted)
    _check_version(new_version, previous.version, needed)
    notes = (
        render_markdown(changes, heading_level=3)
        if changes
        else "No schema changes: released for a change in the generator or the runtime.\n"
    )
    record = ReleaseRecord(
        new_version, (ReleaseEntry(new_version, notes), *previous.entries), schemas
    )
    return ReleasePlan(previous, changes, needed, record)


def _as_diff_input(schemas: Mapping[str, Mapping[str, dict[str, Any]]]) -> dict[str, ModelSchemas]:
    return {
        model_id: ModelSchemas(pair["input"], pair["output"]) for model_id, pair in schemas.items()
    }


def _first_notes(model_ids: list[str]) -> str:
    listing = "".join(f"- `{model_id}`\n" for model_id in model_ids) or "- (no models)\n"
    count = len(model_ids)
    return f"First generated version, with {count} model{'s' if count != 1 else ''}:\n\n{listing}"


def _bumped(version: str, bump: Bump) -> str:
    parts = version_tuple(version)
    if parts is None:  # pragma: no cover - parse_record only lets X.Y.Z through
        raise ReleaseError(f"the recorded version {version!r} is not X.Y.Z")
    major, minor, patch = parts
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def _check_version(version: str, previous: str | None, needed: Bump) -> None:
    parts = version_tuple(version)
    if parts is None:
        raise ReleaseError(f"--version {version!r} is not a version X.Y.Z (e.g. 1.2.0)")
    if previous is None:
        return
    if parts <= (version_tuple(previous) or (0, 0, 0)):
        raise ReleaseError(f"--version {version} is not above the last release {previous}")
    least = _bumped(previous, needed) if needed != "none" else None
    if least is not None and parts < (version_tuple(least) or (0, 0, 0)):
        raise ReleaseError(
            f"--version {version} is too small: the schema changes since {previous} are {needed} "
            f"and need at least {least}"
        )
