"""The generated sync and async clients against the fake, on virtual time (no real waiting)."""

from __future__ import annotations

from typing import Any

import pytest
from fake_wire import SEED_MODEL, seed_body
from runcomfy_client import (
    CancelNotAllowedError,
    JobFailedError,
    JobStatus,
    RateLimitError,
    ServerError,
    WaitTimeoutError,
)
from runcomfy_client.testing import FakeRunComfy, Fault, JobScript, ManualClock, Timings


@pytest.fixture
def fake() -> FakeRunComfy:
    return FakeRunComfy(clock=ManualClock())


def _trace(updates: list[JobStatus]) -> list[tuple[str, int | None]]:
    return [(u.status, u.queue_position) for u in updates]


EXPECTED_TRACE = [("in_queue", 3), ("in_queue", 2), ("in_progress", None), ("completed", None)]


def test_sync_run_sees_every_state_and_returns_the_typed_output(fake: FakeRunComfy) -> None:
    updates: list[JobStatus] = []
    with fake.client() as client:
        output = client.wan_ai.wan_2_6.image_to_image.run(**seed_body(), on_update=updates.append)
    assert _trace(updates) == EXPECTED_TRACE
    assert output.images is not None
    assert str(output.images[0]).startswith("https://fake.runcomfy.test/files/")
    assert len(fake.calls("submit")) == 1
    assert len(fake.calls("result")) == 1


async def test_async_run_sees_every_state_and_returns_the_typed_output(fake: FakeRunComfy) -> None:
    updates: list[JobStatus] = []
    async with fake.async_client() as client:
        output = await client.wan_ai.wan_2_6.image_to_image.run(
            **seed_body(), on_update=updates.append
        )
    assert _trace(updates) == EXPECTED_TRACE
    assert output.images is not None
    assert len(fake.calls("submit")) == 1


def test_a_queued_job_is_cancelled(fake: FakeRunComfy) -> None:
    with fake.client() as client:
        job = client.model(SEED_MODEL).submit(seed_body())
        assert job.cancel() is True
        assert job.status().status == "cancelled"


def test_a_running_job_cannot_be_cancelled(fake: FakeRunComfy) -> None:
    with fake.client() as client:
        job = client.model(SEED_MODEL).submit(seed_body())
        while not job.status().is_running:
            pass
        with pytest.raises(CancelNotAllowedError):
            job.cancel()


async def test_a_failed_job_raises_with_the_server_message(fake: FakeRunComfy) -> None:
    fake.script_next(JobScript(outcome="failed", error_message="out of GPUs"))
    async with fake.async_client() as client:
        job = await client.model(SEED_MODEL).submit(seed_body())
        with pytest.raises(JobFailedError, match="out of GPUs") as caught:
            await job.wait()
    assert caught.value.request_id == job.request_id


def test_a_429_burst_is_retried_after_the_announced_delay(fake: FakeRunComfy) -> None:
    assert isinstance(fake.clock, ManualClock)
    fake.script_next(JobScript(faults=(Fault(status=429, retry_after=7, times=2, route="status"),)))
    with fake.client() as client:
        job = client.model(SEED_MODEL).submit(seed_body())
        started = fake.clock.now
        assert job.status().status == "in_queue"
    assert fake.clock.now - started >= 14  # two waits of Retry-After: 7
    assert [r.status_code for r in fake.calls("status")] == [429, 429, 200]


def test_too_many_429s_surface_as_rate_limit_error(fake: FakeRunComfy) -> None:
    fake.add_fault(Fault(status=429, retry_after=1, times=10, route="status"))
    with fake.client(max_retries=2) as client:
        job = client.model(SEED_MODEL).submit(seed_body())
        with pytest.raises(RateLimitError):
            job.status()
    assert len(fake.calls("status")) == 3


def test_a_5xx_on_submit_is_not_retried(fake: FakeRunComfy) -> None:
    fake.add_fault(Fault(status=503, route="submit", after_accept=True))
    with fake.client() as client, pytest.raises(ServerError):
        client.model(SEED_MODEL).submit(seed_body())
    assert len(fake.calls("submit")) == 1
    assert len(fake.jobs) == 1  # the server did start a job: a retry would have billed twice


def test_wait_times_out_on_virtual_time_and_keeps_the_request_id(fake: FakeRunComfy) -> None:
    slow = Timings(queue_seconds=10_000)
    fake.script_next(JobScript(timings=slow))
    with fake.client() as client:
        job = client.model(SEED_MODEL).submit(seed_body())
        with pytest.raises(WaitTimeoutError) as caught:
            job.wait(timeout=60)
    assert caught.value.request_id == job.request_id


def test_resuming_a_job_by_id_from_another_client(fake: FakeRunComfy) -> None:
    with fake.client() as first:
        request_id = first.model(SEED_MODEL).submit(seed_body()).request_id
    with fake.client() as second:
        output: Any = second.job(request_id, model=SEED_MODEL).wait()
    assert output.images
