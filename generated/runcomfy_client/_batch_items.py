# generated from templates/runtime/_batch_items.py by runcomfy-codegen; do not edit
"""What a batch hands back: one ``BatchItem`` per input, ``BatchUpdate`` / ``BatchProgress``
while it runs, and errors as JSON records (the journal and ``--out`` keep them) and back."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

from . import _errors
from ._errors import DownloadError, InputValidationError, JobError, RunComfyError
from ._status import JobStatus

__all__ = [
    "BatchItem",
    "BatchProgress",
    "BatchStatus",
    "BatchUpdate",
    "error_from_record",
    "error_record",
]

OutT = TypeVar("OutT")
BatchStatus = Literal["succeeded", "failed", "cancelled", "uncertain"]
_MAX_BODY_CHARS = 4000  # an error body kept in the journal (a server may send a page of HTML)


@dataclass(frozen=True, slots=True)
class BatchItem(Generic[OutT]):
    """The outcome of one input of a batch.

    Attributes:
        key: the input's index in ``inputs`` (its line number for a JSONL file).
        status: ``succeeded``, ``failed`` (the job failed, or the input was refused before or by
            the server), ``cancelled``, or ``uncertain`` (the submit's answer was lost: a job may
            or may not have started; it is resubmitted only with ``resubmit_uncertain=True``).
        request_id: the job's id (None when no job was started, or for ``uncertain``).
        output: the typed output when ``succeeded``.
        error: why it did not succeed (the same exception a single run raises). On a succeeded
            item it says why its files could not be downloaded (run the batch again to retry).
        files: the downloaded output files (with ``download=DIR``).
        resumed: True when the input had finished in an earlier run of the same journal.
    """

    key: int
    status: BatchStatus
    request_id: str | None = None
    output: OutT | None = None
    error: RunComfyError | None = None
    files: tuple[Path, ...] = ()
    resumed: bool = False

    @property
    def ok(self) -> bool:
        return self.status == "succeeded"

    def result(self) -> OutT:
        """The output; raises the item's error when it did not succeed."""
        if self.status == "succeeded" and self.output is not None:
            return self.output
        if self.error is not None:
            raise self.error
        raise RunComfyError(f"input {self.key} is {self.status}, with no output")


@dataclass(frozen=True, slots=True)
class BatchProgress:
    """Counts of a running batch.

    ``total`` is None while a lazily read input has not been read to its end. ``limit`` is the
    current number of jobs allowed in flight (lower than the ``concurrency`` asked for while
    RunComfy rate-limits). ``rate`` is inputs finished per second in this run; ``eta`` the
    seconds left at that rate (None until known).
    """

    total: int | None
    pending: int
    submitting: int
    queued: int
    running: int
    succeeded: int
    failed: int
    cancelled: int
    uncertain: int
    limit: int
    elapsed: float
    rate: float | None
    eta: float | None

    @property
    def done(self) -> int:
        return self.succeeded + self.failed + self.cancelled + self.uncertain


@dataclass(frozen=True, slots=True)
class BatchUpdate:
    """One change in a batch: input ``key`` is now ``status`` (``submitting``, ``in_queue``,
    ``in_progress``, or a final ``BatchStatus``), with the batch's counts after the change."""

    key: int
    status: str
    request_id: str | None
    queue_position: int | None
    progress: BatchProgress


# ---- errors as records -----------------------------------------------------------------------

_FIELDS = (
    "status_code",
    "error_code",
    "request_id",
    "error_message",
    "timeout",
    "cancel_outcome",
    "url",
)


def error_record(exc: BaseException) -> dict[str, Any]:
    """A JSON-able record of an exception: its class name, message and typed fields."""
    record: dict[str, Any] = {"type": type(exc).__name__, "message": str(exc)}
    for name in _FIELDS:
        value = getattr(exc, name, None)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            record[name] = value
    if isinstance(exc, JobError) and exc.status is not None:
        record["status"] = exc.status.status
    if isinstance(exc, InputValidationError):
        record["errors"] = json.loads(json.dumps(exc.errors(), default=str))
    if isinstance(exc, _errors.JobFailedError) and exc.error is not None:
        record["error"] = _small(exc.error)
    body = getattr(exc, "body", None)
    if body is not None:
        record["body"] = _small(body)
    return record


def _small(value: object) -> object:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return json.loads(text) if len(text) <= _MAX_BODY_CHARS else text[:_MAX_BODY_CHARS] + "..."


def error_from_record(record: dict[str, Any]) -> RunComfyError:
    """The exception a record describes (the runtime's own class; ``RunComfyError`` for others)."""
    message = str(record.get("message", ""))
    cls = getattr(_errors, str(record.get("type")), None)
    if record.get("type") == "DownloadError":
        return DownloadError(
            message, url=str(record.get("url", "")), status_code=record.get("status_code")
        )
    if not (isinstance(cls, type) and issubclass(cls, RunComfyError)):
        return RunComfyError(message)
    request_id = record.get("request_id")
    status = record.get("status")
    job_status = JobStatus(request_id, status) if request_id and status else None
    try:
        if issubclass(cls, _errors.APIStatusError):
            return cls(
                message,
                status_code=int(record.get("status_code", 0)),
                error_code=record.get("error_code"),
                request_id=request_id,
                body=record.get("body"),
            )
        if issubclass(cls, _errors.ResponseFormatError):
            return cls(
                message,
                status_code=record.get("status_code"),
                request_id=request_id,
                body=record.get("body"),
            )
        if issubclass(cls, _errors.APIConnectionError):
            return cls(message, request_id=request_id)
        if issubclass(cls, _errors.JobFailedError):
            return cls(
                message,
                request_id=request_id or "",
                status=job_status,
                error_message=record.get("error_message"),
                error=record.get("error"),
            )
        if issubclass(cls, _errors.WaitTimeoutError):
            return cls(
                message,
                request_id=request_id or "",
                status=job_status,
                timeout=float(record.get("timeout", 0.0)),
                cancel_outcome=record.get("cancel_outcome"),
            )
        if issubclass(cls, JobError):
            return cls(message, request_id=request_id or "", status=job_status)
        if issubclass(cls, InputValidationError):
            return cls(message, errors=record.get("errors") or ())
        return cls(message)
    except (TypeError, ValueError):  # pragma: no cover - a record written by another version
        return RunComfyError(message)
