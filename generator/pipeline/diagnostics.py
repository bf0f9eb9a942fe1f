"""Problems found in schemas, as values: collected, sorted and reported all at once.

A diagnostic prints as one physical line of at most ``MAX_LINE`` characters,
``file: /json/pointer: what is wrong and what to do``: schema text in it (names, values, folder
names) is escaped (``contract.printable``) and shortened, never dumped whole.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

from generator.runtime import contract

__all__ = ["MAX_LINE", "Diagnostic", "GenerationError", "pointer_join", "shorten"]

MAX_LINE = 300


def pointer_join(pointer: str, *parts: str | int) -> str:
    """Extend a JSON pointer (RFC 6901), escaping ``~`` and ``/`` in each part."""
    for part in parts:
        pointer += "/" + str(part).replace("~", "~0").replace("/", "~1")
    return pointer


def shorten(value: object, limit: int = 60) -> str:
    """A value as a short one-line quote for a message: ``'abc'``, ``[1, 2]``, ``{...}``."""
    if isinstance(value, str):
        text = repr(value)
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, allow_nan=True)
        except (TypeError, ValueError):
            text = repr(value)
    text = contract.printable(text, newlines=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _middle(text: str, limit: int) -> str:
    text = contract.printable(text, newlines=False)
    if len(text) <= limit:
        return text
    keep = (limit - 3) // 2
    return text[:keep] + "..." + text[-keep:]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: ``file: /json/pointer: what is wrong and what to do``."""

    file: str
    pointer: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def format(self) -> str:
        where = f"{_middle(self.file, 110)}: {_middle(self.pointer or '/', 70)}: "
        where += "warning: " if self.severity == "warning" else ""
        message = contract.printable(self.message, newlines=False)
        room = MAX_LINE - len(where)
        if len(message) > room:
            # Shorten what is wrong, never what to do (the part after the last "; ").
            head, sep, advice = message.rpartition("; ")
            keep = room - len(sep) - len(advice) - 3
            if sep and keep >= 30:
                message = head[:keep] + "..." + sep + advice
            else:
                message = message[: room - 3] + "..."
        return where + message


class GenerationError(Exception):
    """Raised with every error found; nothing has been written."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))
