"""The batch scheduler: many job lifecycles at once, without doing any I/O itself.

Each input runs the core's own steps (``_core.py``): ``Core.submit``, then ``Core.wait``, then,
with a download folder, a ``Fetch``. The scheduler holds these generators and multiplexes
them: a driver (``_batch.py``: threads for the blocking client, asyncio tasks for the async one)
calls ``advance(completions)`` with the outcomes of the requests it performed and gets back
what to send next, the finished items and when to call again. So the lifecycle is written once
(in the core), the batch logic once (here), and the two drivers only move bytes.

Between two ``advance`` calls every journal write is gathered into one transaction, committed
*before* the requests are handed out: a submit's "submitting" mark is durable before its POST
leaves, and a request id is durable before anything else happens after its answer.

Submits are admitted while fewer than ``limit`` jobs are in flight (submitting, queued or
running): one alone until a first one is accepted (so a wrong key or model costs one refused
request), then at most ``max(8, concurrency / 10)`` at once (the most a kill can leave
uncertain), in rounds at most every 50 ms (each round's "submitting" marks share one fsync). ``limit`` adapts (``AdaptiveLimit``): on rate limiting (a 429 on a submit, or many
429s among recent polls) it drops to the jobs RunComfy holds for us, no submit goes out before
``Retry-After`` (or a backoff) has passed; then it grows by 1 for every ``limit`` submits
accepted in a row, never above the ``concurrency`` asked for.

What a failed submit means decides what happens to its input:
* refused for sure (429 or 408, or never sent): back in line, submitted again later;
* rejected (another 4xx: the input is wrong, e.g. 422): ``failed``;
* the batch cannot go on (401, 402, 403, an unknown model): no more submits; jobs in flight are
  still collected, then the error is raised;
* anything else (a 5xx, a connection lost after sending, a 2xx without request id): the POST
  may have started a job, so the input is ``uncertain`` and never sent again on its own; the
  next submit waits a backoff, and after 3 such submits in a row the batch stops (an outage).
Polls follow the core's retry rules; a poll that still fails is tried again after a backoff
(the job is not lost). When no request at all has succeeded for ``stall_timeout`` seconds the
batch stops submitting and ends with the last error (jobs in flight stay in the journal).
"""

from __future__ import annotations

import heapq
import logging
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import count
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from pydantic import BaseModel

from ._batch_inputs import InputRecord, InputSource
from ._batch_items import (
    BatchItem,
    BatchProgress,
    BatchStatus,
    BatchUpdate,
    error_from_record,
    error_record,
)
from ._core import Core, JobRef
from ._errors import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    DownloadError,
    InputValidationError,
    JobCancelledError,
    JobFailedError,
    NotFoundError,
    PaymentRequiredError,
    PermissionDeniedError,
    ResponseFormatError,
    RunComfyError,
)
from ._polling import WaitOptions
from ._protocol import Emit, HttpResponse, Send, Sleep, TransportFailure
from ._resource import build_body
from ._status import JobStatus

if TYPE_CHECKING:
    from ._journal import Journal, JournalRow

__all__ = ["Actions", "AdaptiveLimit", "BatchPlan", "Fetch", "Scheduler"]

logger = logging.getLogger("runcomfy_client")

READ_AHEAD = 256  # inputs read per advance() at most, so a driver's loop stays responsive
STORM_WINDOW = 20  # recent poll answers looked at for a 429 storm
STORM_SHARE = 0.5  # ... of which this share being 429 counts as rate limiting
DEFAULT_STALL_TIMEOUT = 600.0
RATE_AFTER_SECONDS, RATE_AFTER_INPUTS = 3.0, 3
# Submits in the air at once: max(this, concurrency / 10). A killed process leaves at most that
# many inputs uncertain; 8 submits of ~0.3 s each still start ~25 jobs a second.
MIN_SUBMITS_AT_ONCE = 8
# A round of submits at most this often: each round's "submitting" marks cost one fsync.
SUBMIT_ROUND_SECONDS = 0.05
# Submits in a row that may or may not have started a job (5xx, answer lost), none accepted in
# between: then RunComfy is having an outage, and the batch stops instead of going on.
UNCERTAIN_IN_A_ROW = 3
# The longest pause between two polls of a job, as a share of the model's usual run time, while
# the batch's caller sets no ``max_poll_interval`` (see ``Scheduler._wait_options``).
POLL_SHARE_OF_RUN = 0.1
# Not sent again, or not at all: the error of the first kind that stops the batch.
_FATAL = (AuthenticationError, PermissionDeniedError, PaymentRequiredError)


