"""The sans-I/O core driven by hand: the effects it asks for, in order, with no I/O at all."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from runcomfy_client import APIConnectionError, PollPolicy
from runcomfy_client._core import Core
from runcomfy_client._polling import WaitOptions
from runcomfy_client._protocol import (
    Emit,
    HttpResponse,
    Outcome,
    Send,
    Sleep,
    Step,
    TransportFailure,
)
from runtime_support import API_KEY, BASE_URL, REQUEST_ID


def answer(body: dict[str, Any]) -> HttpResponse:
    return HttpResponse(200, {}, json.dumps(body).encode())


def drive(step: Step[Any], outcomes: list[Outcome]) -> tuple[list[object], Any]:
    """Run ``step``, answering each ``Send`` with the next outcome; the effects and the result."""
    effects: list[object] = []
    pending = iter(outcomes)
    reply: Outcome = None
    while True:
        try:
            effect = step.send(reply)
        except StopIteration as stop:
            return effects, stop.value
        effects.append(effect)
        reply = next(pending) if isinstance(effect, Send) else None


@pytest.fixture
def core() -> Core:
    return Core(
        api_key=API_KEY,
        base_url=BASE_URL,
        max_retries=2,
        poll_policy=PollPolicy(jitter=0.0),
        clock=lambda: 0.0,
    )


def test_wait_asks_for_status_sleeps_reports_and_fetches_the_result_last(core: Core) -> None:
    job = core.job_ref(REQUEST_ID)
    effects, output = drive(
        core.wait(job, dict, WaitOptions(timeout=None)),
        [
            answer({"status": "in_queue", "queue_position": 1}),
            answer({"status": "completed"}),
            answer({"status": "succeeded", "output": {"image": "https://x.test/a.png"}}),
        ],
    )
    kinds = [
        f"{type(e).__name__}:{e.request.url.rsplit('/', 1)[-1]}" if isinstance(e, Send)
        else type(e).__name__
        for e in effects
    ]  # fmt: skip
    assert kinds == ["Send:status", "Emit", "Sleep", "Send:status", "Emit", "Send:result"]
    assert output == {"image": "https://x.test/a.png"}
    assert [e.status.status for e in effects if isinstance(e, Emit)] == ["in_queue", "completed"]
    assert [e.seconds for e in effects if isinstance(e, Sleep)] == [0.5]


def test_every_request_carries_the_bearer_key(core: Core) -> None:
    effects, _ = drive(core.status(core.job_ref(REQUEST_ID)), [answer({"status": "in_queue"})])
    (send,) = effects
    assert isinstance(send, Send)
    assert send.request.headers["Authorization"] == f"Bearer {API_KEY}"
    assert API_KEY not in repr(send)


def test_submit_after_a_reset_connection_asks_for_no_second_send(core: Core) -> None:
    step = core.submit("test-org/echo/v1", {"prompt": "x"})
    effect = step.send(None)
    assert isinstance(effect, Send) and effect.request.method == "POST"
    with pytest.raises(APIConnectionError):
        step.send(TransportFailure(httpx.ReadError("reset")))
