"""Literals for text that comes from schemas: Python source and TOML.

Schema text (titles, descriptions, enum values, defaults) is data. Everything that puts it into
emitted code goes through these functions, so a ``\"\"\"``, a backslash, ``{{ }}``, a newline
followed by code or a control character can never change what the emitted code does. The
templates reach them as Jinja filters (``| py``, ``| docstring``, ``| toml``, see ``emit.base``).
"""

from __future__ import annotations

import re

from generator.runtime import contract

__all__ = ["docstring", "literal", "toml_string"]

_QUOTES = re.compile(r'"{2,}|"$')
# TOML basic strings: `"` and `\` are escaped, and every control character but tab (U+0000 to
# U+001F, U+007F) must be written as an escape.
_TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_TOML_SPECIAL = re.compile(r'["\\\x00-\x08\x0a-\x1f\x7f]')


def literal(value: object) -> str:
    """A Python literal for a JSON value (str, int, float, bool, None, list, dict)."""
    return repr(value)


def docstring(text: str, indent: str = "    ") -> str:
    """A triple-quoted docstring holding ``text``, safely escaped.

    Control characters, terminal escapes and text-reordering marks are shown, not kept: the
    docstring holds ``\\x1b`` (four characters) where the text had an ESC, so ``help()`` never
    prints a raw one (``contract.printable``).
    """
    body = contract.printable(text.strip("\n")).replace("\\", "\\\\")
    # Quotes are escaped where they could close the docstring: in runs, or at the very end.
    body = _QUOTES.sub(lambda m: '\\"' * len(m.group()), body)
    lines = [line.rstrip() for line in body.split("\n")]
    if lines[-1].endswith('"') and not lines[-1].endswith('\\"'):
        lines[-1] = lines[-1][:-1] + '\\"'
    if len(lines) == 1:
        return f'"""{lines[0]}"""'
    joined = "\n".join(indent + line if line else "" for line in lines[1:])
    return f'"""{lines[0]}\n{joined}\n{indent}"""'


def toml_string(value: str) -> str:
    """A TOML basic string (``"..."``) holding ``value`` exactly."""
    return '"' + _TOML_SPECIAL.sub(_toml_escape, value) + '"'


def _toml_escape(match: re.Match[str]) -> str:
    char = match.group()
    return _TOML_ESCAPES.get(char) or f"\\u{ord(char):04X}"
