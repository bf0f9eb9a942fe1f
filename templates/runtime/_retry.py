"""Retrying one HTTP request: which failures are retried, and how long to wait in between.

GETs (and cancel, which is harmless to repeat) are retried on connection errors, timeouts and
the statuses of ``RetryPolicy.statuses`` (408, 429, 5xx), at most ``max_retries`` times,
honouring ``Retry-After``. The submit POST is retried only when the request cannot have reached
the server: RunComfy has no idempotency key, so a blind retry could start, and bill, a second
job. That rule is not part of the policy: no policy can switch it off.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import httpx

from ._backoff import backoff, check_backoff, sane_pause
from ._decoding import Answer, decode_body
from ._errors import APIConnectionError, APITimeoutError, ConfigurationError
from ._protocol import HttpRequest, HttpResponse, Send, Sleep, Step, TransportFailure
from ._redaction import logger, redact_text

__all__ = [
    "DEADLINE_GRACE",
    "RETRY_STATUSES",
    "DeadlinePassed",
    "RetryPolicy",
    "retry_after_seconds",
    "send",
]

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
DEADLINE_GRACE = 0.25
"""Seconds a request begun by its caller's deadline may run past it: the last poll of a wait
lands on the deadline and still gets this long to see the job complete."""
_DELAY_SECONDS = re.compile(r"[0-9]+(\.[0-9]+)?", re.ASCII)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """When and after how long a failed request (a GET, or cancel) is tried again.

    The n-th retry (from 0) waits ``min(max_delay, initial_delay * 2**n)``, shortened by up to
    ``jitter`` (a fraction) at random so many clients do not retry in step: by default
    0.5 s, 1 s, 2 s, ... up to 8 s. A ``Retry-After`` header of at most ``max_retry_after``
    seconds is used instead; a longer one falls back to the backoff. ``statuses`` are the HTTP
    statuses retried (connection errors and timeouts always are). How many retries: the
    client's ``max_retries``. A submit that may have reached the server is never retried,
    whatever the policy says.

    Give a client ``retry_policy=RetryPolicy(...)``; subclass and override ``next_delay`` to
    pause differently.
    """

    initial_delay: float = 0.5
    max_delay: float = 8.0
    jitter: float = 0.25
    max_retry_after: float = 60.0
    statuses: frozenset[int] = RETRY_STATUSES

    def __post_init__(self) -> None:
        check_backoff("RetryPolicy", self.initial_delay, self.max_delay, 2.0, self.jitter)
        if not self.max_retry_after >= 0:
            raise ConfigurationError(
                f"RetryPolicy: max_retry_after must be >= 0 seconds (got {self.max_retry_after})"
            )

    def next_delay(self, retry: int, retry_after: float | None = None) -> float:
        """Seconds to pause before retry number ``retry`` (0 for the first); ``retry_after`` is
        the answer's ``Retry-After`` in seconds, None when it had none (or no answer came)."""
        if retry_after is not None and retry_after <= self.max_retry_after:
            return retry_after
        return backoff(
            retry, initial=self.initial_delay, factor=2.0, cap=self.max_delay, jitter=self.jitter
        )


def retry_after_seconds(headers: Mapping[str, str], now: Callable[[], float]) -> float | None:
    """``Retry-After`` in seconds, or None when absent or unusable.

    Two forms, as HTTP defines them: delay-seconds (``120``; a decimal fraction is accepted) or
    an HTTP-date (``Wed, 21 Oct 2015 07:28:00 GMT``; one in the past means now). A date is
    taken relative to the answer's own ``Date`` header when it has a valid one (so the two
    clocks need not agree), else to ``now()``, the wall clock. Anything else (negative numbers,
    ``nan``, garbage, dates out of range) is ignored: the backoff applies instead.
    """
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if _DELAY_SECONDS.fullmatch(value):
        return float(value)  # may be inf for 400 digits: the policy's max_retry_after decides
    until = _http_date(value)
    if until is None:
        return None
    sent = _http_date(headers.get("date", ""))
    return max(0.0, until - (now() if sent is None else sent))


