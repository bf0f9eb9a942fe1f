"""Markdown for text that comes from schemas and the catalog.

Schema text (titles, descriptions, enum values, defaults, rule messages) is data: on a reference
page it must read as the characters it holds, never as emphasis, a link, HTML, a table cell break
or a new block. Everything that puts it on a page goes through these functions.
"""

from __future__ import annotations

import json
import re

__all__ = ["json_shown", "md_code", "md_fence", "md_text"]

# Control characters, line and paragraph separators: a schema string is shown as one line. The
# marks and overrides that reorder text (Trojan Source) are never passed through either.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_BREAKS = re.compile(rf"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}\s]+")
_CONTROL = re.compile(rf"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")
# Inline markup anywhere in a line (CommonMark lets any ASCII punctuation be escaped).
_INLINE = re.compile(r"([\\`*_\[\]<>|~&!{}#])")
# Block markup that only counts at the start of a line: lists, headings' underlines, quotes.
_LEADING_BLOCK = re.compile(r"^([-+=]|\d+(?=[.)]))")


def md_text(text: object) -> str:
    """``text`` as inline Markdown that renders as exactly its characters, on one line."""
    flat = _BREAKS.sub(" ", str(text)).strip()
    escaped = _INLINE.sub(r"\\\1", flat)
    match = _LEADING_BLOCK.match(escaped)
    if match is None:
        return escaped
    if match.group(1)[0].isdigit():  # "1. x" would start a list: escape the dot
        end = match.end()
        return f"{escaped[:end]}\\{escaped[end:]}"
    return "\\" + escaped


def md_code(text: object) -> str:
    """``text`` as an inline code span on one line, whatever backticks it holds.

    A table cell ends at any ``|``, even inside a code span, so pipes are escaped too (GitHub
    renders ``\\|`` in a cell's code span as ``|``).
    """
    flat = _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", str(text))  # shown, not obeyed
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") or not flat.strip() else ""
    return f"{ticks}{pad}{flat.replace('|', chr(92) + '|')}{pad}{ticks}"


def json_shown(value: object) -> str:
    """Compact JSON for a page or a command line: non-ASCII text kept readable, but control
    characters and reordering marks written as ``\\uXXXX`` escapes (the same JSON value)."""
    text = json.dumps(value, ensure_ascii=False)
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def md_fence(code: str, language: str) -> str:
    """A fenced code block longer than any backtick run inside ``code``."""
    longest = max((len(run) for run in re.findall(r"`{3,}", code)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}{language}\n{code.rstrip()}\n{fence}"
