# generated from templates/runtime/_polling.py by runcomfy-codegen; do not edit
"""How often ``wait`` / ``run`` / ``updates`` ask for a job's status, and the options they take.

``PollPolicy`` is public: give a client ``poll_policy=PollPolicy(...)`` to change the numbers, or
a subclass overriding ``next_delay`` to poll differently (for example by queue position or by how
long a model usually takes; ``PollContext`` carries what the client knows at that moment).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

from ._backoff import backoff, check_backoff
from ._contract import DEFAULT_WAIT_TIMEOUT
from ._status import JobStatus

__all__ = ["PollContext", "PollPolicy", "WaitOptions"]


@dataclass(frozen=True, slots=True)
class PollContext:
    """What the client knows when it decides how long to pause before asking again.

    Attributes:
        index: pauses already taken in this wait (0 before the second request, 1 before the
            third, ...).
        status: the last status seen (``queue_position`` included while queued).
        elapsed: seconds since the wait (or ``updates()``) started, on the client's clock.
        remaining: seconds left before the wait's timeout; None without a timeout.
        model_id: the job's model, when known.
        since_submit: seconds since this client submitted the job; None for a job resumed by id.
        phase: ``"status"`` while polling for a terminal state, ``"result"`` while ``/result``
            still lags behind a terminal ``/status``.
    """

    index: int
    status: JobStatus
    elapsed: float
    remaining: float | None = None
    model_id: str | None = None
    since_submit: float | None = None
    phase: Literal["status", "result"] = "status"


@dataclass(frozen=True, slots=True)
class PollPolicy:
    """Pauses between status requests: ``interval * factor**n``, capped at ``max_interval``,
    shortened by up to ``jitter`` (a fraction) at random. The first request goes out at once.

    The defaults (0.5 s growing x1.5 up to 5 s, 10 % jitter) poll densely while a job is young
    and sparsely once it runs long. ``wait(poll_interval=..., max_poll_interval=...)`` overrides
    the two bounds for one call (see ``with_intervals``).

    To poll differently, subclass and override ``next_delay``; the result is the pause in
    seconds (the client never pauses past the wait's timeout, whatever it returns).
    """

    interval: float = 0.5
    max_interval: float = 5.0
    factor: float = 1.5
    jitter: float = 0.1

    def __post_init__(self) -> None:
        check_backoff("PollPolicy", self.interval, self.max_interval, self.factor, self.jitter)

    def next_delay(self, poll: PollContext) -> float:
        """Seconds to pause before the next request."""
        return backoff(
            poll.index,
            initial=self.interval,
            factor=self.factor,
            cap=max(self.max_interval, self.interval),
            jitter=self.jitter,
        )

    def with_intervals(self, interval: float | None, max_interval: float | None) -> PollPolicy:
        """This policy with one call's ``poll_interval`` / ``max_poll_interval`` (None keeps the
        policy's own). A cap below the interval is raised to the interval."""
        if interval is None and max_interval is None:
            return self
        new_interval = self.interval if interval is None else interval
        new_cap = self.max_interval if max_interval is None else max_interval
        return dataclasses.replace(
            self, interval=new_interval, max_interval=max(new_cap, new_interval)
        )


@dataclass(frozen=True, slots=True)
class WaitOptions:
    """Options of ``wait`` / ``run`` / ``updates``; None means the client's default."""

    timeout: float | None = DEFAULT_WAIT_TIMEOUT
    poll_interval: float | None = None
    max_poll_interval: float | None = None
    cancel_on_timeout: bool = False
