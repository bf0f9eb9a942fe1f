"""load -> parse -> render, as one call; ``generate``, ``check``, ``release``, ``verify`` and the
tests all go through here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.emit.render import Rendered, render
from generator.pipeline.diagnostics import Diagnostic, GenerationError
from generator.pipeline.load import load_models
from generator.pipeline.parse import parse_models
from generator.pipeline.release_record import ReleaseRecord, read_record
from generator.pipeline.spec import ModelSpec

__all__ = ["Build", "build", "display_path", "load_specs"]


@dataclass(frozen=True)
class Build:
    specs: list[ModelSpec]
    rendered: Rendered
    warnings: list[Diagnostic]
    release: ReleaseRecord | None


def load_specs(schemas: Path) -> tuple[list[ModelSpec], list[Diagnostic]]:
    """Specs for every model below ``schemas``; raises ``GenerationError`` listing every error."""
    raws, problems = load_models(schemas, label=display_path(schemas))
    specs, naming = parse_models(raws)
    problems += naming
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise GenerationError(errors)
    return specs, sorted(p for p in problems if p.severity == "warning")


def build(schemas: Path, out: Path | None = None) -> Build:
    """Everything ``generate`` would write for ``schemas``, in memory.

    ``out`` is the output folder ``generate`` replaces or ``check`` compares with: the release
    record in it (``release.json``, written only by ``release``) gives the version and the
    changelog. Without ``out`` the client is rendered as never released.
    """
    specs, warnings = load_specs(schemas)
    release = read_record(out, display_path(out)) if out is not None else None
    return Build(specs=specs, rendered=render(specs, release), warnings=warnings, release=release)


def display_path(path: Path) -> str:
    """How paths start in messages: relative to the working directory when possible."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return path.as_posix()
