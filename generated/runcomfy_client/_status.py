# generated from templates/runtime/_status.py by runcomfy-codegen; do not edit
"""The state of a job as RunComfy reports it.

RunComfy's vocabulary is not consistent: ``/status`` says ``completed`` where ``/result`` says
``succeeded``, ``failed`` is not documented but is used, and both spellings of ``cancelled``
occur. The raw value is kept as sent; the properties below know the synonyms. Any other value is
kept too and treated as "still running", so a new server state never crashes a client.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["KNOWN_STATUSES", "JobStatus"]

_QUEUED = frozenset({"in_queue"})
_RUNNING = frozenset({"in_progress"})
_SUCCEEDED = frozenset({"completed", "succeeded"})
_CANCELLED = frozenset({"cancelled", "canceled"})
_FAILED = frozenset({"failed", "error"})
KNOWN_STATUSES = _QUEUED | _RUNNING | _SUCCEEDED | _CANCELLED | _FAILED


@dataclass(frozen=True, slots=True)
class JobStatus:
    """One observation of a job.

    Attributes:
        request_id: the job.
        status: the server's value, e.g. ``"in_queue"``, ``"in_progress"``, ``"completed"``,
            ``"cancelled"``, ``"failed"``; unknown values are kept as sent.
        queue_position: the place in the queue while ``in_queue`` (0 is next), else None.
    """

    request_id: str
    status: str
    queue_position: int | None = None

    @property
    def is_queued(self) -> bool:
        return self.status in _QUEUED

    @property
    def is_running(self) -> bool:
        return self.status in _RUNNING

    @property
    def is_succeeded(self) -> bool:
        """``completed`` or ``succeeded``: the output can be fetched."""
        return self.status in _SUCCEEDED

    @property
    def is_cancelled(self) -> bool:
        return self.status in _CANCELLED

    @property
    def is_failed(self) -> bool:
        return self.status in _FAILED

    @property
    def is_terminal(self) -> bool:
        """The job will not change any more (succeeded, cancelled or failed)."""
        return self.is_succeeded or self.is_cancelled or self.is_failed

    @property
    def is_known(self) -> bool:
        """False for a value this client does not know (treated as still running)."""
        return self.status in KNOWN_STATUSES

    def __str__(self) -> str:
        if self.queue_position is not None:
            return f"{self.status} (queue position {self.queue_position})"
        return self.status
