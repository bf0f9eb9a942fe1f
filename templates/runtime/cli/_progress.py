"""The progress line of ``runcomfy-py run`` / ``wait``, on stderr (stdout carries only JSON).

On a terminal the line is redrawn in place several times a second so the elapsed time keeps
moving while the job is queued; otherwise (a pipe, a CI log, ``NO_COLOR``) one line is written
per change; with ``-q`` or ``--output json`` nothing is written (``enabled=False``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

from .._status import JobStatus

__all__ = ["Progress"]

_REDRAW_SECONDS = 0.2


def describe(status: JobStatus) -> str:
    if status.is_queued and status.queue_position is not None:
        return f"{status.status}, queue position {status.queue_position}"
    return status.status


class Progress:
    """Call ``update`` with each new status (it is the ``on_update`` callback)."""

    def __init__(
        self,
        stream: TextIO,
        *,
        live: bool | None = None,
        enabled: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.enabled = enabled
        self.live = enabled and (stream.isatty() if live is None else live)
        self.clock = clock
        self.started = clock()
        self.last: JobStatus | None = None
        self._text = "submitting"
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _line(self) -> str:
        return f"[{self.clock() - self.started:6.1f}s] {self._text}"

    def _draw(self) -> None:
        with self._lock:
            self.stream.write("\r\x1b[K" + self._line())
            self.stream.flush()

    def _redraw_forever(self) -> None:
        while not self._stop.wait(_REDRAW_SECONDS):
            self._draw()

    def __enter__(self) -> Progress:
        if self.live:
            self._draw()
            self._thread = threading.Thread(target=self._redraw_forever, daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._draw()
            self.stream.write("\n")
            self.stream.flush()

    def note(self, text: str) -> None:
        """Show ``text`` as the current state (e.g. "submitted as <id>")."""
        self._text = text
        if not self.enabled:
            return
        if self.live:
            self._draw()
        else:
            self.stream.write(self._line() + "\n")
            self.stream.flush()

    def above(self, text: str) -> None:
        """A line of its own (e.g. a batch input that failed), above the live line."""
        if not self.enabled:
            return
        with self._lock:
            self.stream.write(("\r\x1b[K" if self.live else "") + text + "\n")
            if self.live:
                self.stream.write(self._line())
            self.stream.flush()

    def update(self, status: JobStatus) -> None:
        self.last = status
        self.note(describe(status))