@dataclass(frozen=True, slots=True)
class Fetch:
    """Download the files of ``output`` (plain JSON) into ``directory``. The driver answers
    with the list of paths, or the ``DownloadError`` / ``OSError``."""

    output: Any
    directory: Path


Dispatch = Send | Fetch
_Step = Generator[Any, Any, Any]


class AdaptiveLimit:
    """How many jobs may be in flight.

    Rate limited (a refused submit, or a storm of 429s on polls): the limit drops to the jobs
    RunComfy holds for us at that moment (it took that many and refused one more), and by at
    least one; at most once per pause, and no submit goes out before the pause (the server's
    ``Retry-After``, else a growing backoff) is over. Healthy: +1 for every ``limit`` submits
    accepted in a row, never above ``maximum``.
    """

    def __init__(self, maximum: int) -> None:
        if maximum < 1:
            raise ValueError("concurrency must be at least 1")
        self.maximum = maximum
        self.limit = maximum
        self.paused_until = float("-inf")
        self.refusals = 0  # rate-limit pauses in a row, without an accepted submit
        self._credit = 0

    def rate_limited(self, now: float, delay: float, held: int) -> None:
        """RunComfy said slow down while it held ``held`` of our jobs."""
        if now >= self.paused_until:
            self.limit = max(1, min(self.limit - 1, held))
            self.refusals += 1
            self._credit = 0
        self.paused_until = max(self.paused_until, now + delay)

    def accepted(self) -> None:
        self.refusals = 0
        self._credit += 1
        if self._credit >= self.limit and self.limit < self.maximum:
            self.limit += 1
            self._credit = 0


@dataclass(frozen=True, slots=True)
class BatchPlan:
    """Everything a scheduler needs besides the journal and the input."""

    core: Core
    model_id: str
    input_model: type[BaseModel]
    parse_output: Callable[[dict[str, Any]], Any]
    concurrency: int = 10
    wait: WaitOptions = field(default_factory=lambda: WaitOptions(timeout=None))
    download: Path | None = None
    retry_failed: bool = False
    resubmit_uncertain: bool = False
    stall_timeout: float = DEFAULT_STALL_TIMEOUT
    request_slots: int = 100  # requests the driver performs at once (more wait for a slot)


@dataclass(slots=True)
class Actions:
    """What the driver does after ``advance``: perform ``dispatch`` (token, effect) pairs, hand
    ``items`` and ``updates`` to the caller, call again on a completion or at ``wake_at`` (a
    ``clock`` reading; None: only on a completion). ``finished``: stop; raise ``error`` if set."""

    dispatch: list[tuple[int, Dispatch]]
    items: list[BatchItem[Any]]
    updates: list[BatchUpdate]
    wake_at: float | None
    finished: bool
    error: BaseException | None


@dataclass(slots=True)
class _Op:
    token: int
    key: int
    kind: Literal["submit", "watch", "fetch"]
    step: _Step
    request_id: str | None = None
    record: InputRecord | None = None  # submit: to send it again when refused
    reached: bool = False  # submit: a request may have reached the server
    response: HttpResponse | None = None  # the last answer seen (its Retry-After)
    status: str = "in_queue"  # watch: the last status seen
    output: Any = None  # fetch: the typed output, for the item


def _fetch_step(output: Any, directory: Path) -> _Step:
    done = yield Fetch(output, directory)
    if isinstance(done, BaseException):
        raise done
    return done


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


