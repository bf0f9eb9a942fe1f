"""The job lifecycle, once, for both clients: submit, status, result, cancel, wait.

Every operation is a generator of effects (see ``_protocol.py``); ``_http.py`` runs them with
blocking or asyncio I/O. All decisions (URLs, auth, retries, polling, state handling, errors)
live here, so the sync and async clients cannot drift apart.

Polling (``wait`` / ``updates``): the first status request goes out at once; then the client's
poll policy sets each gap, between ``poll_interval`` (default 0.5 s) and ``max_poll_interval``
(default 5 s). The default, ``AdaptivePollPolicy``, grows the gaps x1.5 while it knows nothing
of the model, and once it has seen some of the model's jobs finish (``Core.durations``, learnt
from the sightings noted on each ``JobRef``) polls sparsely early and densely around the likely
end. A terminal status is followed by one result request
(none for ``cancelled``: a cancelled job has no output to fetch); when /result lags behind and
still says the job runs, it is asked again at the poll backoff, at most ``RESULT_LAG_FETCHES``
times in all and not past the timeout, then ``ResponseFormatError`` (``JobFailedError`` after
``failed``) is raised; no cancel is ever sent once a terminal status was seen.

Deadlines are hard: every request may take the client's ``timeout`` in all, body included, and
within a wait no longer than its timeout plus ``DEADLINE_GRACE`` (0.25 s: the last poll, which
lands on the deadline, gets that long). A request still unanswered then is abandoned and the
wait raises ``WaitTimeoutError``; a ``cancel_on_timeout`` cancel gets ``CANCEL_SECONDS`` more. So
``wait(timeout=T)`` returns or raises by T + 0.5 s (the drivers enforce budgets: ``_deadlines``).
"""

from __future__ import annotations

import math
import re
import time
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NoReturn, TypeVar

from pydantic import ValidationError

from ._backoff import sane_pause
from ._credentials import Credentials
from ._decoding import ACCEPT_ENCODING, Answer
from ._errors import (
    APIStatusError,
    AuthenticationError,
    CancelNotAllowedError,
    ConfigurationError,
    InvalidIdentifierError,
    JobCancelledError,
    JobFailedError,
    JobNotReadyError,
    ResponseFormatError,
    RunComfyError,
    WaitTimeoutError,
)
from ._polling import AdaptivePollPolicy, JobDurations, PollContext, PollPolicy, WaitOptions
from ._protocol import Emit, HttpRequest, Sleep, Step
from ._redaction import excerpt, logger, register_secret
from ._retry import DeadlinePassed, RetryPolicy, send
from ._status import JobStatus
from ._urls import Endpoints, check_request_id

__all__ = ["Core", "JobRef", "require_key"]

T = TypeVar("T")
# /result asked at most this many times when it lags behind a terminal /status.
RESULT_LAG_FETCHES = 5
# What a cancel_on_timeout cancel may take once the wait's deadline has passed (plus
# _retry.DEADLINE_GRACE): a wait ends within a second of its timeout, cancel included.
CANCEL_SECONDS = 0.25


@dataclass(slots=True)
class JobRef:
    """What the client knows of a job: its id, its URLs, and the last status seen."""

    request_id: str
    status_url: str
    result_url: str
    cancel_url: str
    model_id: str | None = None
    last_status: JobStatus | None = None
    unknown_warned: set[str] = field(default_factory=set)
    submitted_at: float | None = None  # the client's clock when this client submitted it
    # Sightings on the client's clock, for the run duration and the adaptive poll policy.
    waiting_seen: float | None = None  # last seen not yet running (queued or just submitted)
    running_seen: float | None = None  # first seen running (since it last waited)
    running_seen_last: float | None = None  # last seen running
    queue_seen: tuple[float, int] | None = None  # first queue position seen, and when
    queue_rate: float | None = None  # positions moved up per second
    duration_recorded: bool = False

    def sighted(self, status: JobStatus, now: float) -> float | None:
        """Note a status seen at ``now``; the run duration when this completes a watched run
        (start and finish each taken between the two sightings that bracket them)."""
        if status.is_running:
            if self.running_seen is None:
                self.running_seen = now
            self.running_seen_last = now
        elif status.is_succeeded:
            if (
                self.duration_recorded
                or self.running_seen is None
                or self.waiting_seen is None
                or self.running_seen_last is None
            ):
                return None
            self.duration_recorded = True
            started = 0.5 * (self.waiting_seen + self.running_seen)
            return 0.5 * (self.running_seen_last + now) - started
        elif not status.is_terminal:  # queued, or a state this client does not know
            self.waiting_seen = now
            self.running_seen = self.running_seen_last = None  # (re)queued: not running yet
            position = status.queue_position
            if position is not None:
                if self.queue_seen is None or position > self.queue_seen[1]:
                    self.queue_seen = (now, position)
                elif position < self.queue_seen[1] and now > self.queue_seen[0]:
                    self.queue_rate = (self.queue_seen[1] - position) / (now - self.queue_seen[0])
        return None

    def running_for(self, now: float) -> tuple[float, float] | None:
        """(at least, at most) seconds it has been running; None until seen running."""
        if self.running_seen is None:
            return None
        most = math.inf if self.waiting_seen is None else now - self.waiting_seen
        return now - self.running_seen, most


