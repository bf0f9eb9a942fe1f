"""``check``: compare what ``generate`` would write with what is on disk."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from generator.emit.render import Rendered

__all__ = ["Difference", "compare"]

# Files that tools create inside the output folder and that are not ours to compare.
_IGNORED_PARTS = {"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", "build", "dist"}


@dataclass(frozen=True)
class Difference:
    path: str
    kind: str  # "missing", "extra" or "changed"
    diff: str = ""


def _on_disk(out: Path) -> dict[str, Path]:
    found = {}
    if out.is_dir():
        for path in out.rglob("*"):
            rel = path.relative_to(out)
            if path.is_file() and not (
                _IGNORED_PARTS & set(rel.parts)
                or any(p.endswith(".egg-info") for p in rel.parts)
                or path.suffix == ".pyc"
            ):
                found[rel.as_posix()] = path
    return found


def compare(
    rendered: Rendered, out: Path, context_lines: int = 2, max_lines: int = 40
) -> list[Difference]:
    """Every file that differs, sorted by path, with a short unified diff for changed ones."""
    disk = _on_disk(out)
    differences = []
    for rel in sorted(set(rendered.files) | set(disk)):
        if rel not in disk:
            differences.append(Difference(rel, "missing"))
        elif rel not in rendered.files:
            differences.append(Difference(rel, "extra"))
        else:
            current = disk[rel].read_text(encoding="utf-8", errors="replace")
            wanted = rendered.files[rel]
            if current != wanted:
                lines = list(
                    difflib.unified_diff(
                        current.splitlines(),
                        wanted.splitlines(),
                        f"{out.name}/{rel} (on disk)",
                        f"{out.name}/{rel} (generate would write)",
                        n=context_lines,
                        lineterm="",
                    )
                )
                if len(lines) > max_lines:
                    lines = [*lines[:max_lines], f"... ({len(lines) - max_lines} more diff lines)"]
                differences.append(Difference(rel, "changed", "\n".join(lines)))
    return differences
