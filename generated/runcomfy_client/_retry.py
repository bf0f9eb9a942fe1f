# generated from templates/runtime/_retry.py by runcomfy-codegen; do not edit
"""Retrying one HTTP request: which failures are retried, and how long to wait in between.

GETs (and cancel, which is harmless to repeat) are retried on connection errors, timeouts,
408, 429 and 5xx, at most ``max_retries`` times, honouring ``Retry-After``. The submit POST is
retried only when the request cannot have reached the server: RunComfy has no idempotency key,
so a blind retry could start, and bill, a second job.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from ._errors import APIConnectionError, APITimeoutError
from ._protocol import (
    HttpRequest,
    HttpResponse,
    Send,
    Sleep,
    Step,
    TransportFailure,
    decode_body,
    redact,
)

__all__ = ["RETRY_STATUSES", "RetryPolicy", "retry_after_seconds", "send"]

logger = logging.getLogger("runcomfy_client")
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Backoff between retries of one request.

    The n-th retry (from 0) waits ``min(max_delay, initial_delay * 2**n)``, shortened by up to
    ``jitter`` (a fraction) at random so many clients do not retry in step: by default
    0.5 s, 1 s, 2 s, ... up to 8 s. A ``Retry-After`` header of at most ``max_retry_after``
    seconds is used instead; a longer one falls back to the backoff.
    """

    initial_delay: float = 0.5
    max_delay: float = 8.0
    jitter: float = 0.25
    max_retry_after: float = 60.0

    def backoff(self, retry: int, rng: random.Random) -> float:
        delay = min(self.max_delay, self.initial_delay * 2.0 ** min(retry, 64))  # no overflow
        return delay * (1.0 - self.jitter * rng.random())


def retry_after_seconds(headers: Mapping[str, str], now: Callable[[], float]) -> float | None:
    """``Retry-After`` in seconds (delta-seconds or an HTTP-date), or None when absent/invalid.

    ``now`` is the wall clock (``time.time``), needed for the HTTP-date form.
    """
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - now()
        except (TypeError, ValueError, IndexError):
            return None
    return max(0.0, seconds) if seconds == seconds else None  # NaN is not a delay


def send(
    request: HttpRequest,
    *,
    max_retries: int,
    policy: RetryPolicy,
    rng: random.Random,
    request_id: str | None = None,
    secret: str | None = None,
    wallclock: Callable[[], float] = time.time,
    clock: Callable[[], float] = time.monotonic,
    deadline: float | None = None,
) -> Step[dict[str, Any]]:
    """Send ``request`` with retries; return the decoded JSON object of the answer.

    A retry whose wait would end after ``deadline`` (a ``clock`` reading: the caller's time
    budget, e.g. ``wait(timeout=...)``) is not made; the failure surfaces instead.

    Raises the ``APIStatusError`` subclass for an error answer, ``APIConnectionError`` /
    ``APITimeoutError`` when no answer came, ``ResponseFormatError`` for a malformed body.
    """
    retries = 0
    while True:
        outcome = yield Send(request)
        if isinstance(outcome, TransportFailure):
            may_retry = request.retry == "idempotent" or not outcome.reached_server
            delay = policy.backoff(retries, rng)
            if may_retry and retries < max_retries and _in_time(delay, clock, deadline):
                _log_retry(request, type(outcome.error).__name__, delay, retries, max_retries)
                yield Sleep(delay)
                retries += 1
                continue
            raise _connection_error(request, outcome, retries, request_id, secret)
        if not isinstance(outcome, HttpResponse):  # pragma: no cover - a driver bug
            raise TypeError(f"driver sent {outcome!r} for a Send effect")
        if (
            request.retry == "idempotent"
            and outcome.status_code in RETRY_STATUSES
            and retries < max_retries
        ):
            delay = _retry_delay(outcome, retries, policy, rng, wallclock)
            if _in_time(delay, clock, deadline):
                _log_retry(request, f"HTTP {outcome.status_code}", delay, retries, max_retries)
                yield Sleep(delay)
                retries += 1
                continue
        logger.debug("%s %s -> %s", request.method, request.url, outcome.status_code)
        return decode_body(outcome, request_id=request_id, secret=secret)


def _retry_delay(
    response: HttpResponse,
    retries: int,
    policy: RetryPolicy,
    rng: random.Random,
    wallclock: Callable[[], float],
) -> float:
    hinted = retry_after_seconds(response.headers, wallclock)
    if hinted is not None and hinted <= policy.max_retry_after:
        return hinted
    return policy.backoff(retries, rng)


def _in_time(delay: float, clock: Callable[[], float], deadline: float | None) -> bool:
    return deadline is None or clock() + delay <= deadline


def _log_retry(request: HttpRequest, why: str, delay: float, retries: int, limit: int) -> None:
    logger.info(
        "%s %s: %s; retry %d of %d in %.2f s", request.method, request.url, why, retries + 1,
        limit, delay,
    )  # fmt: skip


def _connection_error(
    request: HttpRequest,
    failure: TransportFailure,
    retries: int,
    request_id: str | None,
    secret: str | None,
) -> APIConnectionError:
    detail = redact(str(failure.error), secret)
    what = f"{request.method} {request.url}: {type(failure.error).__name__}: {detail}"
    if retries:
        what += f" (after {retries} retries)"
    if request.retry == "submit" and failure.reached_server:
        what += (
            ". The request may have reached RunComfy, so it was not repeated (a second submit "
            "could start and bill a second job): check your recent requests before resubmitting"
        )
    timed_out = isinstance(failure.error, httpx.TimeoutException)
    error = (APITimeoutError if timed_out else APIConnectionError)(what, request_id=request_id)
    # Not httpx's exception itself: its ``.request`` holds the headers, the API key among them.
    error.__cause__ = _detached(failure.error, detail)
    error.__suppress_context__ = True
    return error


def _detached(error: httpx.RequestError, message: str) -> BaseException | None:
    """A copy of ``error`` (same type, redacted message) with no request, traceback or chain."""
    try:
        return type(error)(message)
    except Exception:  # pragma: no cover - an httpx subclass with another constructor
        return None
