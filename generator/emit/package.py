"""Emitter of the package's release files: ``pyproject.toml`` (the version), ``CHANGELOG.md`` and
the release record ``release.json`` itself, all from the record (``pipeline.release_record``).

Nothing here decides a version: ``runcomfy-codegen release`` does (``generator.release``), and
every ``generate`` emits what the record says, byte for byte.
"""

from __future__ import annotations

from generator.emit.base import EmitJob, header, json_text
from generator.pipeline.release_record import RECORD_FILE, ReleaseRecord, record_document

__all__ = ["CHANGELOG_FILE", "changelog_text", "emit_package_files"]

CHANGELOG_FILE = "CHANGELOG.md"
_PREAMBLE = """\
# Changelog

Versions of the generated `runcomfy-client` package, newest first, as `runcomfy-codegen release`
recorded them. Each entry is the schema diff since the release before (`runcomfy-codegen diff`):
a breaking change bumps the major version, a new model, field, enum value, wider bound or new
default the minor one, a documentation-only change the patch one.
"""
_UNRELEASED = """
Not released yet (version 0.0.0): `runcomfy-codegen release` records the first version.
"""


def changelog_text(record: ReleaseRecord | None) -> str:
    head = f"<!-- {header(RECORD_FILE, '').strip()} -->\n{_PREAMBLE}"
    if record is None:
        return head + _UNRELEASED
    return head + "".join(f"\n## {entry.version}\n\n{entry.notes}" for entry in record.entries)


def emit_package_files(job: EmitJob) -> dict[str, str]:
    files = {
        "pyproject.toml": job.env.get_template("pyproject.toml.j2").render(
            header=header("templates/pyproject.toml.j2"), version=job.version
        ),
        CHANGELOG_FILE: changelog_text(job.release),
    }
    if job.release is not None:
        files[RECORD_FILE] = json_text(record_document(job.release))
    return files
