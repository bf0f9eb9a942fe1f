"""load -> parse -> render, as one call; the CLI, ``check`` and the tests all go through here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.emit.render import Rendered, render
from generator.pipeline.diagnostics import Diagnostic, GenerationError
from generator.pipeline.load import load_models
from generator.pipeline.parse import parse_models
from generator.pipeline.spec import ModelSpec
from generator.release.changelog import ChangelogError, read_previous_output

__all__ = ["Build", "build", "load_specs"]


@dataclass(frozen=True)
class Build:
    specs: list[ModelSpec]
    rendered: Rendered
    warnings: list[Diagnostic]


def _schema_files(root: Path) -> list[tuple[str, bytes]]:
    return [
        (p.relative_to(root).as_posix(), p.read_bytes())
        for p in sorted(root.rglob("*.json"))
        if p.is_file()
    ]


def load_specs(schemas: Path) -> tuple[list[ModelSpec], list[Diagnostic]]:
    """Specs for every model below ``schemas``; raises ``GenerationError`` listing every error."""
    raws, problems = load_models(schemas, label=_label(schemas))
    specs, naming = parse_models(raws)
    problems += naming
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise GenerationError(errors)
    return specs, sorted(p for p in problems if p.severity == "warning")


def build(schemas: Path, out: Path | None = None) -> Build:
    """Everything ``generate`` would write for ``schemas``, in memory.

    ``out`` is the previous output folder (the one ``generate`` replaces or ``check`` compares
    with): its CHANGELOG.md and schema copies decide the version and the changelog entry.
    """
    specs, warnings = load_specs(schemas)
    previous = read_previous_output(out) if out is not None else {}
    try:
        rendered = render(specs, _schema_files(schemas), previous)
    except ChangelogError as exc:
        raise GenerationError([Diagnostic(f"{out}/CHANGELOG.md", "", str(exc))]) from exc
    return Build(specs=specs, rendered=rendered, warnings=warnings)


def _label(schemas: Path) -> str:
    """How paths start in messages: relative to the working directory when possible."""
    try:
        return schemas.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return schemas.as_posix()