def require_key(credentials: Credentials, *, now: float, request_id: str | None = None) -> str:
    """The key to send at wall-clock time ``now``, else ``AuthenticationError`` saying why."""
    problem = credentials.problem_at(now)
    if problem is not None or credentials.key is None:
        raise AuthenticationError(
            problem or "no RunComfy API key", status_code=401, request_id=request_id
        )
    return credentials.key


class Core:
    """Configuration plus the lifecycle steps. Holds the API key; never shows it."""

    def __init__(
        self,
        *,
        api_key: str | Credentials | None,
        base_url: str,
        max_retries: int,
        retry_policy: RetryPolicy | None = None,
        poll_policy: PollPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
        wallclock: Callable[[], float] = time.time,
        headers: Mapping[str, str] | None = None,
        durations: JobDurations | None = None,
        request_timeout: float | None = None,
    ) -> None:
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise ConfigurationError(f"max_retries must be an integer >= 0, not {max_retries!r}")
        # A plain key (or None: missing) is taken as given; clients pass resolve_credentials().
        self._credentials = (
            api_key if isinstance(api_key, Credentials) else Credentials.given(api_key)
        )
        # Redacted from every error and log record while this core lives (see _redaction).
        weakref.finalize(self, register_secret(self._credentials.key))
        self.endpoints = Endpoints.parse(base_url)
        self.max_retries = max_retries
        self.request_timeout = request_timeout  # seconds per request, body included
        self.retry_policy = retry_policy or RetryPolicy()
        self.poll_policy = poll_policy or AdaptivePollPolicy()
        self.durations = JobDurations() if durations is None else durations
        self._policies: dict[tuple[float | None, float | None], PollPolicy] = {}
        self.clock = clock
        self.wallclock = wallclock
        # Sent with every request; the key is added per request and never stored with these.
        self.headers = {
            "Accept": "application/json",
            "Accept-Encoding": ACCEPT_ENCODING,
            **(headers or {}),
        }
        self._warned_urls = False

    def __repr__(self) -> str:
        return f"Core(base_url={self.endpoints.base_url!r}, api_key={self.key_state})"

    @property
    def has_api_key(self) -> bool:
        return self._credentials.key is not None

    @property
    def credentials(self) -> Credentials:
        """Where the key comes from (``.describe()``); the key itself is never shown."""
        return self._credentials

    @property
    def key_state(self) -> str:
        """``missing`` or ``set (from <source>)``, for reprs."""
        if self._credentials.key is None:
            return "missing"
        return f"set (from {self._credentials.describe()})"

    # ---- one request -------------------------------------------------------------------

    def _request(
        self,
        method: Literal["GET", "POST"],
        url: str,
        *,
        json: Any = None,
        retry: Literal["idempotent", "submit"] = "idempotent",
        request_id: str | None = None,
        deadline: float | None = None,
    ) -> Step[Answer]:
        # No key, or an expired one: AuthenticationError, and nothing is sent.
        api_key = require_key(self._credentials, now=self.wallclock(), request_id=request_id)
        # The key goes only to the API's own origin; every URL we request is checked here.
        if not self.endpoints.is_same_origin(url):
            raise InvalidIdentifierError(f"refusing to send the API key to {url!r}")
        headers = {**self.headers, "Authorization": f"Bearer {api_key}"}
        request = HttpRequest(method, url, json=json, headers=headers, retry=retry)
        return (
            yield from send(
                request,
                max_retries=self.max_retries,
                policy=self.retry_policy,
                request_id=request_id,
                wallclock=self.wallclock,
                clock=self.clock,
                timeout=self.request_timeout,
                deadline=deadline,
            )
        )

    # ---- the four endpoints ------------------------------------------------------------

    def job_ref(self, request_id: str, model_id: str | None = None) -> JobRef:
        """A handle on an existing job, URLs built from its id."""
        check_request_id(request_id)
        status, result, cancel = (
            self.endpoints.request(request_id, leaf) for leaf in ("status", "result", "cancel")
        )
        return JobRef(request_id, status, result, cancel, model_id=model_id)

    def submit(self, model_id: str, body: dict[str, Any]) -> Step[JobRef]:
        """POST the input; the job's URLs are the ones built from its request id."""
        url = self.endpoints.submit(model_id)
        answer = yield from self._request("POST", url, json=body, retry="submit")
        request_id = answer.body.get("request_id")
        if not isinstance(request_id, str) or not request_id:
            raise answer.malformed(
                f"submit answer has no request_id: {excerpt(repr(answer.body))}", None
            )
        try:
            ref = self.job_ref(request_id, model_id)
        except InvalidIdentifierError as exc:
            raise answer.malformed(f"submit answer: {exc}", None) from None
        self._check_returned_urls(ref, answer.body)
        ref.submitted_at = ref.waiting_seen = self.clock()
        logger.debug("submitted %s: request %s", model_id, request_id)
        return ref

    def _check_returned_urls(self, job: JobRef, body: dict[str, Any]) -> None:
        """The URLs a submit answer returns are never requested: a server-returned URL could
        carry dot segments, userinfo or control characters. The ones built from the request id
        are used; a returned one that differs is reported once per client."""
        for leaf, ours in (
            ("status", job.status_url),
            ("result", job.result_url),
            ("cancel", job.cancel_url),
        ):
            given = body.get(f"{leaf}_url")
            if given is not None and given != ours and not self._warned_urls:
                self._warned_urls = True
                logger.warning(
                    "request %s: the server returned %s_url %s, not %s; using %s (not reported "
                    "again for this client)",
                    job.request_id, leaf, excerpt(repr(given), 120), ours, ours,
                )  # fmt: skip

    def status(self, job: JobRef, *, deadline: float | None = None) -> Step[JobStatus]:
        """GET /status once (no retry waits past ``deadline``, a ``clock`` reading)."""
        answer = yield from self._request(
            "GET", job.status_url, request_id=job.request_id, deadline=deadline
        )
        status = self._read_status(job, answer, required=True)
        assert status is not None  # required=True
        return status

    def result(
        self,
        job: JobRef,
        parse: Callable[[dict[str, Any]], T],
        *,
        deadline: float | None = None,
    ) -> Step[T]:
        """GET /result once: the parsed output, or the error the body describes."""
        answer = yield from self._request(
            "GET", job.result_url, request_id=job.request_id, deadline=deadline
        )
        body = answer.body
        status = self._read_status(job, answer, required=False)
        output = body.get("output")
        if output is not None and (status is None or status.is_succeeded):
            if not isinstance(output, dict):
                raise answer.malformed(
                    f"request {job.request_id}: output is not an object: {excerpt(repr(output))}",
                    job.request_id,
                )
            try:
                return parse(output)
            except ValidationError as exc:
                raise answer.malformed(
                    f"request {job.request_id}: the output does not match the model's output "
                    f"schema (the raw body is on .body): {excerpt(str(exc), 1000)}",
                    job.request_id,
                ) from exc
        error = body.get("error")
        if (status is not None and status.is_failed) or error not in (None, "", {}):
            raise _failed(job, status, error)
        if status is not None and status.is_cancelled:
            raise JobCancelledError(
                f"request {job.request_id} was cancelled", request_id=job.request_id, status=status
            )
        if status is not None and status.is_succeeded:
            raise answer.malformed(
                f"request {job.request_id} says {status.status} but has no output: "
                f"{excerpt(repr(body))}",
                job.request_id,
            )
        shown = status.status if status is not None else "unknown"
        raise JobNotReadyError(
            f"request {job.request_id} is not finished yet ({shown}); use wait() to poll",
            request_id=job.request_id,
            status=status,
        )

    def cancel(self, job: JobRef, *, deadline: float | None = None) -> Step[bool]:
        """POST /cancel. True if the job is now cancelled, False if it had already finished
        (a no-op, as RunComfy documents); ``CancelNotAllowedError`` while it runs."""
        answer = yield from self._request(
            "POST", job.cancel_url, request_id=job.request_id, deadline=deadline
        )
        body = answer.body
        state = _state(body.get("status"))
        status = JobStatus(job.request_id, state) if state is not None else job.last_status
        outcome = body.get("outcome")
        if outcome == "cancelled" or (status is not None and status.is_cancelled):
            job.last_status = JobStatus(job.request_id, "cancelled")
            return True
        if status is not None and status.is_terminal:
            job.last_status = status
            return False
        if outcome == "not_cancellable":
            raise CancelNotAllowedError(
                f"request {job.request_id} cannot be cancelled any more "
                f"({status.status if status else 'running'}): RunComfy only cancels queued jobs",
                request_id=job.request_id,
                status=status,
            )
        raise answer.malformed(
            f"request {job.request_id}: unrecognised cancel answer: {excerpt(repr(body))}",
            job.request_id,
        )

    # ---- polling -----------------------------------------------------------------------

    def deadline(self, options: WaitOptions) -> float | None:
        return None if options.timeout is None else self.clock() + options.timeout

    def watch(
        self, job: JobRef, options: WaitOptions, *, deadline: float | None = None
    ) -> Step[JobStatus]:
        """Poll until a terminal status; ``Emit`` each new (status, queue position) once."""
        policy = self._poll_policy(options)
        started = self.clock()
        deadline = self.deadline(options) if deadline is None else deadline
        seen: tuple[str, int | None] | None = None
        polls = 0
        while True:
            try:
                status = yield from self.status(job, deadline=deadline)
            except DeadlinePassed:  # the poll was still unanswered when time ran out
                yield from self._time_out(job, options)
            if (status.status, status.queue_position) != seen:
                seen = (status.status, status.queue_position)
                yield Emit(status)
            if status.is_terminal:
                return status
            now = self.clock()
            if deadline is not None and now >= deadline:
                yield from self._time_out(job, options)
            delay = self._pause(policy, job, status, polls, started, now, deadline, "status")
            yield Sleep(delay)
            polls += 1

    def wait(
        self, job: JobRef, parse: Callable[[dict[str, Any]], T], options: WaitOptions
    ) -> Step[T]:
        """Poll until terminal, then fetch the result once; the typed output or an error."""
        deadline = self.deadline(options)
        final = yield from self.watch(job, options, deadline=deadline)
        if final.is_cancelled:
            raise JobCancelledError(
                f"request {job.request_id} was cancelled", request_id=job.request_id, status=final
            )
        policy = self._poll_policy(options)
        started = self.clock()
        fetches = 0
        while True:
            try:
                return (yield from self.result(job, parse, deadline=deadline))
            except JobNotReadyError as exc:
                # /result can lag behind /status for a moment: ask /result again, at the poll
                # backoff, without reporting the terminal status a second time. Not forever, nor
                # past the timeout, and never a cancel: the job has finished.
                fetches += 1
                now = self.clock()
                if fetches >= RESULT_LAG_FETCHES or (deadline is not None and now >= deadline):
                    raise _result_lagging(job, final, exc, fetches) from exc
                delay = self._pause(
                    policy, job, final, fetches - 1, started, now, deadline, "result"
                )
                yield Sleep(delay)
            except DeadlinePassed as exc:
                if final.is_failed:  # its details did not come in time: still a job failure
                    raise _failed(job, final, None) from exc
                raise WaitTimeoutError(
                    f"request {job.request_id} finished ({final.status}) but its result did not "
                    f"arrive within the {options.timeout} s timeout; fetch it with "
                    "client.job(request_id, model=...).result()",
                    request_id=job.request_id,
                    status=final,
                    timeout=options.timeout or 0.0,
                ) from exc
            except APIStatusError as exc:
                if not final.is_failed:
                    raise
                # The job failed and its details could not be fetched: still a job failure.
                raise _failed(job, final, None) from exc

    def _time_out(self, job: JobRef, options: WaitOptions) -> Step[NoReturn]:
        outcome: str | None = None
        if options.cancel_on_timeout:
            try:
                # Past the deadline already: the cancel gets CANCEL_SECONDS (and the grace).
                cancelled = yield from self.cancel(job, deadline=self.clock() + CANCEL_SECONDS)
                outcome = "cancelled" if cancelled else "finished"
            except CancelNotAllowedError:
                outcome = "not_cancellable"
            except RunComfyError as exc:
                logger.warning("request %s: cancel after timeout failed: %s", job.request_id, exc)
                outcome = "cancel failed"
        last = job.last_status
        message = (
            f"request {job.request_id} did not finish within {options.timeout} s "
            f"(last status: {last or 'none'})"
        )
        message += (
            f"; cancel: {outcome}"
            if outcome
            else "; it keeps running: resume with client.job(request_id, model=...)"
        )
        raise WaitTimeoutError(
            message,
            request_id=job.request_id,
            status=last,
            timeout=options.timeout or 0.0,
            cancel_outcome=outcome,
        )

    def _poll_policy(self, options: WaitOptions) -> PollPolicy:
        intervals = (options.poll_interval, options.max_poll_interval)
        policy = self._policies.get(intervals)
        if policy is None:  # a new policy object per call would be built and checked each time
            if len(self._policies) >= 64:
                self._policies.clear()
            policy = self._policies[intervals] = self.poll_policy.with_intervals(*intervals)
        return policy

    def _pause(
        self,
        policy: PollPolicy,
        job: JobRef,
        status: JobStatus,
        index: int,
        started: float,
        now: float,
        deadline: float | None,
        phase: Literal["status", "result"],
    ) -> float:
        """The policy's pause before the next request; never past the deadline, so the last
        request lands on it."""
        context = PollContext(
            index=index,
            status=status,
            elapsed=now - started,
            remaining=None if deadline is None else deadline - now,
            model_id=job.model_id,
            since_submit=None if job.submitted_at is None else now - job.submitted_at,
            phase=phase,
            durations=self.durations.recent(job.model_id),
            running_for=job.running_for(now),
            queue_rate=job.queue_rate,
        )
        delay = sane_pause(policy.next_delay(context))
        return delay if deadline is None else min(delay, max(deadline - now, 0.0))

    def _read_status(self, job: JobRef, answer: Answer, *, required: bool) -> JobStatus | None:
        body = answer.body
        state = _state(body.get("status"))
        if state is None:
            if required or body.get("status") not in (None, ""):
                raise answer.malformed(
                    f"request {job.request_id}: the answer has no usable status (a word of at "
                    f"most {MAX_STATE_CHARS} characters): {excerpt(repr(body))}",
                    job.request_id,
                )
            return None
        position = body.get("queue_position")
        if not isinstance(position, int) or isinstance(position, bool):
            position = None
        status = JobStatus(job.request_id, state, position)
        ran = job.sighted(status, self.clock())
        if ran is not None and job.model_id is not None:
            self.durations.record(job.model_id, ran)
        if not status.is_known and state not in job.unknown_warned:
            job.unknown_warned.add(state)
            logger.warning(
                "request %s: unknown status %r, treated as still running", job.request_id, state
            )
        job.last_status = status
        return status


