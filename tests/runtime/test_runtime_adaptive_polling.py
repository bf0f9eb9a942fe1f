"""The default poll policy: it learns each model's run durations and polls around the likely end.

Pure parts first (the policy's pauses for a given ``PollContext``, ``JobDurations``), then what
the client records from the statuses it sees, then the whole loop on the fake's virtual time.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
import respx
from hypothesis import given
from hypothesis import strategies as st
from runcomfy_client import (
    AdaptivePollPolicy,
    ConfigurationError,
    JobDurations,
    JobStatus,
    PollContext,
    PollPolicy,
)
from runcomfy_client.testing import FakeRunComfy, ManualClock, Timings
from runtime_support import (
    MODEL_ID,
    RESULT_PATH,
    STATUS_PATH,
    SUBMIT_PATH,
    AsyncEcho,
    Echo,
    make_client,
    resolve,
    status,
    submitted,
    succeeded,
)

STEADY = AdaptivePollPolicy(jitter=0.0)  # 0.5 s floor, 5 s cap, 0.8 s resolution
MINUTE = tuple(60.0 + 0.5 * k for k in range(-4, 5))  # a model that runs about a minute


def running(ran: float, durations: tuple[float, ...] = MINUTE, unsure: float = 0.2) -> PollContext:
    """A job that has run ``ran`` seconds (first seen running ``ran`` s ago, last seen waiting
    ``unsure`` seconds before that)."""
    return PollContext(
        index=5,
        status=JobStatus("r", "in_progress"),
        elapsed=ran,
        durations=durations,
        running_for=(ran, ran + unsure),
    )


def queued(position: int, rate: float | None, durations: tuple[float, ...]) -> PollContext:
    return PollContext(
        index=2,
        status=JobStatus("r", "in_queue", position),
        elapsed=1.0,
        durations=durations,
        queue_rate=rate,
    )


# ---- the policy ----------------------------------------------------------------------------


@pytest.mark.parametrize("index", [0, 1, 4, 30])
def test_without_durations_it_is_the_plain_backoff(index: int) -> None:
    plain = PollPolicy(jitter=0.0)
    context = PollContext(index=index, status=JobStatus("r", "in_progress"), elapsed=3.0)
    assert STEADY.next_delay(context) == plain.next_delay(context)


def test_a_lagging_result_is_asked_again_at_the_plain_backoff() -> None:
    context = PollContext(
        index=1,
        status=JobStatus("r", "completed"),
        elapsed=60.0,
        durations=MINUTE,
        phase="result",
    )
    assert STEADY.next_delay(context) == PollPolicy(jitter=0.0).next_delay(context)


def test_sparse_far_from_the_usual_end_dense_around_it_sparse_again_after() -> None:
    pauses = {ran: STEADY.next_delay(running(ran)) for ran in (5.0, 40.0, 59.0, 61.0, 300.0)}
    assert pauses[5.0] == pauses[40.0] == 5.0  # the cap: the job cannot be near its end
    assert pauses[59.0] <= 1.5 and pauses[61.0] <= 1.5  # about the resolution
    assert pauses[300.0] == 5.0  # far past every known duration: no better than knowing nothing


def test_a_pause_never_leaps_past_the_likely_end() -> None:
    wide = AdaptivePollPolicy(jitter=0.0, max_interval=60.0)
    for ran in (20.0, 40.0, 50.0, 55.0):
        assert ran + wide.next_delay(running(ran)) < min(MINUTE)


def test_the_resolution_sets_the_pause_around_the_likely_end() -> None:
    fine = AdaptivePollPolicy(jitter=0.0, resolution=0.25)
    coarse = AdaptivePollPolicy(jitter=0.0, resolution=2.0)
    assert fine.next_delay(running(60.0)) < STEADY.next_delay(running(60.0))
    assert STEADY.next_delay(running(60.0)) < coarse.next_delay(running(60.0))


def test_an_unsure_start_spreads_the_polls() -> None:
    # Seen waiting 4 s before it was seen running: the end is known less precisely, so the
    # polls start earlier than for a start known to 0.2 s.
    assert STEADY.next_delay(running(52.0, unsure=4.0)) < STEADY.next_delay(running(52.0))


def test_a_job_far_back_in_a_moving_queue_is_polled_less_than_one_at_the_front() -> None:
    short = (5.0, 5.2, 4.8, 5.1)
    front = STEADY.next_delay(queued(1, None, short))
    back = STEADY.next_delay(queued(12, 0.5, short))  # 11 ahead, 2 s each: ~11 s to wait
    assert front < 5.0 and back == 5.0


def test_min_history_keeps_the_backoff_until_enough_durations_are_known() -> None:
    policy = AdaptivePollPolicy(jitter=0.0, min_history=3)
    plain = PollPolicy(jitter=0.0).next_delay(running(5.0, durations=(60.0, 61.0)))
    assert policy.next_delay(running(5.0, durations=(60.0, 61.0))) == plain
    assert policy.next_delay(running(5.0, durations=(60.0, 61.0, 59.0))) == 5.0


def test_call_intervals_bound_the_adaptive_policy() -> None:
    bounded = STEADY.with_intervals(2.0, 3.0)
    assert isinstance(bounded, AdaptivePollPolicy)
    assert bounded.next_delay(running(5.0)) == 3.0  # the call's cap
    assert bounded.next_delay(running(60.0)) == 2.0  # the call's floor
    assert STEADY.with_intervals(0.0, 0.0).next_delay(running(60.0)) == 0.0


_durations = st.lists(st.floats(min_value=0.01, max_value=5000.0), min_size=1, max_size=25).map(
    tuple
)


@given(
    durations=_durations,
    ran=st.floats(min_value=0.0, max_value=10_000.0),
    unsure=st.floats(min_value=0.0, max_value=1000.0) | st.just(math.inf),
    floor=st.floats(min_value=0.0, max_value=3.0),
    cap=st.floats(min_value=0.0, max_value=120.0),
    jitter=st.floats(min_value=0.0, max_value=1.0),
)
def test_a_running_jobs_pause_stays_within_the_floor_and_the_cap(
    durations: tuple[float, ...],
    ran: float,
    unsure: float,
    floor: float,
    cap: float,
    jitter: float,
) -> None:
    policy = AdaptivePollPolicy(interval=floor, max_interval=cap, jitter=jitter)
    pause = policy.next_delay(running(ran, durations, unsure))
    high = max(floor, cap)
    assert math.isfinite(pause)
    assert min(floor, high) * (1 - jitter) - 1e-9 <= pause <= high


@given(
    durations=_durations,
    position=st.integers(min_value=0, max_value=10_000),
    rate=st.none() | st.floats(min_value=1e-6, max_value=100.0),
)
def test_a_queued_jobs_pause_stays_within_the_floor_and_the_cap(
    durations: tuple[float, ...], position: int, rate: float | None
) -> None:
    pause = STEADY.next_delay(queued(position, rate, durations))
    assert 0.5 <= pause <= 5.0


@pytest.mark.parametrize(
    "make",
    [
        lambda: AdaptivePollPolicy(resolution=0.0),
        lambda: AdaptivePollPolicy(resolution=math.nan),
        lambda: AdaptivePollPolicy(resolution=math.inf),
        lambda: AdaptivePollPolicy(min_history=0),
        lambda: AdaptivePollPolicy(min_history=True),
        lambda: AdaptivePollPolicy(max_interval=-1.0),
        lambda: JobDurations(keep=0),
    ],
)
def test_impossible_settings_are_refused(make: Any) -> None:
    with pytest.raises(ConfigurationError):
        make()


# ---- JobDurations --------------------------------------------------------------------------


def test_durations_keep_the_newest_per_model() -> None:
    durations = JobDurations(keep=3)
    for seconds in (1.0, 2.0, 3.0, 4.0):
        durations.record("a/b", seconds)
    durations.record("c/d", 9.0)
    assert durations.recent("a/b") == (2.0, 3.0, 4.0)
    assert durations.recent("c/d") == (9.0,)
    assert durations.recent("e/f") == () and durations.recent(None) == ()


@pytest.mark.parametrize("value", [0.0, -1.0, math.nan, math.inf, True, "5"])
def test_durations_ignore_what_is_not_a_duration(value: Any) -> None:
    durations = JobDurations()
    durations.record("a/b", value)
    assert durations.recent("a/b") == ()


# ---- what the client records ---------------------------------------------------------------


def _timeline(api: respx.MockRouter, *states: str) -> None:
    api.post(SUBMIT_PATH).mock(return_value=submitted())
    api.get(STATUS_PATH).mock(side_effect=[status(s) for s in states])
    api.get(RESULT_PATH).mock(return_value=succeeded())


async def test_a_watched_job_records_its_run_time_between_the_sightings(
    api: respx.MockRouter, flavour: str, fake_time: ManualClock
) -> None:
    _timeline(api, "in_queue", "in_queue", "in_progress", "in_progress", "completed")
    client = make_client(flavour, fake_time, poll_policy=PollPolicy(interval=2.0, jitter=0.0))
    echo = Echo(client) if flavour == "sync" else AsyncEcho(client)
    await resolve(echo.run(prompt="x", timeout=None))
    # Polls at +0, +2, +5, +9.5, +14.5 (2 s growing x1.5 up to 5 s): last queued +2, first
    # running +5, last running +9.5, completed +14.5. Start ~ +3.5, end ~ +12.
    assert client.durations.recent(MODEL_ID) == pytest.approx((12.0 - 3.5,))


async def test_a_job_never_seen_running_records_nothing(
    api: respx.MockRouter, flavour: str, fake_time: ManualClock
) -> None:
    _timeline(api, "in_queue", "completed")
    client = make_client(flavour, fake_time)
    echo = Echo(client) if flavour == "sync" else AsyncEcho(client)
    await resolve(echo.run(prompt="x"))
    assert client.durations.recent(MODEL_ID) == ()


async def test_a_failed_job_records_nothing(
    api: respx.MockRouter, flavour: str, fake_time: ManualClock
) -> None:
    api.post(SUBMIT_PATH).mock(return_value=submitted())
    api.get(STATUS_PATH).mock(side_effect=[status("in_progress"), status("failed")])
    api.get(RESULT_PATH).mock(return_value=status("failed"))
    client = make_client(flavour, fake_time)
    echo = Echo(client) if flavour == "sync" else AsyncEcho(client)
    with pytest.raises(Exception, match="failed"):
        await resolve(echo.run(prompt="x"))
    assert client.durations.recent(MODEL_ID) == ()


async def test_a_job_resumed_while_running_records_nothing(
    api: respx.MockRouter, flavour: str, fake_time: ManualClock
) -> None:
    # Its start is unknown: it may have run for any time before this client saw it.
    _timeline(api, "in_progress", "in_progress", "completed")
    client = make_client(flavour, fake_time)
    await resolve(client.job("req_123-abc", model=None).wait())
    assert client.durations.recent(MODEL_ID) == () and client.durations.recent(None) == ()


async def test_clients_given_one_durations_object_share_what_they_learn(
    api: respx.MockRouter, flavour: str, fake_time: ManualClock
) -> None:
    shared = JobDurations()
    _timeline(api, "in_queue", "in_progress", "completed")
    first = make_client(flavour, fake_time, durations=shared)
    echo = Echo(first) if flavour == "sync" else AsyncEcho(first)
    await resolve(echo.run(prompt="x"))
    second = make_client(flavour, fake_time, durations=shared)
    assert second.durations is shared and len(shared.recent(MODEL_ID)) == 1


# ---- the whole loop ------------------------------------------------------------------------


@pytest.mark.parametrize("seconds", [7.0, 90.0, 213.0])
def test_once_it_knows_a_model_it_polls_sparsely_then_densely_around_the_end(
    seconds: float,
) -> None:
    clock = ManualClock()
    model = "wan-ai/wan-2-6/image-to-image"
    timings = Timings(run_seconds=seconds, queue_polls=0, run_polls=1)
    fake = FakeRunComfy(clock=clock, timings=timings, model_ids=[model])
    body = {"prompt": "a lighthouse", "image_urls": ["https://example.com/a.png"]}
    with fake.client(poll_policy=STEADY) as client:
        for _ in range(3):  # learn the model
            client.model(model).submit(body).wait(timeout=None)
        learnt = client.durations.recent(model)
        before, pauses = len(fake.calls("status")), len(clock.sleeps)
        job = client.model(model).submit(body)
        done_at = clock() + seconds
        job.wait(timeout=None)
    polls, gaps = len(fake.calls("status")) - before, clock.sleeps[pauses:]
    # Each learnt duration is read between sightings, so it is off by up to half a gap or so.
    assert len(learnt) == 3 and all(abs(d - seconds) < 0.25 * seconds + 0.5 for d in learnt)
    assert gaps[0] >= min(5.0, 0.5 * seconds)  # sparse early: no 0.5 s first pause
    assert clock() - done_at <= 1.5 * STEADY.resolution  # returns soon after the end
    assert polls <= seconds / 5.0 + 12  # the cap's polls, plus a dozen around the end