def _http_date(value: str) -> float | None:
    try:
        return parsedate_to_datetime(value.strip()).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError, OSError):
        return None


class DeadlinePassed(APITimeoutError):
    """A request abandoned because its caller's deadline (e.g. ``wait(timeout=...)``) passed.

    The core turns it into ``WaitTimeoutError``; should one ever escape, it is still an
    ``APITimeoutError`` with the request id.
    """


def send(
    request: HttpRequest,
    *,
    max_retries: int,
    policy: RetryPolicy,
    request_id: str | None = None,
    wallclock: Callable[[], float] = time.time,
    clock: Callable[[], float] = time.monotonic,
    timeout: float | None = None,
    deadline: float | None = None,
) -> Step[Answer]:
    """Send ``request`` with retries; return the decoded answer.

    Each attempt may take ``timeout`` seconds in all (the client's per-request limit), and no
    longer than ``deadline`` (a ``clock`` reading: the caller's time budget, e.g.
    ``wait(timeout=...)``) plus ``DEADLINE_GRACE``. A retry whose pause would end after
    ``deadline`` is not made; the failure surfaces instead.

    Raises the ``APIStatusError`` subclass for an error answer, ``APIConnectionError`` /
    ``APITimeoutError`` when no answer came (``DeadlinePassed`` when it timed out after
    ``deadline``), ``ResponseFormatError`` for a malformed body.
    """
    retries = 0
    while True:
        budget = timeout
        if deadline is not None:
            left = max(deadline - clock(), 0.0) + DEADLINE_GRACE
            budget = left if budget is None else min(budget, left)
        outcome = yield Send(request.with_timeout(budget))
        if isinstance(outcome, TransportFailure):
            timed_out = isinstance(outcome.error, httpx.TimeoutException)
            if timed_out and deadline is not None and clock() >= deadline:
                raise _connection_error(request, outcome, retries, request_id, DeadlinePassed)
            may_retry = request.retry == "idempotent" or not outcome.reached_server
            delay = sane_pause(policy.next_delay(retries))
            if may_retry and retries < max_retries and _in_time(delay, clock, deadline):
                _log_retry(request, type(outcome.error).__name__, delay, retries, max_retries)
                yield Sleep(delay)
                retries += 1
                continue
            raise _connection_error(request, outcome, retries, request_id)
        if not isinstance(outcome, HttpResponse):  # pragma: no cover - a driver bug
            raise TypeError(f"driver sent {outcome!r} for a Send effect")
        if (
            request.retry == "idempotent"
            and outcome.status_code in policy.statuses
            and retries < max_retries
        ):
            hinted = retry_after_seconds(outcome.headers, wallclock)
            delay = sane_pause(policy.next_delay(retries, hinted))
            if _in_time(delay, clock, deadline):
                _log_retry(request, f"HTTP {outcome.status_code}", delay, retries, max_retries)
                yield Sleep(delay)
                retries += 1
                continue
        logger.debug("%s %s -> %s", request.method, request.url, outcome.status_code)
        return decode_body(outcome, request_id=request_id)


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
    kind: type[APIConnectionError] | None = None,
) -> APIConnectionError:
    detail = redact_text(str(failure.error))
    what = f"{request.method} {request.url}: {type(failure.error).__name__}: {detail}"
    if retries:
        what += f" (after {retries} retries)"
    if request.retry == "submit" and failure.reached_server:
        what += (
            ". The request may have reached RunComfy, so it was not repeated (a second submit "
            "could start and bill a second job): check your recent requests before resubmitting"
        )
    if kind is None:
        timed_out = isinstance(failure.error, httpx.TimeoutException)
        kind = APITimeoutError if timed_out else APIConnectionError
    error = kind(what, request_id=request_id)
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
