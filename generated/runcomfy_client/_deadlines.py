# generated from templates/runtime/_deadlines.py by runcomfy-codegen; do not edit
"""Hard deadlines: an HTTP request never outlives its time budget, body included.

httpx's timeouts bound each network operation, and a read timeout starts again with every
chunk: a server trickling one byte every half second keeps a request alive forever. Every
request of the client and every download therefore gets a budget in seconds (the client's
``timeout``, or less when a ``wait`` / ``run`` timeout comes first), enforced here, in one place:

* ``per_operation`` caps each of httpx's operation timeouts (connect, write, read, pool) at the
  budget, so no single operation can outlast it;
* asyncio: the whole request runs under ``asyncio.timeout`` (``async_budget``); cancelling it
  closes the connection;
* blocking: ``RequestGuard`` arms a timer (one daemon thread for the process, ``_Timer``) that
  at the deadline shuts the request's socket down, which wakes the blocked read at once. The
  socket is learnt from httpcore's ``trace`` events (a new connection) or from the response
  (``network_stream``). Before the response, a request on a reused connection has no known
  socket: then the guard shuts down every socket of its client that no other request in flight
  owns (idle ones are simply reconnected later).

An abandoned request ends as ``httpx.ReadTimeout`` (the driver's ``TransportFailure``), so the
retry rules apply to it as to any timeout. In-process transports (``httpx.MockTransport``, the
fake) have no socket: their answers are instant, and a handler that blocks is not interrupted.
"""

from __future__ import annotations

import heapq
import itertools
import socket
import threading
import time
import weakref
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx

__all__ = ["RequestGuard", "async_budget", "per_operation", "timed_out"]

_IDLE_EXIT = 10.0  # the timer thread ends after this long with nothing to watch


def per_operation(configured: httpx.Timeout, budget: float | None) -> httpx.Timeout:
    """``configured`` with each operation's timeout capped at ``budget`` seconds."""
    if budget is None:
        return configured

    def cap(value: float | None) -> float:
        return budget if value is None else min(value, budget)

    return httpx.Timeout(
        connect=cap(configured.connect),
        read=cap(configured.read),
        write=cap(configured.write),
        pool=cap(configured.pool),
    )


def timed_out(budget: float | None) -> httpx.ReadTimeout:
    """The error of a request abandoned at its deadline."""
    return httpx.ReadTimeout(
        f"no complete answer within the request's time budget ({budget:.3g} s)"
    )


@asynccontextmanager
async def async_budget(budget: float | None) -> AsyncIterator[None]:
    """Run the block within ``budget`` seconds (None: no limit); past it, ``timed_out``."""
    if budget is None:
        yield
        return
    import asyncio  # loaded by now: only the async driver gets here

    try:
        async with asyncio.timeout(budget):
            yield
    except TimeoutError:
        raise timed_out(budget) from None


class _Call:
    __slots__ = ("cancelled", "function")

    def __init__(self, function: Callable[[], None]) -> None:
        self.function: Callable[[], None] | None = function
        self.cancelled = False


