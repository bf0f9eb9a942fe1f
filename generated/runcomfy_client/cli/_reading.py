# generated from templates/runtime/cli/_reading.py by runcomfy-codegen; do not edit
"""Reading what a user points an option at: a text file (or stdin) and the JSON in it. Every
failure names the option and the file: a file that cannot be read is a usage error (64), text
that is not JSON is bad input (65)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from ._exit import BadInput, UsageError

__all__ = ["json_document", "read_text"]


def read_text(path: str, source: str, stdin: TextIO | None = None) -> str:
    """The text of ``path`` (``-``: ``stdin``, when given); ``source`` names the option."""
    if path == "-" and stdin is not None:
        return stdin.read()
    try:
        return Path(path).expanduser().read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{source}: cannot read it ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise BadInput(f"{source}: not UTF-8 text ({exc.reason})") from None


def json_document(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(
            f"{source}: not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
