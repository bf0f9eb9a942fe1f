"""A list of classified changes as text (terminal), markdown (PR, changelog) or JSON (tools).

Every format is a pure function of the changes, so the same diff always prints the same bytes:
the changelog embeds the markdown form and `check` compares it exactly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from itertools import groupby

from generator.diff.changes import Change, suggested_bump
from generator.runtime import contract

__all__ = ["render_json", "render_markdown", "render_text", "summary_line"]


def summary_line(changes: Sequence[Change]) -> str:
    if not changes:
        return "No changes. Suggested version bump: none."
    breaking = sum(c.cls == "breaking" for c in changes)
    models = len({c.model_id for c in changes})
    return (
        f"{breaking} breaking and {len(changes) - breaking} compatible "
        f"change{'s' if len(changes) != 1 else ''} in {models} model{'s' if models != 1 else ''}. "
        f"Suggested version bump: {suggested_bump(changes)}."
    )


def render_text(changes: Sequence[Change]) -> str:
    lines: list[str] = []
    for model_id, group in groupby(changes, key=lambda c: c.model_id):
        lines.append(model_id)
        for c in group:
            label = "BREAKING  " if c.cls == "breaking" else "compatible"
            lines.append(f"  {label} {c.change}: {_one_line(c.pointer or '/')}")
            lines.append(f"             {_one_line(c.reason)}")
    lines.append(summary_line(changes))
    return "\n".join(lines) + "\n"


def render_markdown(changes: Sequence[Change], heading_level: int = 3) -> str:
    """Markdown for a pull-request description or a changelog entry.

    Schema text (enum values, names) is upstream data: reasons quote it in code spans it cannot
    leave (`constraints.code`), a pointer has markdown's punctuation escaped, and a cell is kept
    on one line with `|` escaped, so a value can neither break the table nor become markup.
    """
    hashes = "#" * heading_level
    parts = [f"**{summary_line(changes)}**\n"]
    for model_id, group in groupby(changes, key=lambda c: c.model_id):
        parts.append(f"{hashes} {_cell(model_id)}\n")
        parts.append("| class | change | where | why |")
        parts.append("|---|---|---|---|")
        for c in group:
            label = "**breaking**" if c.cls == "breaking" else "compatible"
            parts.append(
                f"| {label} | {_cell(c.change)} | {_cell(_escaped(c.pointer or '/'))} | {_cell(c.reason)} |"
            )
        parts.append("")
    return "\n".join(parts).rstrip("\n") + "\n"


def render_json(changes: Sequence[Change]) -> str:
    document = {"changes": [c.as_json() for c in changes], "bump": suggested_bump(changes)}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _one_line(text: str) -> str:
    return contract.printable(" ".join(text.split()), newlines=False)


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_<>\[\]&~!#])")


def _escaped(text: str) -> str:
    """Text outside a code span, with every character markdown could read as markup escaped."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def _cell(text: str) -> str:
    # `\|` is the one escape a GFM table honours even inside a code span; reasons quote names
    # in backticks, where `<` must stay literal (`file_size_mb<`), so nothing else is escaped.
    return _one_line(text).replace("|", "\\|")