MAX_STATE_CHARS = 64
_STATE = re.compile(r"[A-Za-z0-9_.:-][A-Za-z0-9_.: -]{0,%d}" % (MAX_STATE_CHARS - 1))  # noqa: UP031


def _state(value: object) -> str | None:
    """A status value that can be shown and compared (RunComfy's are words like ``in_queue``);
    None for anything else, so no server can put a megabyte or a control character in the
    messages and logs that name a status."""
    return value if isinstance(value, str) and _STATE.fullmatch(value) else None


def _result_lagging(
    job: JobRef, final: JobStatus, not_ready: JobNotReadyError, fetches: int
) -> RunComfyError:
    """/status said ``final`` (completed or failed) but /result kept saying otherwise."""
    if final.is_failed:
        return _failed(job, final, None)
    shown = not_ready.status.status if not_ready.status is not None else "no status"
    return ResponseFormatError(
        f"request {job.request_id}: /status said {final.status} but /result still said {shown} "
        f"after {fetches} fetch(es); the job has finished: fetch its output later with "
        "client.job(request_id, model=...).result()",
        request_id=job.request_id,
    )


def _failed(job: JobRef, status: JobStatus | None, error: object) -> JobFailedError:
    detail: str | None = None
    if isinstance(error, str) and error:
        detail = error
    elif isinstance(error, dict):
        for key in ("message", "error_message", "detail", "type"):
            if isinstance(error.get(key), str) and error[key]:
                detail = error[key]
                break
    if detail is None and error not in (None, "", {}):
        detail = excerpt(repr(error))
    shown = excerpt(detail, 1000) if detail else "the server gave no reason"
    return JobFailedError(
        f"request {job.request_id} failed: {shown}",
        request_id=job.request_id,
        status=status or JobStatus(job.request_id, "failed"),
        error_message=detail,
        error=error,
    )
