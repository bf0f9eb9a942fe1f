# generated from templates/runtime/testing/_lifecycle.py by runcomfy-codegen; do not edit
"""One fake job: its state machine and the bodies the real API sends about it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from ._scenario import Fault, FaultBudget, JobScript, Timings, take_fault

__all__ = ["FakeJob", "Phase"]

Phase = Literal["in_queue", "in_progress", "completed", "failed", "cancelled"]
TERMINAL: frozenset[str] = frozenset({"completed", "failed", "cancelled"})
# /result says "succeeded" where /status says "completed" (the real API does; its docs show it).
_RESULT_STATUS: dict[str, str] = {"completed": "succeeded"}


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat().replace("+00:00", "Z")


@dataclass(slots=True)
class FakeJob:
    """A submitted request. ``wall_origin`` maps clock readings to timestamps in bodies."""

    request_id: str
    model_id: str
    input: dict[str, Any]
    script: JobScript
    timings: Timings
    origin: str
    submitted_at: float
    wall_origin: float
    phase: Phase = "in_queue"
    phase_started: float = 0.0
    observations: int = 0
    finished_at: float | None = None
    output: dict[str, Any] | None = None
    faults: list[FaultBudget] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.phase_started = self.submitted_at
        self.faults = [FaultBudget.of(fault) for fault in self.script.faults]

    @property
    def done(self) -> bool:
        return self.phase in TERMINAL

    @property
    def queue_position(self) -> int:
        # Bodies are built after the look that produced them was counted: the first answer
        # shows the starting position.
        return max(1, self.timings.queue_position - max(0, self.observations - 1))

    def take_fault(self, route: str) -> Fault | None:
        return take_fault(self.faults, route)

    def advance(self, now: float) -> bool:
        """Move through every state whose conditions hold; True when the job just finished."""
        was_done = self.done
        if self.phase == "in_queue" and self._lasted(
            now, self.timings.queue_polls, self.timings.queue_seconds
        ):
            if self.script.outcome == "cancelled":
                self._finish("cancelled", now)
            else:
                self._enter("in_progress", now)
        if self.phase == "in_progress" and self._lasted(
            now, self.timings.run_polls, self.timings.run_seconds
        ):
            self._finish("failed" if self.script.outcome == "failed" else "completed", now)
        return self.done and not was_done

    def observe(self, now: float) -> bool:
        """A client looked at the job (status or result): advance, then count the look."""
        finished = self.advance(now)
        self.observations += 1
        return finished

    def cancel(self, now: float) -> str:
        """The ``outcome`` of a cancel request: only a queued job can be cancelled.

        A cancel does not move the job on: states change when a status or result request
        looks, so a job a client just saw running is still running when it asks to cancel.
        """
        if self.phase == "in_queue":
            self._finish("cancelled", now)
            return "cancelled"
        return "cancelled" if self.phase == "cancelled" else "not_cancellable"

    def _lasted(self, now: float, polls: int, seconds: float) -> bool:
        return self.observations >= polls and now - self.phase_started >= seconds

    def _enter(self, phase: Phase, now: float) -> None:
        self.phase = phase
        self.phase_started = now
        self.observations = 0

    def _finish(self, phase: Phase, now: float) -> None:
        self._enter(phase, now)
        self.finished_at = now

    # ---- bodies -------------------------------------------------------------------------

    def _url(self, leaf: str) -> str:
        return f"{self.origin}/v1/requests/{self.request_id}/{leaf}"

    def submit_body(self) -> dict[str, Any]:
        return {
            "request_id": self.request_id,
            "status_url": self._url("status"),
            "result_url": self._url("result"),
            "cancel_url": self._url("cancel"),
        }

    def status_body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"request_id": self.request_id, "status": self.phase}
        if self.phase == "in_queue":
            body["queue_position"] = self.queue_position
        body["status_url"] = self._url("status")
        body["result_url"] = self._url("result")
        return body

    def result_body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "request_id": self.request_id,
            "status": _RESULT_STATUS.get(self.phase, self.phase),
        }
        if self.phase == "in_queue":
            body["queue_position"] = self.queue_position
        if self.phase == "completed":
            body["output"] = self.output or {}
        if self.phase == "failed":
            body["error"] = {"type": "model_error", "message": self.script.error_message}
        body["created_at"] = _iso(self.wall_origin + self.submitted_at)
        if self.finished_at is not None:
            body["finished_at"] = _iso(self.wall_origin + self.finished_at)
        return body

    def cancel_body(self, outcome: str) -> dict[str, Any]:
        return {"request_id": self.request_id, "status": self.phase, "outcome": outcome}