class Scheduler:
    """One batch run. Not thread-safe: one driver calls ``advance`` from one thread."""

    def __init__(self, plan: BatchPlan, journal: Journal, source: InputSource) -> None:
        self.plan = plan
        self.core = plan.core
        self.journal = journal
        self.source = source
        self.limiter = AdaptiveLimit(plan.concurrency)
        self._tokens = count(1)
        self._timers: list[tuple[float, int, _Op | None]] = []
        self._waiting: dict[int, _Op] = {}  # token -> op whose dispatch is being performed
        self._ops: dict[int, _Op] = {}  # every live op by token
        self._jobs = 0  # submit + watch ops: jobs in flight
        self._fetches = 0
        self._dispatch: list[tuple[int, Dispatch]] = []
        self._items: list[BatchItem[Any]] = []
        self._updates: list[BatchUpdate] = []
        self._records: Iterator[InputRecord] | None = None
        self._held: InputRecord | None = None
        self._requeued: deque[InputRecord] = deque()
        self._resumed: set[int] = set()
        self._seen: set[int] = set()
        self._stopping: BaseException | None = None
        self._started = False
        self._accepted_any = False
        self._uncertain_in_a_row = 0  # submits that may have started a job, none accepted since
        self._max_submitting = max(MIN_SUBMITS_AT_ONCE, plan.concurrency // 10)
        self._next_round = float("-inf")  # submits go out in rounds: see SUBMIT_ROUND_SECONDS
        self._round_open = True
        self._exhausted = False
        self._total: int | None = None
        self._counts = dict.fromkeys(
            (
                "pending",
                "submitting",
                "queued",
                "running",
                "succeeded",
                "failed",
                "cancelled",
                "uncertain",
            ),
            0,
        )
        self._finished_here = 0
        self._storm: deque[bool] = deque(maxlen=STORM_WINDOW)
        self._start_time = self.core.clock()
        self._last_success = self._start_time

    # ---- the driver's entry point ---------------------------------------------------------------

    def advance(self, completions: Iterable[tuple[int, Any]] = ()) -> Actions:
        """Feed the outcomes of performed dispatches; get what to do next (journal committed)."""
        if not self._started:
            self._start()
        for token, outcome in completions:
            op = self._waiting.pop(token)
            self._observe(op, outcome)
            self._resume(op, outcome)
        now = self.core.clock()
        self._fire_timers(now)
        more = self._admit(now)
        self.journal.commit(force=False)
        finished = self._finished()
        actions = Actions(
            self._dispatch,
            self._items,
            self._updates,
            None if finished else (now if more else self._wake_at(now)),
            finished,
            self._stopping if finished else None,
        )
        self._dispatch, self._items, self._updates = [], [], []
        return actions

    def progress(self) -> BatchProgress:
        now = self.core.clock()
        elapsed = now - self._start_time
        c = self._counts
        done = c["succeeded"] + c["failed"] + c["cancelled"] + c["uncertain"]
        # A rate (and ETA) once it means something: a few inputs finished, a few seconds in.
        known = elapsed >= RATE_AFTER_SECONDS and self._finished_here >= RATE_AFTER_INPUTS
        rate = self._finished_here / elapsed if known else None
        in_flight = self._jobs + self._fetches
        pending = c["pending"] if self._total is None else max(0, self._total - done - in_flight)
        eta = None
        if rate and self._total is not None:
            eta = (self._total - done) / rate
        return BatchProgress(
            self._total,
            pending,
            c["submitting"],
            c["queued"],
            c["running"],
            c["succeeded"],
            c["failed"],
            c["cancelled"],
            c["uncertain"],
            self.limiter.limit,
            elapsed,
            rate,
            eta,
        )

    # ---- starting and resuming --------------------------------------------------------------------

    def _start(self) -> None:
        self._started = True
        journal, source = self.journal, self.source
        if source.rereadable:
            scanned = ((record.key, record.digest) for record in source.records())
            journal.record_all(scanned, source.description)
            self._total = sum(journal.counts().values())
        now = self.core.wallclock()
        if not self.plan.resubmit_uncertain:
            stalled = journal.mark_stalled_submits(
                {
                    "type": "APIConnectionError",
                    "message": "the batch stopped while this input was being submitted: RunComfy "
                    "may or may not have started a job for it",
                },
                now,
            )
            if stalled:
                from ._journal import describe_keys

                logger.warning(
                    "%s left uncertain by an earlier run", describe_keys(stalled, journal.key_name)
                )
        durations, model_id = self.core.durations, self.plan.model_id
        if not durations.recent(model_id):  # what earlier runs learnt of this model's jobs
            for seconds in journal.run_seconds(durations.keep):
                durations.record(model_id, seconds)
        clock_now, wall_now = self.core.clock(), self.core.wallclock()
        for row in journal.rows("submitted"):
            self._resumed.add(row.key)
            ref = self.core.job_ref(row.request_id or "", model_id)
            if row.submitted_at is not None:  # on the client's clock, for the poll policy
                ref.submitted_at = clock_now - max(0.0, wall_now - row.submitted_at)
            self._watch(row.key, ref, row.status or "in_queue")
        self.journal.commit()
        self._records = source.records()

    # ---- reading inputs and admitting submits ----------------------------------------------------

    def _admit(self, now: float) -> bool:
        """Start what can start; True when more input is waiting to be read at once."""
        read = 0
        self._round_open = now >= self._next_round
        while self._stopping is None:
            if self._requeued and self._can_submit(now):
                self._submit(self._requeued.popleft())
                continue
            if self._held is not None:
                if not self._can_submit(now):
                    return False
                record, self._held = self._held, None
                self._submit(record)
                continue
            if read >= READ_AHEAD:
                return True
            if self._fetches >= self.plan.concurrency:
                return False  # downloads of earlier outputs first; a finished one wakes us
            fresh = self._next_record()
            if fresh is None:
                return False
            read += 1
            self._take(fresh, now)
        return False

    def _next_record(self) -> InputRecord | None:
        if self._exhausted or self._records is None:
            return None
        record = next(self._records, None)
        if record is None:
            self._exhausted = True
            self._source_done()
        return record

    def _source_done(self) -> None:
        if not self.source.rereadable:
            self.journal.finish_reading(self._seen, self.source.description)
            self._total = len(self._seen)

    def _take(self, record: InputRecord, now: float) -> None:
        """Decide about one input read from the source."""
        self._seen.add(record.key)
        if self.source.rereadable:
            row = self.journal.row(record.key)
        else:
            row = self.journal.ensure(record.key, record.digest, self.source.description)
        if record.key in self._resumed:
            return  # a job in flight from an earlier run: already being collected
        state = row.state if row is not None else "pending"
        plan = self.plan
        resubmit = (
            state in ("pending", "submitting")
            or (state == "uncertain" and plan.resubmit_uncertain)
            or (state in ("failed", "cancelled") and plan.retry_failed)
        )
        if not resubmit:
            assert row is not None
            if state == "succeeded" and plan.download is not None and row.files is None:
                self._fetch(row.key, row.output, self._parsed(row), row.request_id)
            else:
                self._resumed_item(row)
            return
        self._counts["pending"] += 1
        if self._can_submit(now):
            self._submit(record)
        else:
            self._held = record

    def _can_submit(self, now: float) -> bool:
        submitting = self._counts["submitting"]
        # One submit goes first: a wrong key, an unknown model or an empty balance then costs
        # one refused request, not a wave of them. Then only a few at a time: a submit whose
        # answer is lost (the process killed) leaves its input uncertain, so few are in the air.
        if submitting >= (self._max_submitting if self._accepted_any else 1):
            return False
        if not self._round_open:
            return False
        # A submit is marked before it is handed out: it must go on the wire at once, not wait
        # behind polls for one of the driver's request slots (a kill then would leave it
        # uncertain though it was never sent).
        if len(self._waiting) >= self.plan.request_slots:
            return False
        return self._jobs < self.limiter.limit and now >= self.limiter.paused_until

    def _submit(self, record: InputRecord) -> None:
        self._counts["pending"] -= 1
        if record.problem is not None:
            problem = f"{self.journal.key_name} {record.key}: {record.problem}"
            error = {"loc": (), "msg": problem, "type": "invalid_input"}
            self._final(record.key, "failed", error=InputValidationError(problem, errors=[error]))
            return
        try:
            body = build_body(self.plan.input_model, (record.payload,), {})
        except (InputValidationError, TypeError) as exc:
            if isinstance(exc, TypeError):
                exc = InputValidationError(str(exc))
            self._final(record.key, "failed", error=exc)
            return
        self.journal.mark_submitting(record.key, self.core.wallclock())
        self._next_round = self.core.clock() + SUBMIT_ROUND_SECONDS
        op = self._new_op(record.key, "submit", self.core.submit(self.plan.model_id, body))
        op.record = record
        self._jobs += 1
        self._counts["submitting"] += 1
        self._update(record.key, "submitting", None)
        self._resume(op, None)

    # ---- running ops --------------------------------------------------------------------------

    def _new_op(self, key: int, kind: Literal["submit", "watch", "fetch"], step: _Step) -> _Op:
        op = _Op(next(self._tokens), key, kind, step)
        self._ops[op.token] = op
        return op

    def _resume(self, op: _Op, outcome: Any) -> None:
        while True:
            try:
                effect = op.step.send(outcome)
            except StopIteration as stop:
                self._end(op)
                self._succeeded(op, stop.value)
                return
            except RunComfyError as exc:
                self._end(op)
                self._failed(op, exc)
                return
            except OSError as exc:  # a download that could not be written
                self._end(op)
                self._failed(op, DownloadError(f"could not save the output: {exc}", url=""))
                return
            if isinstance(effect, Emit):
                self._emitted(op, effect.status)
                outcome = None
                continue
            if isinstance(effect, Sleep):
                self._at(self.core.clock() + max(0.0, effect.seconds), op)
                return
            self._waiting[op.token] = op
            self._dispatch.append((op.token, effect))
            return

    def _end(self, op: _Op) -> None:
        del self._ops[op.token]
        if op.kind == "fetch":
            self._fetches -= 1
            return
        self._jobs -= 1
        self._counts[_bucket(op.status) if op.kind == "watch" else "submitting"] -= 1

    def _at(self, when: float, op: _Op | None) -> None:
        heapq.heappush(self._timers, (when, next(self._tokens), op))

    def _fire_timers(self, now: float) -> None:
        while self._timers and self._timers[0][0] <= now:
            _, _, op = heapq.heappop(self._timers)
            if op is not None:
                self._resume(op, None)

    def _wake_at(self, now: float) -> float | None:
        """The next timer, or the end of a rate-limit pause that holds a submit back (other
        holds end with a completion, which wakes the driver anyway)."""
        times = [self._timers[0][0]] if self._timers else []
        waiting = self._held is not None or self._requeued
        if waiting and self._stopping is None:
            times.extend(at for at in (self.limiter.paused_until, self._next_round) if at > now)
        return min(times) if times else None

    def _finished(self) -> bool:
        if self._ops or self._timers:
            return False
        if self._stopping is not None:
            return True
        return self._exhausted and self._held is None and not self._requeued

    def _observe(self, op: _Op, outcome: Any) -> None:
        """Look at every answer that passes: rate limits, health, whether a submit got through."""
        if isinstance(outcome, HttpResponse):
            op.response = outcome
            if 200 <= outcome.status_code < 300:
                self._last_success = self.core.clock()
            if op.kind == "submit":
                op.reached = True
            elif op.kind == "watch":
                self._storm.append(outcome.status_code == 429)
                if outcome.status_code == 429 and self._storming():
                    self._rate_limited(self._retry_after(outcome))
        elif isinstance(outcome, TransportFailure) and op.kind == "submit":
            op.reached = op.reached or outcome.reached_server

    def _storming(self) -> bool:
        return len(self._storm) == STORM_WINDOW and sum(self._storm) >= STORM_SHARE * STORM_WINDOW

    def _retry_after(self, response: HttpResponse | None) -> float:
        """The pause after a refusal: the answer's ``Retry-After``, else the retry policy's
        backoff for the refusals in a row."""
        from ._retry import retry_after_seconds

        hinted = None
        if response is not None:
            hinted = retry_after_seconds(response.headers, self.core.wallclock)
        return self.core.retry_policy.next_delay(self.limiter.refusals, hinted)

    def _rate_limited(self, delay: float) -> None:
        held = self._jobs - self._counts["submitting"]  # accepted jobs, not yet finished
        self.limiter.rate_limited(self.core.clock(), delay, held)

    # ---- outcomes -----------------------------------------------------------------------------

    def _emitted(self, op: _Op, status: JobStatus) -> None:
        if op.kind != "watch" or status.is_terminal:
            return
        self.journal.mark_status(op.key, status.status, self.core.wallclock())
        self._counts[_bucket(op.status)] -= 1
        op.status = status.status
        self._counts[_bucket(op.status)] += 1
        self._update(op.key, status.status, op.request_id, status.queue_position)

    def _succeeded(self, op: _Op, value: Any) -> None:
        now = self.core.wallclock()
        if op.kind == "submit":
            ref: JobRef = value
            self._accepted_any = True
            self._uncertain_in_a_row = 0
            self.limiter.accepted()
            self.journal.mark_submitted(op.key, ref.request_id, now)
            self._update(op.key, "in_queue", ref.request_id)
            self._watch(op.key, ref, "in_queue")
        elif op.kind == "watch":
            raw, typed = value
            if self.plan.download is not None:
                self.journal.mark_final(op.key, "succeeded", now, output=raw, status="completed")
                self._fetch(op.key, raw, typed, op.request_id)
            else:
                self._final(op.key, "succeeded", request_id=op.request_id, output=(raw, typed))
        else:
            self._fetched(op, tuple(Path(path) for path in value), None)

    def _failed(self, op: _Op, exc: RunComfyError) -> None:
        if op.kind == "submit":
            self._submit_failed(op, exc)
        elif op.kind == "watch":
            self._watch_failed(op, exc)
        else:  # the job succeeded; only its files are missing (tried again by the next run)
            self._fetched(op, (), exc)

    def _fetched(self, op: _Op, files: tuple[Path, ...], error: RunComfyError | None) -> None:
        """A download ended: the job's row is already ``succeeded``; record the files, or why
        there are none (the next run tries again)."""
        now = self.core.wallclock()
        if error is None:
            self.journal.mark_files(op.key, [str(path) for path in files], now)
        else:
            self.journal.mark_download_failed(op.key, error_record(error), now)
        self._final(op.key, "succeeded", request_id=op.request_id, output=(None, op.output),
                    files=files, error=error, record=False)  # fmt: skip

    def _submit_failed(self, op: _Op, exc: RunComfyError) -> None:
        key, record = op.key, op.record
        assert record is not None
        status = exc.status_code if isinstance(exc, APIStatusError) else None
        refused = status in (408, 429) or (not op.reached and not isinstance(exc, APIStatusError))
        if refused:
            # Certainly not taken: back in line after a pause (honouring Retry-After).
            self.journal.mark_refused(key, self.core.wallclock())
            self._counts["pending"] += 1
            self._rate_limited(self._retry_after(op.response))
            self._requeued.append(record)
            self._check_stall(exc)
            return
        if isinstance(exc, _FATAL) or _unknown_model(exc):
            self.journal.mark_refused(key, self.core.wallclock())
            self._counts["pending"] += 1
            self._stop(exc)
            return
        if isinstance(exc, APIStatusError) and status is not None and 400 <= status < 500:
            self._final(key, "failed", error=exc)  # the server refused this input
            return
        # A 5xx, a connection lost after sending, an answer without request id: a job may exist.
        self._final(key, "uncertain", error=exc)
        # And RunComfy is not well: pause before the next submit, and after a few in a row stop
        # rather than turn the whole input into uncertain inputs, one request each.
        self._uncertain_in_a_row += 1
        self._rate_limited(self._retry_after(op.response))
        if self._uncertain_in_a_row >= UNCERTAIN_IN_A_ROW:
            self._stop(exc)

    def _watch_failed(self, op: _Op, exc: RunComfyError) -> None:
        key = op.key
        if isinstance(exc, JobFailedError | NotFoundError | ResponseFormatError):
            self._final(key, "failed", request_id=op.request_id, error=exc)
        elif isinstance(exc, JobCancelledError):
            self._final(key, "cancelled", request_id=op.request_id, error=exc)
        elif isinstance(exc, _FATAL):
            self._stop(exc)  # the job stays in the journal; the next run collects it
        elif self._stopping is None and not self._check_stall(exc):
            # A 5xx, 429 or lost connection that outlasted the retries: the job is fine, look
            # again after a pause.
            assert op.request_id is not None
            ref = self.core.job_ref(op.request_id, self.plan.model_id)
            restarted = self._watch(key, ref, op.status, start=False)
            delay = self.core.retry_policy.next_delay(self.limiter.refusals)
            self._at(self.core.clock() + delay, restarted)

    def _check_stall(self, exc: RunComfyError) -> bool:
        if self.core.clock() - self._last_success >= self.plan.stall_timeout:
            self._stop(exc)
            return True
        return False

    def _stop(self, exc: RunComfyError) -> None:
        if self._stopping is None:
            logger.warning("batch stopping: %s", _first_line(exc))
            self._stopping = exc
            if self._held is not None:
                self._held = None
            self._requeued.clear()

    def _watch(self, key: int, ref: JobRef, status: str, *, start: bool = True) -> _Op:
        def parse(output: dict[str, Any]) -> tuple[dict[str, Any], Any]:
            return output, self.plan.parse_output(output)

        op = self._new_op(key, "watch", self.core.wait(ref, parse, self._wait_options()))
        op.request_id, op.status = ref.request_id, status
        self._jobs += 1
        self._counts[_bucket(status)] += 1
        if start:
            self._resume(op, None)
        return op

    def _wait_options(self) -> WaitOptions:
        """How a job is polled: the plan's options, with a cap on the pauses from the model's
        usual run time when the caller set none.

        One job's wait trades a late sighting of its end against requests; in a batch every
        slot stays busy until its job is seen finished, so a late sighting costs throughput,
        the same share of the batch as of the job. Pauses of at most ``POLL_SHARE_OF_RUN``
        of the run time (median of the durations known: the journal's earlier runs, then
        the jobs this batch sees finish) keep that share to about a tenth at most, for about
        ten polls per run whatever the model, each pause still chosen by the client's own
        policy (``AdaptivePollPolicy``: densest around the likely end) and never longer than
        its cap. While no duration is known the policy is used as is, bounds and all.
        """
        wait = self.plan.wait
        if wait.max_poll_interval is not None:
            return wait
        recent = sorted(self.core.durations.recent(self.plan.model_id))
        if not recent:
            return wait
        # One decimal: the core keeps one policy object per (interval, cap) pair.
        cap = max(0.1, round(POLL_SHARE_OF_RUN * recent[len(recent) // 2], 1))
        if cap >= self.core.poll_policy.max_interval:
            return wait
        return replace(wait, max_poll_interval=cap)

    def _fetch(self, key: int, raw: Any, typed: Any, request_id: str | None) -> None:
        assert self.plan.download is not None
        op = self._new_op(key, "fetch", _fetch_step(raw, self.plan.download / str(key)))
        op.output, op.request_id = typed, request_id
        self._fetches += 1
        self._resume(op, None)

    # ---- items --------------------------------------------------------------------------------

    def _parsed(self, row: JournalRow) -> Any:
        if row.output is None:
            return None
        try:
            return self.plan.parse_output(row.output)
        except ValueError:  # the output model changed since: the plain dict is still the output
            return row.output

    def _resumed_item(self, row: JournalRow) -> None:
        error = error_from_record(row.error) if row.error is not None else None
        files = tuple(Path(f) for f in row.files or ())
        state = cast(BatchStatus, row.state)
        item = BatchItem(row.key, state, row.request_id, self._parsed(row), error, files, True)
        self._counts[row.state] += 1
        self._items.append(item)
        self._update(row.key, row.state, row.request_id)

    def _final(
        self,
        key: int,
        state: Literal["succeeded", "failed", "cancelled", "uncertain"],
        *,
        request_id: str | None = None,
        output: tuple[Any, Any] = (None, None),
        error: RunComfyError | None = None,
        files: tuple[Path, ...] = (),
        record: bool = True,
    ) -> None:
        raw, typed = output
        if record:
            self.journal.mark_final(
                key,
                state,
                self.core.wallclock(),
                output=raw,
                error=None if error is None else error_record(error),
                status={"succeeded": "completed"}.get(state, state if request_id else None),
            )
        self._counts[state] += 1
        self._finished_here += 1
        self._items.append(BatchItem(key, state, request_id, typed, error, files))
        self._update(key, state, request_id)

    def _update(
        self, key: int, status: str, request_id: str | None, position: int | None = None
    ) -> None:
        self._updates.append(BatchUpdate(key, status, request_id, position, self.progress()))


def _bucket(status: str) -> str:
    return "running" if status == "in_progress" else "queued"


def _unknown_model(exc: RunComfyError) -> bool:
    """A submit refused for its model (404, or RunComfy's invalid-identifier code): every other
    input of the batch would be refused the same way."""
    if isinstance(exc, NotFoundError):
        return True
    return isinstance(exc, BadRequestError) and str(exc.error_code) == "400001"
