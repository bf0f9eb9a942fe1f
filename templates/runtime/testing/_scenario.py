"""The knobs of the fake: how long jobs take, how they end, and which requests fail.

Progress is driven by two things at once: a clock and the number of times the client looked.
A job leaves a state only when it has lasted ``*_seconds`` on the clock *and* has been observed
``*_polls`` times (a status or result request). The clock makes demos take real time; the poll
counts guarantee that a client sees every state at least once, even with a frozen clock, so tests
are instant and deterministic.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "Clock",
    "Fault",
    "FaultBudget",
    "JobScript",
    "ManualClock",
    "Outcome",
    "Route",
    "Timings",
    "take_fault",
]

Clock = Callable[[], float]
"""Seconds on a monotonic scale, like :func:`time.monotonic` (the default)."""

Outcome = Literal["completed", "failed", "cancelled"]
Route = Literal["any", "submit", "status", "result", "cancel", "catalog"]


class ManualClock:
    """Virtual time: a clock that moves only when told to, for instant and repeatable tests.

    It is the clock of the fake (``FakeRunComfy(clock=ManualClock())``) and, as a pair, the time
    of a client: ``RunComfy(clock=clock, sleep=clock.sleep)`` (``AsyncRunComfy(...,
    sleep=clock.asleep)``; ``fake.client()`` does this for you). The client's pauses then move
    the clock instead of waiting, and every pause is recorded in ``sleeps``.
    """

    def __init__(self, start: float = 0.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        if not seconds >= 0:  # also NaN
            raise ValueError("a clock does not go backwards")
        self.now += seconds

    def sleep(self, seconds: float) -> None:
        """A blocking client's ``sleep``: record the pause and move the clock."""
        self.advance(seconds)
        self.sleeps.append(seconds)

    async def asleep(self, seconds: float) -> None:
        """An asyncio client's ``sleep``: the same, still a suspension point (so cancelling the
        awaiting task works as with a real sleep)."""
        self.sleep(seconds)
        await asyncio.sleep(0)


def monotonic_clock() -> float:
    return time.monotonic()


@dataclass(frozen=True, slots=True)
class Timings:
    """How long each job stays in each state (both conditions must hold before it moves on)."""

    queue_seconds: float = 0.0
    run_seconds: float = 0.0
    queue_polls: int = 2
    run_polls: int = 1
    queue_position: int = 3
    """``queue_position`` of the first ``in_queue`` answer; it drops by one per poll, down to 1."""

    def __post_init__(self) -> None:
        if (
            min(self.queue_seconds, self.run_seconds) < 0
            or min(self.queue_polls, self.run_polls) < 0
        ):
            raise ValueError("timings cannot be negative")
        if self.queue_position < 1:
            raise ValueError("queue_position starts at 1 or more")

    @classmethod
    def instant(cls) -> Timings:
        """Finish at the first poll after submit (no intermediate state is observable)."""
        return cls(queue_polls=0, run_polls=0)

    @classmethod
    def demo(cls) -> Timings:
        """A few seconds per job on a real clock: long enough to watch, short for a demo."""
        return cls(queue_seconds=1.0, run_seconds=1.5, queue_polls=1, run_polls=1)


@dataclass(frozen=True, slots=True)
class Fault:
    """An HTTP-level failure the fake answers instead of the normal response.

    ``times`` consecutive matching requests get it, then the fake behaves normally again: a
    ``Fault(status=429, retry_after=1, times=3, route="status")`` is a burst of three 429s.
    ``disconnect=True`` drops the connection without an answer (``httpx.ConnectError`` in the
    transport, ``httpx.ReadError`` when combined with ``after_accept``). ``after_accept`` applies to
    submits: the job is created first and the failure sent after, the case where a client must
    not submit again. ``raw_body`` replaces the JSON error body, e.g. to send malformed JSON.
    """

    status: int = 503
    route: Route = "any"
    times: int = 1
    retry_after: float | str | None = None
    body: Mapping[str, Any] | None = None
    raw_body: bytes | None = None
    disconnect: bool = False
    after_accept: bool = False

    def __post_init__(self) -> None:
        if self.times < 1:
            raise ValueError("a fault applies to at least one request")


@dataclass(frozen=True, slots=True)
class JobScript:
    """How one job ends and what goes wrong along the way.

    ``faults`` match requests about this job only (status, result, cancel). ``outcome="failed"``
    ends the run with ``status: failed`` and ``error_message``; ``outcome="cancelled"`` ends it as
    if someone cancelled it elsewhere while it was queued. ``output`` replaces the synthesised one.
    """

    outcome: Outcome = "completed"
    error_message: str = "The model could not produce an output for this input."
    output: Mapping[str, Any] | None = None
    timings: Timings | None = None
    faults: tuple[Fault, ...] = field(default_factory=tuple)


@dataclass(slots=True)
class FaultBudget:
    """A fault and how many more requests it applies to."""

    fault: Fault
    remaining: int

    @classmethod
    def of(cls, fault: Fault) -> FaultBudget:
        return cls(fault, fault.times)

    def take(self, route: str) -> Fault | None:
        if self.remaining > 0 and self.fault.route in ("any", route):
            self.remaining -= 1
            return self.fault
        return None


def take_fault(budgets: list[FaultBudget], route: str) -> Fault | None:
    """The first fault that still applies to ``route``, used up by one request."""
    for budget in budgets:
        fault = budget.take(route)
        if fault is not None:
            return fault
    return None
