"""The job lifecycle of the fake, over raw HTTP through its httpx transport."""

from __future__ import annotations

import httpx
import pytest
from fake_wire import AUTH, KEY, SEED_MODEL, Wire, seed_body
from runcomfy_client.testing import FakeRunComfy, JobScript, ManualClock, Timings


def test_submit_answers_the_four_tracking_fields(http: httpx.Client) -> None:
    response = http.post(f"/v1/models/{SEED_MODEL}", json=seed_body())
    assert response.status_code == 200
    body = response.json()
    request_id = body["request_id"]
    base = f"https://fake.runcomfy.test/v1/requests/{request_id}"
    assert body == {
        "request_id": request_id,
        "status_url": f"{base}/status",
        "result_url": f"{base}/result",
        "cancel_url": f"{base}/cancel",
    }


def test_status_goes_through_the_queue_with_decreasing_position(wire: Wire) -> None:
    seen = wire.poll_until_done(wire.submit())
    assert [(s["status"], s.get("queue_position")) for s in seen] == [
        ("in_queue", 3),
        ("in_queue", 2),
        ("in_progress", None),
        ("completed", None),
    ]


def test_result_before_completion_is_the_current_status_without_output(wire: Wire) -> None:
    request_id = wire.submit()
    body = wire.result(request_id)
    assert body["status"] == "in_queue"
    assert "output" not in body
    assert "finished_at" not in body


def test_result_after_completion_says_succeeded_with_output_and_times(wire: Wire) -> None:
    request_id = wire.submit()
    wire.poll_until_done(request_id)
    body = wire.result(request_id)
    assert body["status"] == "succeeded"
    assert body["output"]["images"][0].startswith("https://fake.runcomfy.test/files/")
    assert body["created_at"] <= body["finished_at"]


def test_cancel_while_queued_is_accepted_and_final(wire: Wire, http: httpx.Client) -> None:
    request_id = wire.submit()
    response = http.post(f"/v1/requests/{request_id}/cancel")
    assert response.status_code == 202
    assert response.json() == {
        "request_id": request_id,
        "status": "cancelled",
        "outcome": "cancelled",
    }
    assert wire.status(request_id)["status"] == "cancelled"
    assert wire.result(request_id)["status"] == "cancelled"


def test_cancel_while_running_is_a_202_not_cancellable(wire: Wire, http: httpx.Client) -> None:
    request_id = wire.submit()
    while wire.status(request_id)["status"] != "in_progress":
        pass
    response = http.post(f"/v1/requests/{request_id}/cancel")
    assert response.status_code == 202
    assert response.json()["outcome"] == "not_cancellable"
    assert wire.poll_until_done(request_id)[-1]["status"] == "completed"


def test_cancel_after_completion_changes_nothing(wire: Wire, http: httpx.Client) -> None:
    request_id = wire.submit()
    wire.poll_until_done(request_id)
    response = http.post(f"/v1/requests/{request_id}/cancel")
    assert response.json() == {
        "request_id": request_id,
        "status": "completed",
        "outcome": "not_cancellable",
    }
    assert wire.result(request_id)["status"] == "succeeded"


def test_a_state_lasts_its_seconds_on_the_clock(clock: ManualClock) -> None:
    fake = FakeRunComfy(clock=clock, timings=Timings(queue_seconds=5, queue_polls=0, run_polls=0))
    with httpx.Client(transport=fake.transport(), base_url="http://f", headers=AUTH) as http:
        wire = Wire(http)
        request_id = wire.submit()
        assert [wire.status(request_id)["status"] for _ in range(3)] == ["in_queue"] * 3
        clock.advance(5)
        assert wire.status(request_id)["status"] == "completed"


def test_instant_timings_finish_at_the_first_look(http: httpx.Client) -> None:
    fake = FakeRunComfy(timings=Timings.instant())
    with httpx.Client(transport=fake.transport(), base_url="http://f", headers=AUTH) as http:
        wire = Wire(http)
        assert wire.status(wire.submit())["status"] == "completed"


def test_scripted_failure_reports_failed_with_the_message(fake: FakeRunComfy, wire: Wire) -> None:
    fake.script_next(JobScript(outcome="failed", error_message="GPU caught fire"))
    request_id = wire.submit()
    assert wire.poll_until_done(request_id)[-1]["status"] == "failed"
    body = wire.result(request_id)
    assert body["status"] == "failed"
    assert body["error"]["message"] == "GPU caught fire"
    assert "output" not in body


def test_scripted_cancellation_ends_the_job_cancelled(fake: FakeRunComfy, wire: Wire) -> None:
    fake.script_next(JobScript(outcome="cancelled"))
    assert wire.poll_until_done(wire.submit())[-1]["status"] == "cancelled"


def test_scripts_apply_to_the_next_jobs_in_order(fake: FakeRunComfy, wire: Wire) -> None:
    fake.script_next(JobScript(outcome="failed"), JobScript(output={"images": ["https://x/y.png"]}))
    ends = [wire.poll_until_done(wire.submit())[-1]["status"] for _ in range(3)]
    assert ends == ["failed", "completed", "completed"]
    third = list(fake.jobs)[2]
    assert wire.result(list(fake.jobs)[1])["output"] == {"images": ["https://x/y.png"]}
    assert wire.result(third)["output"]["images"][0].startswith("https://fake.runcomfy.test/files/")


@pytest.mark.parametrize(("rate", "failed"), [(0.0, 0), (1.0, 20)])
def test_failure_rate_extremes(rate: float, failed: int) -> None:
    fake = FakeRunComfy(failure_rate=rate, timings=Timings.instant())
    with httpx.Client(transport=fake.transport(), base_url="http://f", headers=AUTH) as http:
        wire = Wire(http)
        ends = [wire.status(wire.submit())["status"] for _ in range(20)]
    assert ends.count("failed") == failed


def test_failure_rate_is_deterministic_for_a_seed() -> None:
    def run(seed: int) -> list[str]:
        fake = FakeRunComfy(failure_rate=0.5, seed=seed, timings=Timings.instant())
        with httpx.Client(transport=fake.transport(), base_url="http://f", headers=AUTH) as http:
            wire = Wire(http)
            return [wire.status(wire.submit())["status"] for _ in range(30)]

    first = run(7)
    assert first == run(7)
    assert 0 < first.count("failed") < 30
    assert first != run(8)


def test_every_request_is_recorded_without_the_key(fake: FakeRunComfy, wire: Wire) -> None:
    request_id = wire.submit()
    wire.status(request_id)
    assert [(r.route, r.status_code) for r in fake.requests] == [("submit", 200), ("status", 200)]
    submit = fake.calls("submit")[0]
    assert submit.model_id == SEED_MODEL
    assert submit.json == seed_body()
    assert fake.calls("status")[0].request_id == request_id
    assert KEY not in repr(fake.requests)
