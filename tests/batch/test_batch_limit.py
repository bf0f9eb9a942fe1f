"""The adaptive concurrency of a batch, on its own (no I/O), and through the scheduler."""

from __future__ import annotations

import pytest
from batch_support import SEED, Collect, bodies, check_outcome, item_results
from runcomfy_client import BatchUpdate, ServerError
from runcomfy_client._batch_scheduler import AdaptiveLimit
from runcomfy_client.testing import FakeRunComfy, Fault


def test_a_refusal_drops_the_limit_to_the_jobs_held_and_pauses_submits() -> None:
    limit = AdaptiveLimit(20)
    limit.rate_limited(now=10.0, delay=2.0, held=12)
    assert (limit.limit, limit.paused_until) == (12, 12.0)
    # More refusals within the same pause: no further drop, the pause only extends.
    limit.rate_limited(now=10.5, delay=2.0, held=5)
    assert (limit.limit, limit.paused_until) == (12, 12.5)
    # Refused again after the pause: drops by at least one.
    limit.rate_limited(now=13.0, delay=1.0, held=30)
    assert limit.limit == 11 and limit.refusals == 2


def test_the_limit_grows_by_one_per_limit_accepted_submits_up_to_the_maximum() -> None:
    limit = AdaptiveLimit(4)
    limit.rate_limited(now=0.0, delay=1.0, held=2)
    assert limit.limit == 2
    limit.accepted()
    assert limit.limit == 2 and limit.refusals == 0
    limit.accepted()
    assert limit.limit == 3
    for _ in range(3):
        limit.accepted()
    assert limit.limit == 4
    for _ in range(20):
        limit.accepted()
    assert limit.limit == 4


def test_a_limit_never_drops_below_one() -> None:
    limit = AdaptiveLimit(3)
    for now in range(10):
        limit.rate_limited(now=float(now * 10), delay=1.0, held=0)
    assert limit.limit == 1


@pytest.mark.parametrize("maximum", [0, -1])
def test_a_limit_needs_a_positive_maximum(maximum: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        AdaptiveLimit(maximum)


async def test_a_429_storm_on_polls_lowers_the_limit_and_loses_nothing(
    fake: FakeRunComfy, collect: Collect
) -> None:
    fake.add_fault(Fault(status=429, route="status", times=60, retry_after=1))
    limits: list[int] = []

    def seen(update: BatchUpdate) -> None:
        limits.append(update.progress.limit)

    items = await collect(SEED, bodies(30), concurrency=8, on_update=seen)
    assert all(item.status == "succeeded" for item in items)
    check_outcome(fake, item_results(items), range(30))
    assert min(limits) < 8


async def test_an_outage_on_submits_stops_the_batch_after_three_uncertain_inputs(
    fake: FakeRunComfy, collect: Collect
) -> None:
    fake.add_fault(Fault(status=503, route="submit", times=1000))
    with pytest.raises(ServerError):
        await collect(SEED, bodies(50), concurrency=8)
    assert len(fake.calls("submit")) == 3
