# generated from templates/runtime/_backoff.py by runcomfy-codegen; do not edit
"""The one backoff formula of the client: how long to pause before the n-th retry or poll.

``RetryPolicy`` (between retries of one request) and ``PollPolicy`` (between status requests)
both use it, with their own numbers.
"""

from __future__ import annotations

import random

from ._errors import ConfigurationError

__all__ = ["MAX_PAUSE", "backoff", "check_backoff", "sane_pause"]

MAX_PAUSE = 86_400.0
"""No pause is longer than a day, whatever a policy (or a ``Retry-After``) says."""


def backoff(attempt: int, *, initial: float, factor: float, cap: float, jitter: float) -> float:
    """``min(cap, initial * factor**attempt)``, shortened by up to ``jitter`` (a fraction) at random.

    The jitter comes from the ``random`` module, so that clients started together do not retry
    in step (and so that a test seeding ``random``, as hypothesis does, replays the same pauses).
    """
    try:
        grown = initial * factor ** max(attempt, 0)
    except OverflowError:  # factor**attempt past the float range: the cap won long before
        grown = cap
    return min(cap, grown) * (1.0 - jitter * random.random())


def check_backoff(owner: str, initial: float, cap: float, factor: float, jitter: float) -> None:
    """Refuse numbers that make no pause schedule: negative or NaN pauses, a factor below 1
    (pauses that shrink), jitter outside 0..1."""
    if not (initial >= 0 and cap >= 0):  # written so that NaN fails too
        raise ConfigurationError(f"{owner}: pauses must be >= 0 seconds (got {initial}, {cap})")
    if not factor >= 1:
        raise ConfigurationError(f"{owner}: factor must be >= 1 (got {factor})")
    if not 0 <= jitter <= 1:
        raise ConfigurationError(f"{owner}: jitter is a fraction between 0 and 1 (got {jitter})")


def sane_pause(seconds: float) -> float:
    """A pause a driver can take: a policy's answer with NaN and negatives as 0 and at most
    ``MAX_PAUSE`` (a subclassed policy may return anything)."""
    if not seconds > 0:  # also NaN
        return 0.0
    return min(seconds, MAX_PAUSE)
