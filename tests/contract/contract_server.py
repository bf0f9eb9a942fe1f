"""A scripted RunComfy for the lifecycle layer: respx answers from a drawn script, and every
request and every client sleep lands on one timeline the invariants are checked against.

The job's states come from ``Script.statuses``: each ``GET /status`` consumes the next step, which
is either a fault (served instead of an answer) or a state (which becomes the job's state). When
the script runs out, the last state is answered forever: a job that never reaches a terminal
state is one the client must give up on. ``/result`` and ``/cancel`` answer from the job's
current state, after their own fault lists. Time is virtual (the client runs on the runtime's own
``testing.ManualClock``): it moves only when the client sleeps.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx
from runcomfy_client.testing import ManualClock

__all__ = [
    "API_KEY",
    "BASE_URL",
    "FAULTS",
    "REQUEST_ID",
    "RETRYABLE",
    "Fault",
    "RunawayClient",
    "Script",
    "ScriptedServer",
    "Served",
    "State",
]

BASE_URL = "https://api.contract.test"  # never resolvable; respx answers every request
API_KEY = "rc-contract-key"
REQUEST_ID = "req_contract-1"
# HTTP statuses, connection failures, a non-JSON 200, and a 200 carrying an error_code (RunComfy
# signals some errors that way). The connection failures differ in how far the request got:
# "connect" never reached the server; "read" reached it and the connection dropped before it was
# accepted; "lost" was accepted (a submit: the job exists, and is billed) and only its answer
# was lost on the way back. After "read" or "lost" a client must not submit again.
FAULTS = (
    "401", "404", "422", "429", "500", "503", "connect", "read", "lost", "malformed", "coded_200"
)  # fmt: skip
# Faults a GET (and cancel) is retried on; the others are answers, not transient failures.
RETRYABLE = frozenset({"429", "500", "503", "connect", "read", "lost"})
TERMINAL = frozenset({"completed", "succeeded", "cancelled", "failed"})
MAX_REQUESTS = 2000  # a client that polls past this never stops: fail instead of hanging


class RunawayClient(Exception):
    """Raised into the client when it sends more requests than any script needs."""


@dataclass(frozen=True)
class Fault:
    kind: str  # one of FAULTS
    retry_after: int | None = None  # seconds, for 429


@dataclass(frozen=True)
class State:
    status: str
    queue_position: int | None = None

    @property
    def terminal(self) -> bool:
        return self.status in TERMINAL


@dataclass(frozen=True)
class Script:
    statuses: tuple[Fault | State, ...]
    output: dict[str, Any]
    result_faults: tuple[Fault, ...] = ()
    cancel_faults: tuple[Fault, ...] = ()
    submit_faults: tuple[Fault, ...] = ()  # one per submit attempt, in order


@dataclass(frozen=True)
class Served:
    """One request as the server saw it, and what it was given."""

    at: float
    endpoint: Literal["submit", "status", "result", "cancel"]
    fault: Fault | None
    state: State | None  # the job's state when answered (None for a fault)
    reached: bool  # whether the request reached the server (a connect error did not)
    accepted: bool  # whether the server acted on it (a submit: started a job)


@dataclass
class ScriptedServer:
    script: Script
    time: ManualClock
    state: State = field(default_factory=lambda: State("in_queue", 99))
    cursor: int = 0
    result_faults: list[Fault] = field(default_factory=list)
    cancel_faults: list[Fault] = field(default_factory=list)
    submit_faults: list[Fault] = field(default_factory=list)
    cancelled: bool = False
    submitted_bodies: list[Any] = field(default_factory=list)
    _timeline: list[Served | float] = field(default_factory=list)
    _sleeps_seen: int = 0

    def __post_init__(self) -> None:
        self.result_faults = list(self.script.result_faults)
        self.cancel_faults = list(self.script.cancel_faults)
        self.submit_faults = list(self.script.submit_faults)

    @property
    def timeline(self) -> list[Served | float]:
        """Every request served and every pause of the client, in order."""
        self._catch_up()
        return self._timeline

    def _catch_up(self) -> None:
        """Put the client's pauses since the last look on the timeline."""
        new = self.time.sleeps[self._sleeps_seen :]
        self._sleeps_seen += len(new)
        self._timeline.extend(new)

    def served(self) -> list[Served]:
        return [e for e in self.timeline if isinstance(e, Served)]

    # ---- respx side effect --------------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        if len(self.served()) >= MAX_REQUESTS:
            raise RunawayClient(f"{MAX_REQUESTS} requests and still going: the client never stops")
        assert request.headers.get("authorization") == f"Bearer {API_KEY}"
        path = request.url.path
        if request.method == "POST" and path.startswith("/v1/models/"):
            fault = self.submit_faults.pop(0) if self.submit_faults else None
            self.submitted_bodies.append(json.loads(request.content))
            return self._answer(request, "submit", fault, self._submitted)
        prefix = f"/v1/requests/{REQUEST_ID}/"
        assert path.startswith(prefix), f"unexpected request {request.method} {path}"
        leaf = path.removeprefix(prefix)
        if request.method == "GET" and leaf == "status":
            return self._status(request)
        if request.method == "GET" and leaf == "result":
            fault = self.result_faults.pop(0) if self.result_faults else None
            return self._answer(request, "result", fault, self._result)
        if request.method == "POST" and leaf == "cancel":
            fault = self.cancel_faults.pop(0) if self.cancel_faults else None
            return self._answer(request, "cancel", fault, self._cancel)
        raise AssertionError(f"unexpected request {request.method} {path}")

    def _status(self, request: httpx.Request) -> httpx.Response:
        step: Fault | State | None = None
        if self.cursor < len(self.script.statuses):
            step = self.script.statuses[self.cursor]
            self.cursor += 1
        if isinstance(step, Fault):
            return self._answer(request, "status", step, self._status_body)
        if isinstance(step, State) and not self.cancelled:
            self.state = step
        return self._answer(request, "status", None, self._status_body)

    def _answer(
        self, request: httpx.Request, endpoint: Any, fault: Fault | None, body: Any
    ) -> httpx.Response:
        reached = fault is None or fault.kind != "connect"
        accepted = fault is None or fault.kind == "lost"
        state = None if fault is not None else self.state
        self.timeline.append(Served(self.time.now, endpoint, fault, state, reached, accepted))
        if fault is None:
            status_code, payload = body()
            return httpx.Response(status_code, json=payload)
        if fault.kind == "connect":
            raise httpx.ConnectError("connection refused (scripted)", request=request)
        if fault.kind == "read":
            raise httpx.ReadError("connection reset (scripted)", request=request)
        if fault.kind == "lost":  # accepted and answered, but the answer never arrived whole
            raise httpx.ReadTimeout("the answer was lost (scripted)", request=request)
        if fault.kind == "malformed":
            return httpx.Response(200, content=b"<html>502 Bad Gateway</html>")
        if fault.kind == "coded_200":
            coded = {"error_code": 404001, "error_message": "ResourceNotFound (scripted)"}
            return httpx.Response(200, json=coded)
        headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
        error = {"error_code": int(fault.kind) * 1000 + 1, "error_message": "scripted fault"}
        return httpx.Response(int(fault.kind), json=error, headers=headers)

    # ---- answers ------------------------------------------------------------------------------

    def _submitted(self) -> tuple[int, dict[str, Any]]:
        urls = {f"{leaf}_url": f"{BASE_URL}/v1/requests/{REQUEST_ID}/{leaf}" for leaf in ("status", "result", "cancel")}  # fmt: skip
        return 200, {"request_id": REQUEST_ID, **urls}

    def _status_body(self) -> tuple[int, dict[str, Any]]:
        body: dict[str, Any] = {"request_id": REQUEST_ID, "status": self.state.status}
        if self.state.queue_position is not None:
            body["queue_position"] = self.state.queue_position
        return 200, body

    def _result(self) -> tuple[int, dict[str, Any]]:
        status = self.state.status
        body: dict[str, Any] = {"request_id": REQUEST_ID}
        if status in ("completed", "succeeded"):
            body.update(status="succeeded", output=self.script.output)
        elif status == "failed":
            body.update(status="failed", error={"message": "scripted failure"})
        else:  # before completion RunComfy answers 200 with the current status and no output
            body.update(status=status)
        return 200, body

    def _cancel(self) -> tuple[int, dict[str, Any]]:
        if self.state.status == "in_queue":
            self.cancelled = True
            self.state = State("cancelled")
            return 202, {"request_id": REQUEST_ID, "status": "cancelled", "outcome": "cancelled"}
        return 202, {
            "request_id": REQUEST_ID,
            "status": self.state.status,
            "outcome": "not_cancellable",
        }
