"""Problems found in schemas, as values: collected, sorted and reported all at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Diagnostic", "GenerationError", "pointer_join"]


def pointer_join(pointer: str, *parts: str | int) -> str:
    """Extend a JSON pointer (RFC 6901), escaping ``~`` and ``/`` in each part."""
    for part in parts:
        pointer += "/" + str(part).replace("~", "~0").replace("/", "~1")
    return pointer


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: ``file: /json/pointer: what is wrong and what to do``."""

    file: str
    pointer: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def format(self) -> str:
        where = f"{self.file}: {self.pointer or '/'}"
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{self.message}"


class GenerationError(Exception):
    """Raised with every error found; nothing has been written."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))
