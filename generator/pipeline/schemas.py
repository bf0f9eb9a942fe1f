"""Stage 1 as one call: a schemas folder -> its ``ModelSpec`` list (load, then parse), or every
error at once."""

from __future__ import annotations

from pathlib import Path

from generator.pipeline.diagnostics import Diagnostic, GenerationError
from generator.pipeline.load import load_models
from generator.pipeline.parse import parse_models
from generator.pipeline.spec import ModelSpec

__all__ = ["display_path", "load_specs"]


def load_specs(schemas: Path) -> tuple[list[ModelSpec], list[Diagnostic]]:
    """Specs for every model below ``schemas``; raises ``GenerationError`` listing every error."""
    raws, problems = load_models(schemas, label=display_path(schemas))
    specs, naming = parse_models(raws)
    problems += naming
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise GenerationError(errors)
    return specs, sorted(p for p in problems if p.severity == "warning")


def display_path(path: Path) -> str:
    """How paths start in messages: relative to the working directory when possible."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return path.as_posix()
