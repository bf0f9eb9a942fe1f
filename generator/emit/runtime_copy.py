"""Emitter of the runtime copy: every module under ``templates/runtime/`` as it is, under its
do-not-edit header."""

from __future__ import annotations

from generator.emit.base import PACKAGE, EmitJob, header
from generator.runtime import RUNTIME_DIR

__all__ = ["emit_runtime", "runtime_copy", "runtime_sources"]


def runtime_sources() -> dict[str, str]:
    """``{path inside the package: source}`` of the hand-written runtime."""
    out = {}
    for path in sorted(RUNTIME_DIR.rglob("*.py")):
        if "__pycache__" not in path.parts:
            out[path.relative_to(RUNTIME_DIR).as_posix()] = path.read_text(encoding="utf-8")
    return out


def runtime_copy(rel: str, source: str) -> tuple[str, str]:
    """Where the runtime module ``rel`` goes in the output folder, and its text there."""
    return f"{PACKAGE}/{rel}", f"{header('templates/runtime/' + rel)}\n{source}"


def emit_runtime(job: EmitJob) -> dict[str, str]:
    return dict(runtime_copy(rel, source) for rel, source in runtime_sources().items())
