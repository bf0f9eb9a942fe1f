"""load -> parse -> render, as one call; ``generate``, ``check``, ``release``, ``verify`` and the
tests all go through here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.emit.render import Rendered, render
from generator.pipeline.diagnostics import Diagnostic
from generator.pipeline.release_record import ReleaseRecord, read_record
from generator.pipeline.schemas import display_path, load_specs
from generator.pipeline.spec import ModelSpec

__all__ = ["Build", "build"]


@dataclass(frozen=True)
class Build:
    specs: list[ModelSpec]
    rendered: Rendered
    warnings: list[Diagnostic]
    release: ReleaseRecord | None


def build(schemas: Path, out: Path | None = None) -> Build:
    """Everything ``generate`` would write for ``schemas``, in memory.

    ``out`` is the output folder ``generate`` replaces or ``check`` compares with: the release
    record in it (``release.json``, written only by ``release``) gives the version and the
    changelog. Without ``out`` the client is rendered as never released.
    """
    specs, warnings = load_specs(schemas)
    release = read_record(out, display_path(out)) if out is not None else None
    return Build(specs=specs, rendered=render(specs, release), warnings=warnings, release=release)
