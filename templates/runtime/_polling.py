"""How often ``wait`` / ``updates`` ask for a job's status, and the options they take."""

from __future__ import annotations

import random
from dataclasses import dataclass

from ._contract import DEFAULT_WAIT_TIMEOUT

__all__ = ["PollPolicy", "WaitOptions"]


@dataclass(frozen=True, slots=True)
class PollPolicy:
    """Gaps between status requests: ``interval * factor**n``, capped at ``max_interval``,
    shortened by up to ``jitter`` (a fraction) at random."""

    interval: float = 0.5
    max_interval: float = 5.0
    factor: float = 1.5
    jitter: float = 0.1

    def delay(self, polls: int, rng: random.Random) -> float:
        # min() before the power would overflow: cap the exponent, the cap wins long before.
        base = min(self.max_interval, self.interval * self.factor ** min(polls, 64))
        return base * (1.0 - self.jitter * rng.random())


@dataclass(frozen=True, slots=True)
class WaitOptions:
    """Options of ``wait`` / ``run`` / ``updates``; None means the client's default."""

    timeout: float | None = DEFAULT_WAIT_TIMEOUT
    poll_interval: float | None = None
    max_poll_interval: float | None = None
    cancel_on_timeout: bool = False
