"""Is an output folder stale? A quick answer, without rendering, for the test session's guard.

``check`` is the exact answer (it renders everything and compares), but takes seconds. The
tests import the committed ``generated/`` package, so before they run, the session asks here
whether that copy still comes from the current sources: every runtime module is compared with
its copy (naming each one that differs), and the manifest's hashes with what the generator,
templates and schemas give now (``emit.manifest``). What this cannot see (a hand edit of a
rendered file) the golden test still does.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.emit.fingerprint import fingerprint
from generator.emit.manifest import MANIFEST_FILE, manifest_document
from generator.emit.runtime_copy import runtime_copy, runtime_sources
from generator.pipeline.diagnostics import GenerationError
from generator.pipeline.schemas import display_path, load_specs

__all__ = ["stale_reasons"]


def stale_reasons(schemas: Path, out: Path) -> list[str]:
    """Why ``out`` is not what ``generate`` would write from ``schemas`` now; [] when it is."""
    shown = display_path(out)
    try:
        manifest = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [f"{shown}/{MANIFEST_FILE} is missing or unreadable"]
    reasons = _runtime_reasons(out, shown)
    shaped_by = fingerprint()
    if manifest.get("generator_sha256") != shaped_by and not reasons:
        reasons.append("the generator's emitting code or templates changed since it was generated")
    try:
        specs, _ = load_specs(schemas)
    except GenerationError as exc:
        return [*reasons, f"{display_path(schemas)} has errors ({exc.diagnostics[0].format()})"]
    now = manifest_document(specs, shaped_by)
    if manifest.get("tools") != now["tools"]:
        reasons.append(f"tool versions changed: {manifest.get('tools')} -> {now['tools']}")
    if manifest.get("models") != now["models"]:
        before, after = set(manifest.get("models") or ()), set(now["models"])
        added, removed = sorted(after - before), sorted(before - after)
        reasons.append(f"models changed (added: {added or 'none'}, removed: {removed or 'none'})")
    elif manifest.get("schemas_sha256") != now["schemas_sha256"]:
        reasons.append(f"{display_path(schemas)} changed since it was generated")
    return reasons


def _runtime_reasons(out: Path, shown: str) -> list[str]:
    """Runtime copies that differ from ``templates/runtime/``, are missing or were removed."""
    reasons = []
    expected = dict(runtime_copy(rel, source) for rel, source in runtime_sources().items())
    for path, text in sorted(expected.items()):
        try:
            copy = (out / path).read_text(encoding="utf-8")
        except OSError:
            reasons.append(f"{shown}/{path} is missing (templates/runtime has it)")
            continue
        if copy != text:
            reasons.append(f"{shown}/{path} differs from templates/runtime/{path.split('/', 1)[1]}")
    marker = "# generated from templates/runtime/"
    for module in sorted(out.rglob("*.py")):
        rel = module.relative_to(out).as_posix()
        if rel in expected or "__pycache__" in module.parts:
            continue
        with open(module, encoding="utf-8", errors="replace") as handle:
            first = handle.readline()
        if first.startswith(marker):
            reasons.append(f"{shown}/{rel} is left over: templates/runtime no longer has it")
    return reasons