class _Timer:
    """Calls functions at monotonic times, from one daemon thread (started when needed, ended
    when idle): one thread for every blocking request in the process."""

    def __init__(self) -> None:
        self._wake = threading.Condition(threading.Lock())
        self._queue: list[tuple[float, int, _Call]] = []  # a heap; cancelled calls skipped
        self._cancelled = 0  # cancelled calls still in the heap
        self._numbers = itertools.count()
        self._thread: threading.Thread | None = None

    def cancel(self, call: _Call) -> None:
        """Drop ``call``: it will not run, and what it holds is released now. Most calls are
        cancelled (a request ends long before its deadline), so the heap is compacted when
        they are the majority, instead of each waiting out its deadline in memory."""
        call.cancelled, call.function = True, None
        with self._wake:
            self._cancelled += 1
            if self._cancelled > 64 and 2 * self._cancelled > len(self._queue):
                self._queue = [entry for entry in self._queue if not entry[2].cancelled]
                heapq.heapify(self._queue)
                self._cancelled = 0

    def call_at(self, when: float, function: Callable[[], None]) -> _Call:
        call = _Call(function)
        with self._wake:
            heapq.heappush(self._queue, (when, next(self._numbers), call))
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="runcomfy-deadlines", daemon=True
                )
                self._thread.start()
            elif self._queue[0][2] is call:
                self._wake.notify()  # the new deadline is the earliest: wake up sooner
        return call

    def _run(self) -> None:
        while True:
            with self._wake:
                while self._queue and self._queue[0][2].cancelled:
                    heapq.heappop(self._queue)
                    self._cancelled = max(self._cancelled - 1, 0)
                if not self._queue:
                    if not self._wake.wait(_IDLE_EXIT) and not self._queue:
                        self._thread = None
                        return
                    continue
                when, _, call = self._queue[0]
                delay = when - time.monotonic()
                if delay > 0:
                    self._wake.wait(delay)
                    continue
                heapq.heappop(self._queue)
                function = call.function
            if function is not None:
                function()  # outside the lock: it takes the guard's own lock


_timer = _Timer()


def _shut_down(stream: Any) -> None:
    """Wake whatever blocks on the stream's socket: the read or write fails at once."""
    try:
        sock = stream.get_extra_info("socket")
        # The plain socket's shutdown, also for an SSLSocket (whose own shutdown would first
        # drop its TLS state from under the thread that is reading).
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except Exception:
        pass


class _Ticket:
    __slots__ = ("budget", "done", "expired", "stream", "timer")

    def __init__(self, budget: float | None) -> None:
        self.budget = budget
        self.stream: Any = None
        self.expired = False
        self.done = False
        self.timer: _Call | None = None


class RequestGuard:
    """Hard deadlines for the blocking requests of one httpx client (see the module docstring).

    ``start(budget)`` before sending, ``trace`` as the request's ``trace`` extension,
    ``attach`` the response's ``network_stream``, ``stop`` when done (also after an error).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._streams: weakref.WeakSet[Any] = weakref.WeakSet()  # every socket seen
        self._live: set[_Ticket] = set()

    def start(self, budget: float | None) -> _Ticket:
        ticket = _Ticket(budget)
        if budget is not None:
            with self._lock:
                self._live.add(ticket)
            ticket.timer = _timer.call_at(time.monotonic() + budget, lambda: self._expire(ticket))
        return ticket

    def tracer(self, ticket: _Ticket) -> Callable[[str, dict[str, Any]], None]:
        """httpcore's ``trace`` callback: learns the socket of a new connection."""

        def trace(event: str, info: dict[str, Any]) -> None:
            stream = info.get("return_value")
            if event.endswith(".complete") and hasattr(stream, "get_extra_info"):
                self.attach(ticket, stream)

        return trace

    def attach(self, ticket: _Ticket, stream: Any) -> None:
        """The request of ``ticket`` runs on ``stream`` (shut down at once if already late)."""
        if stream is None or ticket.budget is None:
            return
        with self._lock:
            self._streams.add(stream)
            ticket.stream = stream
            late = ticket.expired and not ticket.done
        if late:
            _shut_down(stream)

    def stop(self, ticket: _Ticket) -> None:
        if ticket.budget is None:
            return
        with self._lock:
            ticket.done = True
            self._live.discard(ticket)
        if ticket.timer is not None:
            _timer.cancel(ticket.timer)

    def _expire(self, ticket: _Ticket) -> None:
        with self._lock:
            if ticket.done:
                return
            ticket.expired = True
            if ticket.stream is not None:
                targets = [ticket.stream]
            else:  # on a reused connection, before the response: which socket is unknown
                owned = {id(t.stream) for t in self._live if t is not ticket and t.stream}
                targets = [s for s in self._streams if id(s) not in owned]
        for stream in targets:
            _shut_down(stream)
