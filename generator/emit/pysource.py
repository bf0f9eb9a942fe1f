"""Python source literals for text that comes from schemas.

Schema text (titles, descriptions, enum values, defaults) is data. Everything that puts it into
emitted code goes through these functions, so a ``\"\"\"``, a backslash, ``{{ }}``, a newline
followed by code or a control character can never change what the emitted code does.
"""

from __future__ import annotations

import re

__all__ = ["docstring", "literal"]

_QUOTES = re.compile(r'"{2,}|"$')
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")


def literal(value: object) -> str:
    """A Python literal for a JSON value (str, int, float, bool, None, list, dict)."""
    return repr(value)


def _escape_control(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}"


def docstring(text: str, indent: str = "    ") -> str:
    """A triple-quoted docstring holding ``text`` verbatim, safely escaped."""
    body = text.strip("\n").replace("\\", "\\\\")
    # Quotes are escaped where they could close the docstring: in runs, or at the very end.
    body = _QUOTES.sub(lambda m: '\\"' * len(m.group()), body)
    body = _CONTROL.sub(_escape_control, body)
    lines = [line.rstrip() for line in body.split("\n")]
    if lines[-1].endswith('"') and not lines[-1].endswith('\\"'):
        lines[-1] = lines[-1][:-1] + '\\"'
    if len(lines) == 1:
        return f'"""{lines[0]}"""'
    joined = "\n".join(indent + line if line else "" for line in lines[1:])
    return f'"""{lines[0]}\n{joined}\n{indent}"""'
