"""A simulated RunComfy queue on virtual time, for measuring poll schedules with the real client.

``SimServer`` answers submit, status and result through ``httpx.MockTransport``. Every request
takes a round trip drawn from ``rtt`` (half on the way in, half on the way back), during which
the shared ``ManualClock`` moves; the job's state is read when the request reaches the server.
A job waits ``queue`` seconds (its ``queue_position`` drops by one every ``slot`` seconds, down
to 1), then runs ``run`` seconds. Clients are built with ``clock=clock, sleep=clock.sleep``, so
their pauses move the same clock: a ten-minute job takes milliseconds and the figures carry no
scheduler noise.

``measure(...)`` runs one job with a given client and returns its status requests and the delay
between the job's completion on the server and ``wait()`` returning to the caller.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Any

import httpx
from runcomfy_client import PollPolicy, RunComfy
from runcomfy_client.testing import ManualClock

MODEL = "wan-ai/wan-2-6/image-to-image"
BODY = {"prompt": "a lighthouse", "image_urls": ["https://example.com/a.png"]}
BASE = "https://sim.invalid"
RTT = (0.05, 0.25)  # seconds, uniform: the round trips of the table


@dataclass(slots=True)
class SimJob:
    accepted: float
    queue: float
    slot: float
    run: float
    status_requests: int = 0

    @property
    def done_at(self) -> float:
        return self.accepted + self.queue + self.run

    def state(self, now: float) -> dict[str, Any]:
        waited = now - self.accepted
        if waited < self.queue:
            position = max(1, math.ceil((self.queue - waited) / self.slot))
            return {"status": "in_queue", "queue_position": position}
        if waited < self.queue + self.run:
            return {"status": "in_progress"}
        return {"status": "completed"}


@dataclass(slots=True)
class SimServer:
    clock: ManualClock
    rng: random.Random
    rtt: tuple[float, float] = RTT
    jobs: dict[str, SimJob] = field(default_factory=dict)
    next_job: tuple[float, float, float] = (0.0, 1.0, 1.0)  # queue, slot, run of the next submit

    def handle(self, request: httpx.Request) -> httpx.Response:
        trip = self.rng.uniform(*self.rtt)
        self.clock.advance(trip / 2)
        body = self._answer(request)
        self.clock.advance(trip / 2)
        return httpx.Response(200, json=body)

    def _answer(self, request: httpx.Request) -> dict[str, Any]:
        path = request.url.path
        now = self.clock()
        if request.method == "POST":
            request_id = f"sim-{len(self.jobs):06d}"
            queue, slot, run = self.next_job
            self.jobs[request_id] = SimJob(now, queue, slot, run)
            return {"request_id": request_id}
        request_id, leaf = path.split("/")[-2:]
        job = self.jobs[request_id]
        state = job.state(now)
        if leaf == "status":
            job.status_requests += 1
            return {"request_id": request_id, **state}
        if state["status"] == "completed":
            return {
                "request_id": request_id,
                "status": "succeeded",
                "output": {"image": "https://example.com/out.png"},
            }
        return {"request_id": request_id, **state}

    def client(self, poll_policy: PollPolicy | None = None) -> RunComfy:
        return RunComfy(
            api_key="simulation",
            base_url=BASE,
            transport=httpx.MockTransport(self.handle),
            poll_policy=poll_policy,
            clock=self.clock,
            sleep=self.clock.sleep,
        )


def measure(
    server: SimServer, client: RunComfy, *, queue: float, slot: float, run: float
) -> tuple[int, float]:
    """Submit one job of the given timings and ``wait()`` for it: (status requests, delay)."""
    server.next_job = (queue, slot, run)
    job = client.model(MODEL).submit(BODY)
    job.wait(timeout=None)
    sim = server.jobs[job.request_id]
    return sim.status_requests, server.clock() - sim.done_at


def fixed(seconds: float) -> PollPolicy:
    """A schedule that pauses ``seconds`` after every answer (fal: 0.1, replicate: 0.5)."""
    return PollPolicy(interval=seconds, max_interval=seconds, factor=1.0, jitter=0.0)
