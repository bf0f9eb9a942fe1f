"""How often ``wait`` / ``run`` / ``updates`` ask for a job's status, and the options they take.

The policies are public: give a client ``poll_policy=PollPolicy(...)`` for a plain backoff,
``AdaptivePollPolicy(...)`` (the default) to change its numbers, or a subclass overriding
``next_delay`` to poll differently (``PollContext`` carries what the client knows at that
moment). ``JobDurations`` holds the recent run durations per model that the adaptive policy
learns from; each client keeps one (the ``durations`` option shares one between clients).
"""

from __future__ import annotations

import dataclasses
import math
import random
import threading
from collections import deque
from dataclasses import dataclass
from typing import Literal

from ._backoff import backoff, check_backoff
from ._contract import DEFAULT_WAIT_TIMEOUT
from ._errors import ConfigurationError
from ._status import JobStatus

__all__ = ["AdaptivePollPolicy", "JobDurations", "PollContext", "PollPolicy", "WaitOptions"]


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
        durations: this model's recent run durations in seconds (start to finish, as the
            client saw them), oldest first; empty when none is known.
        running_for: (at least, at most) seconds the job has been running: since it was first
            seen running, and since it was last seen waiting (queued, or submitted); the upper
            bound is ``math.inf`` when unknown (a job resumed by id). None until seen running.
        queue_rate: queue positions the job moved up per second while watched; None until
            its position changed.
    """

    index: int
    status: JobStatus
    elapsed: float
    remaining: float | None = None
    model_id: str | None = None
    since_submit: float | None = None
    phase: Literal["status", "result"] = "status"
    durations: tuple[float, ...] = ()
    running_for: tuple[float, float] | None = None
    queue_rate: float | None = None


@dataclass(frozen=True, slots=True)
class PollPolicy:
    """Pauses between status requests: ``interval * factor**n``, capped at ``max_interval``,
    shortened by up to ``jitter`` (a fraction) at random. The first request goes out at once.

    The defaults (0.5 s growing x1.5 up to 5 s, 10 % jitter) poll densely while a job is young
    and sparsely once it runs long. This is what ``AdaptivePollPolicy``, the clients' default,
    does while it knows nothing about a model. ``wait(poll_interval=..., max_poll_interval=...)`` overrides
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
class AdaptivePollPolicy(PollPolicy):
    """The default: polls sparsely while a job cannot be near its end, and densely around the
    moment it is most likely to finish, from the model's recent run durations.

    With fewer than ``min_history`` known durations of the model (or while ``/result`` lags
    behind), it is the plain backoff of ``PollPolicy``. Otherwise it forecasts the time left
    (see ``_forecast.py``) from the durations, how long the job has been running (between
    the last sighting of it waiting and the first of it running), and, while it is queued, its
    queue position and how fast the queue moves. It then pauses about ``resolution`` seconds
    around the likely finish, longer where finishing is less likely, and ``max_interval`` far
    before or long after it (when the durations turn out wrong, polling falls back to the
    cap). Pauses stay between ``interval`` (the shortest) and ``max_interval``, so a call's
    ``poll_interval`` / ``max_poll_interval`` bound it as they bound ``PollPolicy``.

    Durations come from the jobs the client has seen finish (``client.durations``); record
    others with ``client.durations.record(model_id, seconds)``.
    """

    resolution: float = 0.8
    min_history: int = 1

    def __post_init__(self) -> None:
        PollPolicy.__post_init__(self)
        if not (self.resolution > 0 and math.isfinite(self.resolution)):
            raise ConfigurationError(
                f"AdaptivePollPolicy: resolution must be > 0 seconds (got {self.resolution})"
            )
        if isinstance(self.min_history, bool) or not (
            isinstance(self.min_history, int) and self.min_history >= 1
        ):
            raise ConfigurationError(
                f"AdaptivePollPolicy: min_history must be an integer >= 1 "
                f"(got {self.min_history!r})"
            )

    def next_delay(self, poll: PollContext) -> float:
        if poll.phase != "status" or len(poll.durations) < self.min_history:
            return PollPolicy.next_delay(self, poll)
        cap = max(self.max_interval, self.interval)
        if cap <= 0:
            return 0.0
        if poll.running_for is not None:
            least, most = poll.running_for
            if not math.isfinite(most):  # resumed: it may have started any time in a usual run
                most = least + sorted(poll.durations)[len(poll.durations) // 2]
        else:  # not started: it starts after the jobs ahead of it (half the expected wait)
            ahead = (poll.status.queue_position or 1) - 1
            wait = 0.5 * ahead / poll.queue_rate if poll.queue_rate and ahead > 0 else 0.0
            least = most = -wait
        from ._forecast import Forecast  # loaded once durations are known, not with the package

        forecast = Forecast(poll.durations, least, most)
        pause = forecast.pause(resolution=self.resolution, floor=min(self.interval, cap), cap=cap)
        return pause * (1.0 - self.jitter * random.random())


class JobDurations:
    """Recent run durations per model, newest last, at most ``keep`` per model.

    Each client keeps one (``client.durations``) and records the run time of every job it sees
    finish; ``AdaptivePollPolicy`` reads it. Pass one object to several clients
    (``durations=``) to share what they learn, or seed it from durations measured elsewhere
    (e.g. a batch journal) with ``record``.
    """

    def __init__(self, keep: int = 20) -> None:
        if isinstance(keep, bool) or not (isinstance(keep, int) and keep >= 1):
            raise ConfigurationError(f"JobDurations: keep must be an integer >= 1 (got {keep!r})")
        self.keep = keep
        self._by_model: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def record(self, model_id: str, seconds: float) -> None:
        """Add one run duration of ``model_id`` (ignored unless a finite number > 0)."""
        if isinstance(seconds, bool) or not isinstance(seconds, int | float):
            return
        if not (seconds > 0 and math.isfinite(seconds)):
            return
        with self._lock:
            recent = self._by_model.get(model_id)
            if recent is None:
                recent = self._by_model[model_id] = deque(maxlen=self.keep)
            recent.append(float(seconds))

    def recent(self, model_id: str | None) -> tuple[float, ...]:
        """The recorded durations of ``model_id``, oldest first (empty when none)."""
        if model_id is None:
            return ()
        with self._lock:
            return tuple(self._by_model.get(model_id, ()))

    def __repr__(self) -> str:
        with self._lock:
            counts = {model: len(values) for model, values in self._by_model.items()}
        return f"JobDurations(keep={self.keep}, models={counts})"


@dataclass(frozen=True, slots=True)
class WaitOptions:
    """Options of ``wait`` / ``run`` / ``updates``; None means the client's default."""

    timeout: float | None = DEFAULT_WAIT_TIMEOUT
    poll_interval: float | None = None
    max_poll_interval: float | None = None
    cancel_on_timeout: bool = False
