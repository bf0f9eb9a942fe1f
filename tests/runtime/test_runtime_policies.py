"""The pure parts of polling and retrying: delays, caps, jitter, Retry-After parsing."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from runcomfy_client import ConfigurationError, JobStatus, PollContext, PollPolicy, RetryPolicy
from runcomfy_client._backoff import MAX_PAUSE, backoff, sane_pause
from runcomfy_client._retry import retry_after_seconds

NOW = 1_700_000_000.0


def poll(index: int) -> PollContext:
    return PollContext(index=index, status=JobStatus("r", "in_queue", 3), elapsed=0.0)


def test_retry_after_in_seconds() -> None:
    assert retry_after_seconds({"retry-after": "12"}, lambda: NOW) == 12.0


def test_retry_after_as_http_date_is_relative_to_now() -> None:
    headers = {"retry-after": "Tue, 14 Nov 2023 22:13:40 GMT"}  # NOW + 20 s
    assert retry_after_seconds(headers, lambda: NOW) == pytest.approx(20.0)


def test_retry_after_as_http_date_is_relative_to_the_answers_date_header() -> None:
    # The server's clock says 22:13:30, ours is 10 minutes off: the server's wins.
    headers = {
        "retry-after": "Tue, 14 Nov 2023 22:13:40 GMT",
        "date": "Tue, 14 Nov 2023 22:13:30 GMT",
    }
    assert retry_after_seconds(headers, lambda: NOW + 600) == pytest.approx(10.0)


def test_retry_after_in_the_past_means_now() -> None:
    headers = {"retry-after": "Tue, 14 Nov 2023 22:00:00 GMT"}
    assert retry_after_seconds(headers, lambda: NOW) == 0.0


@pytest.mark.parametrize(
    "value",
    [
        "",
        "soon",
        "nan",
        "inf",
        "-5",
        "1e3",
        "１２",
        "Tue, 99 Nov 2023",
        "Mon, 01 Jan 99999 00:00:00 GMT",
    ],
)
def test_unusable_retry_after_is_ignored(value: str) -> None:
    assert retry_after_seconds({"retry-after": value}, lambda: NOW) is None


def test_missing_retry_after_is_ignored() -> None:
    assert retry_after_seconds({}, lambda: NOW) is None


@given(polls=st.integers(min_value=0, max_value=10_000))
def test_poll_delay_stays_within_jitter_of_the_capped_backoff(polls: int) -> None:
    policy = PollPolicy(interval=0.5, max_interval=5.0, factor=1.5, jitter=0.1)
    delay = policy.next_delay(poll(polls))
    undisturbed = min(5.0, 0.5 * 1.5 ** min(polls, 64))
    assert undisturbed * 0.9 <= delay <= undisturbed


@given(retry=st.integers(min_value=0, max_value=10_000))
def test_retry_backoff_never_exceeds_the_cap(retry: int) -> None:
    policy = RetryPolicy()
    assert 0.0 < policy.next_delay(retry) <= policy.max_delay


def test_poll_gaps_without_jitter_grow_then_plateau() -> None:
    policy = PollPolicy(interval=1.0, max_interval=3.0, factor=2.0, jitter=0.0)
    assert [policy.next_delay(poll(n)) for n in range(4)] == [1.0, 2.0, 3.0, 3.0]


def test_retry_and_poll_pauses_are_the_one_backoff_formula() -> None:
    retry = RetryPolicy(initial_delay=0.25, max_delay=3.0, jitter=0.0)
    polls = PollPolicy(interval=0.25, max_interval=3.0, factor=2.0, jitter=0.0)
    expected = [backoff(n, initial=0.25, factor=2.0, cap=3.0, jitter=0.0) for n in range(6)]
    assert [retry.next_delay(n) for n in range(6)] == expected
    assert (
        [polls.next_delay(poll(n)) for n in range(6)] == expected == [0.25, 0.5, 1.0, 2.0, 3.0, 3.0]
    )


def test_retry_after_within_the_policys_limit_replaces_the_backoff() -> None:
    policy = RetryPolicy(max_retry_after=30.0, jitter=0.0)
    assert policy.next_delay(0, retry_after=12.0) == 12.0
    assert policy.next_delay(0, retry_after=31.0) == policy.initial_delay  # too long: backoff


def test_backoff_with_a_huge_factor_is_capped_not_an_overflow() -> None:
    assert backoff(10_000, initial=1.0, factor=1e10, cap=7.0, jitter=0.0) == 7.0


@pytest.mark.parametrize("value", [-1.0, math.nan, math.inf, 1e300])
def test_a_pause_is_never_negative_nan_or_endless(value: float) -> None:
    assert 0.0 <= sane_pause(value) <= MAX_PAUSE


def test_call_intervals_override_the_policys_bounds() -> None:
    policy = PollPolicy(interval=1.0, max_interval=4.0, jitter=0.0)
    assert policy.with_intervals(None, None) is policy
    assert policy.with_intervals(2.0, None) == PollPolicy(
        interval=2.0, max_interval=4.0, jitter=0.0
    )
    assert policy.with_intervals(3.0, 1.0).max_interval == 3.0  # a cap below the interval rises


@pytest.mark.parametrize(
    "make",
    [
        lambda: PollPolicy(interval=-1),
        lambda: PollPolicy(max_interval=math.nan),
        lambda: PollPolicy(factor=0.5),
        lambda: PollPolicy(jitter=1.5),
        lambda: RetryPolicy(initial_delay=-0.1),
        lambda: RetryPolicy(jitter=-0.1),
        lambda: RetryPolicy(max_retry_after=-1),
    ],
)
def test_policies_refuse_numbers_that_make_no_schedule(make: object) -> None:
    with pytest.raises(ConfigurationError):
        make()  # type: ignore[operator]
