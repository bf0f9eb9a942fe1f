"""The pure parts of polling and retrying: delays, caps, jitter, Retry-After parsing."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st
from runcomfy_client._polling import PollPolicy
from runcomfy_client._retry import RetryPolicy, retry_after_seconds

NOW = 1_700_000_000.0


def test_retry_after_in_seconds() -> None:
    assert retry_after_seconds({"retry-after": "12"}, lambda: NOW) == 12.0


def test_retry_after_as_http_date_is_relative_to_now() -> None:
    headers = {"retry-after": "Tue, 14 Nov 2023 22:13:40 GMT"}  # NOW + 20 s
    assert retry_after_seconds(headers, lambda: NOW) == pytest.approx(20.0)


def test_retry_after_in_the_past_means_now() -> None:
    headers = {"retry-after": "Tue, 14 Nov 2023 22:00:00 GMT"}
    assert retry_after_seconds(headers, lambda: NOW) == 0.0


@pytest.mark.parametrize("value", ["", "soon", "nan", "Tue, 99 Nov 2023"])
def test_unusable_retry_after_is_ignored(value: str) -> None:
    assert retry_after_seconds({"retry-after": value}, lambda: NOW) is None


def test_missing_retry_after_is_ignored() -> None:
    assert retry_after_seconds({}, lambda: NOW) is None


@given(polls=st.integers(min_value=0, max_value=10_000), seed=st.integers())
def test_poll_delay_stays_within_jitter_of_the_capped_backoff(polls: int, seed: int) -> None:
    policy = PollPolicy(interval=0.5, max_interval=5.0, factor=1.5, jitter=0.1)
    delay = policy.delay(polls, random.Random(seed))
    undisturbed = min(5.0, 0.5 * 1.5 ** min(polls, 64))
    assert undisturbed * 0.9 <= delay <= undisturbed


@given(retry=st.integers(min_value=0, max_value=10_000), seed=st.integers())
def test_retry_backoff_never_exceeds_the_cap(retry: int, seed: int) -> None:
    policy = RetryPolicy()
    assert 0.0 < policy.backoff(retry, random.Random(seed)) <= policy.max_delay


def test_poll_gaps_without_jitter_grow_then_plateau() -> None:
    policy = PollPolicy(interval=1.0, max_interval=3.0, factor=2.0, jitter=0.0)
    rng = random.Random(0)
    assert [policy.delay(n, rng) for n in range(4)] == [1.0, 2.0, 3.0, 3.0]
