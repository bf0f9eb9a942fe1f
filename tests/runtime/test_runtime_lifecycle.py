"""The job lifecycle on both clients: polling, updates, terminal states, cancel, timeouts."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx
import pytest
import respx
from runcomfy_client import (
    CancelNotAllowedError,
    JobCancelledError,
    JobFailedError,
    JobNotReadyError,
    JobStatus,
    ResponseFormatError,
    WaitTimeoutError,
)
from runcomfy_client.testing import ManualClock
from runtime_support import (
    CANCEL_PATH,
    IMAGE_URL,
    REQUEST_ID,
    RESULT_PATH,
    STATUS_PATH,
    SUBMIT_PATH,
    AsyncEcho,
    EchoOutput,
    collect,
    make_client,
    resolve,
    status,
    submitted,
    succeeded,
    virtual_time,
)


def queue_then_done(api: respx.MockRouter) -> tuple[respx.Route, respx.Route]:
    api.post(SUBMIT_PATH).mock(return_value=submitted())
    statuses = api.get(STATUS_PATH).mock(
        side_effect=[
            status("in_queue", 3),
            status("in_queue", 2),
            status("in_queue", 2),  # unchanged: must not be reported twice
            status("in_progress"),
            status("in_progress"),
            status("completed"),
        ]
    )
    result = api.get(RESULT_PATH).mock(return_value=succeeded())
    return statuses, result


async def test_run_reports_each_new_state_once_with_queue_position(
    api: respx.MockRouter, echo: Any
) -> None:
    queue_then_done(api)
    seen: list[JobStatus] = []
    await resolve(echo.run(prompt="two monsters", on_update=seen.append))
    assert [(s.status, s.queue_position) for s in seen] == [
        ("in_queue", 3),
        ("in_queue", 2),
        ("in_progress", None),
        ("completed", None),
    ]


async def test_run_returns_the_typed_output(api: respx.MockRouter, echo: Any) -> None:
    queue_then_done(api)
    output = await resolve(echo.run(prompt="two monsters"))
    assert isinstance(output, EchoOutput)
    assert output.image == IMAGE_URL


async def test_result_is_fetched_exactly_once_and_only_after_completion(
    api: respx.MockRouter, echo: Any
) -> None:
    statuses, result = queue_then_done(api)
    await resolve(echo.run(prompt="x"))
    assert result.call_count == 1
    # The result request is the very last one: nothing was fetched before "completed".
    assert api.calls.last.request.url.path == RESULT_PATH
    assert statuses.call_count == 6


async def test_first_poll_is_immediate_then_gaps_grow_to_the_cap(
    api: respx.MockRouter, echo: Any, fake_time: ManualClock
) -> None:
    api.post(SUBMIT_PATH).mock(return_value=submitted())
    api.get(STATUS_PATH).mock(side_effect=[status("in_progress")] * 5 + [status("completed")])
    api.get(RESULT_PATH).mock(return_value=succeeded())
    await resolve(echo.run(prompt="x", poll_interval=1.0, max_poll_interval=2.0))
    # 6 polls, 5 gaps: 1 * 1.5**n capped at 2; no sleep before the first poll.
    assert fake_time.sleeps == [1.0, 1.5, 2.0, 2.0, 2.0]


async def test_updates_yields_each_state_once_and_fetches_no_result(
    api: respx.MockRouter, echo: Any
) -> None:
    _, result = queue_then_done(api)
    job = await resolve(echo.submit(prompt="x"))
    seen = await collect(job.updates())
    assert [s.status for s in seen] == ["in_queue", "in_queue", "in_progress", "completed"]
    assert result.call_count == 0


async def test_status_reports_queue_position(api: respx.MockRouter, echo: Any) -> None:
    api.post(SUBMIT_PATH).mock(return_value=submitted())
    api.get(STATUS_PATH).mock(return_value=status("in_queue", 7))
    job = await resolve(echo.submit(prompt="x"))
    assert await resolve(job.status()) == JobStatus(REQUEST_ID, "in_queue", 7)


async def test_cancel_while_queued_returns_true(api: respx.MockRouter, echo: Any) -> None:
    api.post(SUBMIT_PATH).mock(return_value=submitted())
    answer = {"request_id": REQUEST_ID, "status": "in_queue", "outcome": "cancelled"}
    cancel = api.post(CANCEL_PATH).mock(return_value=httpx.Response(202, json=answer))
    job = await resolve(echo.submit(prompt="x"))
    assert await resolve(job.cancel()) is True
    assert cancel.call_count == 1


async def test_cancel_refused_while_running_raises_cancel_not_allowed(
    api: respx.MockRouter, echo: Any
) -> None:
    api.post(SUBMIT_PATH).mock(return_value=submitted())
    answer = {"request_id": REQUEST_ID, "status": "in_progress", "outcome": "not_cancellable"}
    api.post(CANCEL_PATH).mock(return_value=httpx.Response(202, json=answer))
    job = await resolve(echo.submit(prompt="x"))
    with pytest.raises(CancelNotAllowedError) as caught:
        await resolve(job.cancel())
    assert caught.value.request_id == REQUEST_ID
    assert caught.value.status is not None and caught.value.status.status == "in_progress"


async def test_cancel_of_finished_job_is_a_noop_returning_false(
    api: respx.MockRouter, echo: Any
) -> None:
    api.post(SUBMIT_PATH).mock(return_value=submitted())
    answer = {"request_id": REQUEST_ID, "status": "completed", "outcome": "not_cancellable"}
    api.post(CANCEL_PATH).mock(return_value=httpx.Response(202, json=answer))
    job = await resolve(echo.submit(prompt="x"))
    assert await resolve(job.cancel()) is False


async def test_job_cancelled_during_wait_raises_and_fetches_no_result(
    api: respx.MockRouter, echo: Any
) -> None:
    api.post(SUBMIT_PATH).mock(return_value=submitted())
    api.get(STATUS_PATH).mock(side_effect=[status("in_queue", 1), status("cancelled")])
    result = api.get(RESULT_PATH).mock(return_value=succeeded())
    with pytest.raises(JobCancelledError) as caught:
        await resolve(echo.run(prompt="x"))
    assert caught.value.request_id == REQUEST_ID
    assert result.call_count == 0


async def test_failed_job_raises_job_failed_with_the_server_message(
    api: respx.MockRouter, echo: Any
) -> None:
    api.post(SUBMIT_PATH).mock(return_value=submitted())
    api.get(STATUS_PATH).mock(side_effect=[status("in_progress"), status("failed")])
    body = {"status": "failed", "error": {"type": "model_error", "message": "CUDA out of memory"}}
    api.get(RESULT_PATH).mock(return_value=httpx.Response(200, json=body))
    with pytest.raises(JobFailedError, match="CUDA out of memory") as caught:
        await resolve(echo.run(prompt="x"))
    assert caught.value.error_message == "CUDA out of memory"
    assert caught.value.request_id == REQUEST_ID


async def test_result_body_carrying_an_error_raises_job_failed(
    api: respx.MockRouter, client: Any
) -> None:
    body = {"request_id": REQUEST_ID, "error": "input image could not be fetched"}
    api.get(RESULT_PATH).mock(return_value=httpx.Response(200, json=body))
    with pytest.raises(JobFailedError, match="could not be fetched"):
        await resolve(client.job(REQUEST_ID).result())


async def test_result_before_completion_raises_job_not_ready(
    api: respx.MockRouter, client: Any
) -> None:
    body = {"request_id": REQUEST_ID, "status": "in_progress"}
    api.get(RESULT_PATH).mock(return_value=httpx.Response(200, json=body))
    with pytest.raises(JobNotReadyError) as caught:
        await resolve(client.job(REQUEST_ID).result())
    assert caught.value.status is not None and caught.value.status.status == "in_progress"


async def test_wait_keeps_polling_when_result_lags_behind_status(
    api: respx.MockRouter, client: Any
) -> None:
    api.get(STATUS_PATH).mock(return_value=status("completed"))
    not_yet = httpx.Response(200, json={"request_id": REQUEST_ID, "status": "in_progress"})
    api.get(RESULT_PATH).mock(side_effect=[not_yet, succeeded()])
    assert await resolve(client.job(REQUEST_ID).wait()) == {"image": IMAGE_URL}


async def test_unknown_status_is_kept_warned_once_and_polling_continues(
    api: respx.MockRouter, echo: Any, caplog: pytest.LogCaptureFixture
) -> None:
    api.post(SUBMIT_PATH).mock(return_value=submitted())
    api.get(STATUS_PATH).mock(
        side_effect=[status("warming_up"), status("warming_up"), status("completed")]
    )
    api.get(RESULT_PATH).mock(return_value=succeeded())
    seen: list[JobStatus] = []
    with caplog.at_level(logging.WARNING, logger="runcomfy_client"):
        await resolve(echo.run(prompt="x", on_update=seen.append))
    assert seen[0].status == "warming_up" and not seen[0].is_known
    warnings = [r for r in caplog.records if "warming_up" in r.getMessage()]
    assert len(warnings) == 1


async def test_wait_timeout_keeps_request_id_and_last_status_and_does_not_cancel(
    api: respx.MockRouter, echo: Any, fake_time: ManualClock
) -> None:
    api.post(SUBMIT_PATH).mock(return_value=submitted())
    api.get(STATUS_PATH).mock(return_value=status("in_queue", 4))
    cancel = api.post(CANCEL_PATH).mock(return_value=httpx.Response(202, json={}))
    with pytest.raises(WaitTimeoutError) as caught:
        await resolve(echo.run(prompt="x", timeout=10.0))
    assert caught.value.request_id == REQUEST_ID
    assert caught.value.status == JobStatus(REQUEST_ID, "in_queue", 4)
    assert caught.value.cancel_outcome is None
    assert cancel.call_count == 0
    assert sum(fake_time.sleeps) == pytest.approx(10.0)  # polled up to the deadline, not past it


async def test_cancel_on_timeout_cancels_the_job(api: respx.MockRouter, echo: Any) -> None:
    api.post(SUBMIT_PATH).mock(return_value=submitted())
    api.get(STATUS_PATH).mock(return_value=status("in_queue", 4))
    answer = {"request_id": REQUEST_ID, "status": "in_queue", "outcome": "cancelled"}
    cancel = api.post(CANCEL_PATH).mock(return_value=httpx.Response(202, json=answer))
    with pytest.raises(WaitTimeoutError) as caught:
        await resolve(echo.run(prompt="x", timeout=3.0, cancel_on_timeout=True))
    assert cancel.call_count == 1
    assert caught.value.cancel_outcome == "cancelled"


async def test_resumed_job_without_model_returns_the_raw_output(
    api: respx.MockRouter, client: Any
) -> None:
    api.get(STATUS_PATH).mock(return_value=status("completed"))
    api.get(RESULT_PATH).mock(return_value=succeeded())
    job = client.job(REQUEST_ID)
    assert await resolve(job.wait()) == {"image": IMAGE_URL}
    assert job.last_status is not None and job.last_status.is_succeeded


async def test_async_on_update_coroutine_is_awaited(api: respx.MockRouter) -> None:
    queue_then_done(api)
    seen: list[str] = []

    async def record(update: JobStatus) -> None:
        await asyncio.sleep(0)
        seen.append(update.status)

    client = make_client("async", virtual_time())
    async with client:
        await AsyncEcho(client).run(prompt="x", on_update=record)
    assert seen == ["in_queue", "in_queue", "in_progress", "completed"]


async def test_cancelling_the_waiting_task_stops_polling_at_once(api: respx.MockRouter) -> None:
    statuses = api.get(STATUS_PATH).mock(return_value=status("in_queue", 1))
    # Real asyncio sleeps: the wait is parked in a 30 s gap when the task is cancelled.
    client = make_client("async", None)
    async with client:
        task = asyncio.create_task(client.job(REQUEST_ID).wait(poll_interval=30.0))
        while statuses.call_count == 0:
            await asyncio.sleep(0.001)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(task, timeout=1.0)
        await asyncio.sleep(0.01)
    assert statuses.call_count == 1


async def test_result_lagging_behind_status_is_reported_once(
    api: respx.MockRouter, client: Any
) -> None:
    api.get(STATUS_PATH).mock(return_value=status("completed"))
    not_yet = httpx.Response(200, json={"request_id": REQUEST_ID, "status": "in_progress"})
    result = api.get(RESULT_PATH).mock(side_effect=[not_yet, not_yet, succeeded()])
    seen: list[JobStatus] = []
    await resolve(client.job(REQUEST_ID).wait(on_update=seen.append))
    assert [s.status for s in seen] == ["completed"]
    assert result.call_count == 3


async def test_failed_job_whose_details_cannot_be_fetched_still_raises_job_failed(
    api: respx.MockRouter, client: Any
) -> None:
    api.get(STATUS_PATH).mock(return_value=status("failed"))
    api.get(RESULT_PATH).mock(return_value=httpx.Response(404, json={"error_code": 404001}))
    with pytest.raises(JobFailedError) as caught:
        await resolve(client.job(REQUEST_ID).wait())
    assert caught.value.request_id == REQUEST_ID


async def test_unknown_status_forever_ends_in_timeout_with_that_status(
    api: respx.MockRouter, client: Any
) -> None:
    api.get(STATUS_PATH).mock(return_value=status("paused"))
    with pytest.raises(WaitTimeoutError) as caught:
        await resolve(client.job(REQUEST_ID).wait(timeout=30.0))
    assert caught.value.status == JobStatus(REQUEST_ID, "paused")


async def test_updates_with_timeout_raises_wait_timeout(api: respx.MockRouter, client: Any) -> None:
    api.get(STATUS_PATH).mock(return_value=status("in_progress"))
    with pytest.raises(WaitTimeoutError):
        await collect(client.job(REQUEST_ID).updates(timeout=5.0))


async def test_polling_stops_when_the_caller_leaves_updates_early(
    api: respx.MockRouter, flavour: str
) -> None:
    statuses = api.get(STATUS_PATH).mock(return_value=status("in_progress"))
    client = make_client(flavour, virtual_time())
    updates = client.job(REQUEST_ID).updates()
    if flavour == "sync":
        first = next(updates)
        updates.close()
    else:
        first = await updates.__anext__()
        await updates.aclose()
    assert first.is_running
    assert statuses.call_count == 1


async def test_result_lagging_forever_after_completed_ends_in_response_format_error(
    api: respx.MockRouter, client: Any, fake_time: ManualClock
) -> None:
    api.get(STATUS_PATH).mock(return_value=status("completed"))
    not_yet = httpx.Response(200, json={"request_id": REQUEST_ID, "status": "in_progress"})
    result = api.get(RESULT_PATH).mock(return_value=not_yet)
    with pytest.raises(ResponseFormatError, match="said completed") as caught:
        await resolve(client.job(REQUEST_ID).wait(timeout=None))
    assert caught.value.request_id == REQUEST_ID
    assert result.call_count == 5
    assert fake_time.sleeps == [0.5, 0.75, 1.125, 1.6875]  # the poll backoff between fetches


async def test_result_lagging_after_failed_ends_in_job_failed(
    api: respx.MockRouter, client: Any
) -> None:
    api.get(STATUS_PATH).mock(return_value=status("failed"))
    not_yet = httpx.Response(200, json={"request_id": REQUEST_ID, "status": "in_progress"})
    result = api.get(RESULT_PATH).mock(return_value=not_yet)
    with pytest.raises(JobFailedError) as caught:
        await resolve(client.job(REQUEST_ID).wait())
    assert caught.value.request_id == REQUEST_ID
    assert result.call_count == 5


async def test_result_lagging_past_the_timeout_does_not_cancel_a_finished_job(
    api: respx.MockRouter, echo: Any, fake_time: ManualClock
) -> None:
    api.post(SUBMIT_PATH).mock(return_value=submitted())
    api.get(STATUS_PATH).mock(return_value=status("completed"))
    not_yet = httpx.Response(200, json={"request_id": REQUEST_ID, "status": "in_progress"})
    result = api.get(RESULT_PATH).mock(return_value=not_yet)
    cancel = api.post(CANCEL_PATH).mock(return_value=httpx.Response(202, json={}))
    with pytest.raises(ResponseFormatError, match="has finished") as caught:
        await resolve(echo.run(prompt="x", timeout=1.0, cancel_on_timeout=True))
    assert not isinstance(caught.value, WaitTimeoutError)
    assert caught.value.request_id == REQUEST_ID
    assert cancel.call_count == 0
    assert result.call_count == 3  # at 0, 0.5 and 1.0 s: the last one lands on the deadline
    assert sum(fake_time.sleeps) == pytest.approx(1.0)
