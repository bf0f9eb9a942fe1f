"""Where everything the CLI says goes: machine output on stdout, people's on stderr.

``--output pretty`` (the default): stdout carries what a script captures (a bare request id, a
status word, the output JSON indented); stderr carries progress, notes and ``error: ...`` lines.
``--output json`` (or ``--json``): stdout carries one compact JSON document; stderr stays quiet
but for errors and warnings, each a one-line JSON object. ``-q`` silences everything on stderr
but errors; ``-v`` adds debug lines (``-vv`` those of httpx too). ``NO_COLOR`` or ``TERM=dumb``
turn off terminal control sequences (the redrawn progress line).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal, TextIO

__all__ = ["Output", "OutputMode"]

OutputMode = Literal["pretty", "json"]
_LOGGER = "runcomfy_client"


@dataclass
class Output:
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    mode: OutputMode = "pretty"
    quiet: bool = False
    verbose: int = 0
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)

    @property
    def json(self) -> bool:
        return self.mode == "json"

    @property
    def chatty(self) -> bool:
        """Progress and notes go to stderr (pretty mode, not quiet)."""
        return not self.quiet and not self.json

    @property
    def terminal_control(self) -> bool:
        """Redrawing a line in place is allowed: stderr is a terminal that wants it."""
        if "NO_COLOR" in self.environ or self.environ.get("TERM") == "dumb":
            return False
        return self.err.isatty()

    # ---- stdout ------------------------------------------------------------------------

    def document(self, data: Any) -> None:
        """A JSON document: indented in pretty mode, one compact line in json mode."""
        if self.json:
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        else:
            text = json.dumps(data, ensure_ascii=False, indent=2)
        self.out.write(text + "\n")
        self.out.flush()

    def value(self, bare: str, document: Mapping[str, Any]) -> None:
        """``bare`` alone on stdout in pretty mode (``RID=$(runcomfy-py submit ...)``), else
        ``document`` as JSON."""
        if self.json:
            self.document(dict(document))
        else:
            self.out.write(bare + "\n")
            self.out.flush()

    def text(self, text: str) -> None:
        """Text for people on stdout (a table, a description), pretty mode only."""
        self.out.write(text if text.endswith("\n") else text + "\n")
        self.out.flush()

    # ---- stderr ------------------------------------------------------------------------

    def note(self, text: str) -> None:
        """Something a person may want to know; not shown with -q or --output json."""
        if self.chatty:
            self._err(text)

    def warning(self, text: str) -> None:
        """Something that may change the result (e.g. a rule not checked); not shown with -q."""
        if self.quiet:
            return
        self._err(
            json.dumps({"warning": text}, ensure_ascii=False) if self.json else f"note: {text}"
        )

    def debug(self, text: str) -> None:
        if self.verbose and not self.quiet:
            self._err(f"[v] {text}")

    def error(self, message: str, hints: list[str] | None = None, **extra: Any) -> None:
        """Always shown: ``error: message`` and ``hint`` lines, or one JSON object."""
        hints = hints or []
        if self.json:
            body: dict[str, Any] = {"error": message}
            if hints:
                body["hints"] = hints
            body.update({k: v for k, v in extra.items() if v is not None})
            self._err(json.dumps(body, ensure_ascii=False))
            return
        self._err(f"error: {message}")
        for hint in hints:
            self._err(f"  {hint}")

    def _err(self, line: str) -> None:
        self.err.write(line + "\n")
        self.err.flush()

    # ---- the client's log records ----------------------------------------------------------

    @contextmanager
    def showing_logs(self) -> Iterator[None]:
        """While active, the client's warnings show as notes and, with -v, its debug lines."""
        handler = _ToOutput(self)
        logger = logging.getLogger(_LOGGER)
        old_level = logger.level
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG if self.verbose else logging.WARNING)
        extra = (
            [logging.getLogger(name) for name in ("httpx", "httpcore")] if self.verbose > 1 else []
        )
        old_extra = [(x, x.level) for x in extra]
        for other in extra:
            other.addHandler(handler)
            other.setLevel(logging.DEBUG)
        try:
            yield
        finally:
            logger.removeHandler(handler)
            logger.setLevel(old_level)
            for other, level in old_extra:
                other.removeHandler(handler)
                other.setLevel(level)


class _ToOutput(logging.Handler):
    def __init__(self, output: Output) -> None:
        super().__init__(logging.DEBUG)
        self.output = output

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # a malformed record must not break the command
            text = str(record.msg)
        if record.levelno >= logging.WARNING:
            self.output.warning(text)
        else:
            self.output.debug(text)
