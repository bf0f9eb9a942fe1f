"""``client.batch`` on both clients, against the fake on virtual time."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from batch_support import (
    SEED,
    Collect,
    bodies,
    body,
    check_outcome,
    item_results,
    submits_by_key,
)
from runcomfy_client import (
    AuthenticationError,
    BatchUpdate,
    InputValidationError,
    JobCancelledError,
    JobFailedError,
    JournalLockedError,
    JournalMismatchError,
    NotFoundError,
    PaymentRequiredError,
)
from runcomfy_client._batch_inputs import content_hash
from runcomfy_client.models.wan_ai.wan_2_6.image_to_image import ImageToImageInput
from runcomfy_client.testing import FakeRunComfy, Fault, JobScript, ManualClock


async def test_every_input_yields_one_item_with_its_typed_output(
    fake: FakeRunComfy, collect: Collect
) -> None:
    items = await collect(SEED, bodies(12), concurrency=3)
    assert sorted(item.key for item in items) == list(range(12))
    assert all(item.status == "succeeded" and item.ok for item in items)
    assert all(item.output is not None and item.output.images for item in items)
    check_outcome(fake, item_results(items), range(12))
    assert sum(submits_by_key(fake).values()) == 12


async def test_items_come_as_they_finish_not_in_input_order(
    fake: FakeRunComfy, collect: Collect
) -> None:
    # Input 0 takes many more polls than the others: it finishes last.
    from runcomfy_client.testing import Timings

    fake.script_next(JobScript(timings=Timings(queue_polls=12, run_polls=6)))
    items = await collect(SEED, bodies(5), concurrency=5)
    assert items[-1].key == 0


async def test_a_model_resource_and_input_models_work_like_an_id_and_mappings(
    fake: FakeRunComfy, collect: Collect, flavour: str
) -> None:
    client = fake.client() if flavour == "sync" else fake.async_client()
    resource = client.wan_ai.wan_2_6.image_to_image
    inputs = [ImageToImageInput.model_validate(b) for b in bodies(3)]
    items = await collect(resource, inputs, concurrency=2)
    assert sorted(i.key for i in items) == [0, 1, 2]
    assert all(i.status == "succeeded" for i in items)


async def test_a_bad_input_fails_alone_with_its_index_and_nothing_is_sent_for_it(
    fake: FakeRunComfy, collect: Collect
) -> None:
    inputs: list[Any] = bodies(6)
    inputs[2] = {"prompt": 42}  # wrong type, and image_urls missing
    inputs[4] = "not a mapping"
    items = {item.key: item for item in await collect(SEED, inputs, concurrency=2)}
    assert [k for k, i in sorted(items.items()) if i.status == "failed"] == [2, 4]
    assert isinstance(items[2].error, InputValidationError)
    assert {e["loc"][0] for e in items[2].error.errors()} == {"prompt", "image_urls"}
    assert items[2].request_id is None
    assert "index 4" in str(items[4].error) and "got str" in str(items[4].error)
    assert set(submits_by_key(fake)) == {0, 1, 3, 5}


async def test_failed_and_cancelled_jobs_are_items_with_the_typed_error(
    fake: FakeRunComfy, collect: Collect
) -> None:
    fake.script_next(JobScript(outcome="failed"), JobScript(outcome="cancelled"))
    items = {i.key: i for i in await collect(SEED, bodies(4), concurrency=1)}
    assert items[0].status == "failed" and isinstance(items[0].error, JobFailedError)
    assert items[0].request_id is not None
    assert items[1].status == "cancelled" and isinstance(items[1].error, JobCancelledError)
    with pytest.raises(JobFailedError):
        items[0].result()
    assert items[2].result() is items[2].output


async def test_no_more_than_concurrency_jobs_are_ever_in_flight(clock: ManualClock) -> None:
    in_flight: list[int] = []

    def look(_: object) -> None:
        in_flight.append(sum(1 for job in fake.jobs.values() if not job.done))

    fake = FakeRunComfy(clock=clock, on_request=look)
    client = fake.async_client()
    items = [i async for i in client.batch(SEED, bodies(20), concurrency=4)]
    assert len(items) == 20
    assert max(in_flight) == 4


async def test_on_update_reports_states_and_counts(fake: FakeRunComfy, collect: Collect) -> None:
    updates: list[BatchUpdate] = []
    await collect(SEED, bodies(3), concurrency=3, on_update=updates.append)
    states = {(u.key, u.status) for u in updates}
    for key in range(3):
        assert {
            (key, "submitting"),
            (key, "in_queue"),
            (key, "in_progress"),
            (key, "succeeded"),
        } <= states
    last = updates[-1].progress
    assert (last.total, last.succeeded, last.done, last.pending, last.running) == (3, 3, 3, 0, 0)


async def test_an_async_on_update_is_awaited(fake: FakeRunComfy) -> None:
    seen: list[str] = []

    async def note(update: BatchUpdate) -> None:
        seen.append(update.status)

    client = fake.async_client()
    [_ async for _ in client.batch(SEED, bodies(2), on_update=note)]
    assert seen.count("succeeded") == 2


# ---- rate limits and faults -----------------------------------------------------------------------


async def test_a_429_storm_slows_submits_down_and_every_input_still_runs_once(
    fake: FakeRunComfy, clock: ManualClock, collect: Collect
) -> None:
    fake.add_fault(Fault(status=429, route="submit", times=25, retry_after=2))
    limits: list[int] = []
    items = await collect(
        SEED, bodies(40), concurrency=8, on_update=lambda u: limits.append(u.progress.limit)
    )
    assert all(item.status == "succeeded" for item in items)
    check_outcome(fake, item_results(items), range(40))
    assert min(limits) < 8  # it backed off
    refused = [r for r in fake.calls("submit") if r.status_code == 429]
    assert len(refused) == 25
    # Retry-After is honoured: no submit within 2 s after a refusal.
    times = [(job.submitted_at) for job in fake.jobs.values()]
    assert clock() >= 2.0 and times


async def test_retry_after_is_honoured_between_a_refused_submit_and_the_next(
    clock: ManualClock,
) -> None:
    stamps: list[tuple[float, int]] = []
    fake = FakeRunComfy(
        clock=clock,
        on_request=lambda r: (
            stamps.append((clock(), r.status_code)) if r.route == "submit" else None
        ),
    )
    fake.add_fault(Fault(status=429, route="submit", times=1, retry_after=5))
    client = fake.async_client()
    items = [i async for i in client.batch(SEED, bodies(3), concurrency=1)]
    assert [i.status for i in items] == ["succeeded"] * 3
    (refused_at, _), (next_at, code) = stamps[0], stamps[1]
    assert stamps[0][1] == 429 and code == 200
    assert next_at - refused_at >= 5.0


async def test_a_storm_on_polls_is_retried_and_no_job_is_lost(
    fake: FakeRunComfy, collect: Collect
) -> None:
    # More consecutive failures than one request's retries: the job is polled again later.
    fake.add_fault(Fault(status=503, route="status", times=12))
    fake.add_fault(Fault(status=429, route="result", times=6, retry_after=1))
    items = await collect(SEED, bodies(6), concurrency=3)
    assert all(item.status == "succeeded" for item in items)
    check_outcome(fake, item_results(items), range(6))


async def test_a_dropped_submit_that_never_reached_the_server_is_sent_again(
    fake: FakeRunComfy, collect: Collect
) -> None:
    fake.add_fault(Fault(disconnect=True, route="submit", times=4))
    items = await collect(SEED, bodies(3), concurrency=1)
    assert [i.status for i in items] == ["succeeded"] * 3
    check_outcome(fake, item_results(items), range(3))


@pytest.mark.parametrize(
    "fault",
    [Fault(disconnect=True, route="submit", after_accept=True), Fault(status=503, route="submit")],
    ids=["lost-answer", "5xx"],
)
async def test_a_submit_that_may_have_started_a_job_is_uncertain_and_not_sent_again(
    fake: FakeRunComfy, collect: Collect, fault: Fault
) -> None:
    fake.add_fault(fault)
    items = {i.key: i for i in await collect(SEED, bodies(3), concurrency=1)}
    assert items[0].status == "uncertain" and items[0].request_id is None
    assert items[0].error is not None
    assert [items[k].status for k in (1, 2)] == ["succeeded", "succeeded"]
    assert submits_by_key(fake)[0] == 1


async def test_a_refused_input_fails_alone(fake: FakeRunComfy, collect: Collect) -> None:
    # The server's own validation (422) refuses input 1: the others run.
    fake.add_fault(Fault(status=422, route="submit", times=1))
    items = {i.key: i for i in await collect(SEED, bodies(3), concurrency=1)}
    assert [items[k].status for k in range(3)] == ["failed", "succeeded", "succeeded"]


async def test_a_refused_key_stops_the_batch_at_once(collect: Collect, fake: FakeRunComfy) -> None:
    fake.api_key = "right"
    with pytest.raises(AuthenticationError):
        await collect(SEED, bodies(5), client_options={"api_key": "wrong"}, concurrency=2)
    # One submit goes first: its refusal stops the batch before the others are sent.
    assert len(fake.calls("submit")) == 1
    assert fake.jobs == {}


async def test_no_balance_stops_submitting_but_collects_the_jobs_in_flight(
    fake: FakeRunComfy, collect: Collect, tmp_path: Path
) -> None:
    no_balance = Fault(
        status=402,
        route="submit",
        times=100,
        body={"error_code": 400002, "error_message": "no remaining balance"},
    )
    journal = tmp_path / "runs.db"
    seen: list[int] = []

    def first_submits_then_no_balance(update: BatchUpdate) -> None:
        seen.append(update.key)
        if update.status == "in_queue" and update.key == 1:
            fake.add_fault(no_balance)

    with pytest.raises(PaymentRequiredError):
        await collect(
            SEED, bodies(6), journal=journal, concurrency=2, on_update=first_submits_then_no_balance
        )
    # The two accepted jobs ran to the end; nothing else was accepted.
    assert sorted(k for k, jobs in _jobs(fake).items()) == [0, 1]
    assert all(job.done for job in fake.jobs.values())


def _jobs(fake: FakeRunComfy) -> dict[int, list[str]]:
    from batch_support import jobs_by_key

    return jobs_by_key(fake)


async def test_a_model_the_server_does_not_know_stops_the_batch(
    clock: ManualClock, flavour: str
) -> None:
    fake = FakeRunComfy(clock=clock, model_ids=["stability/sdxl/text-to-image"])
    client = fake.client() if flavour == "sync" else fake.async_client()
    with pytest.raises(NotFoundError):
        if flavour == "sync":
            list(client.batch(SEED, bodies(4)))
        else:
            [_ async for _ in client.batch(SEED, bodies(4))]
    assert len(fake.calls("submit")) == 1


# ---- the journal -------------------------------------------------------------------------------------


async def test_a_second_run_with_the_journal_sends_nothing_and_yields_the_same_outcomes(
    fake: FakeRunComfy, collect: Collect, tmp_path: Path
) -> None:
    journal = tmp_path / "runs.db"
    fake.script_next(JobScript(), JobScript(outcome="failed"))
    first = item_results(await collect(SEED, bodies(5), journal=journal, concurrency=2))
    calls = len(fake.requests)
    again = await collect(SEED, bodies(5), journal=journal, concurrency=2)
    assert len(fake.requests) == calls
    assert all(item.resumed for item in again)
    assert item_results(again) == first
    failed = next(i for i in again if i.status == "failed")
    assert isinstance(failed.error, JobFailedError) and failed.error.request_id


async def test_retry_failed_submits_failed_inputs_again_and_keeps_the_old_ids(
    fake: FakeRunComfy, collect: Collect, tmp_path: Path
) -> None:
    from runcomfy_client._journal import Journal

    journal = tmp_path / "runs.db"
    fake.script_next(JobScript(outcome="failed"))
    first = {i.key: i for i in await collect(SEED, bodies(3), journal=journal, concurrency=1)}
    assert first[0].status == "failed"
    again = {i.key: i for i in await collect(SEED, bodies(3), journal=journal, retry_failed=True)}
    assert again[0].status == "succeeded" and not again[0].resumed
    assert again[1].resumed and again[2].resumed
    assert submits_by_key(fake)[0] == 2
    with Journal.read(journal) as read:
        row = read.row(0)
    assert row is not None and row.previous == [first[0].request_id]
    assert row.request_id == again[0].request_id


async def test_uncertain_inputs_are_resubmitted_only_on_request(
    fake: FakeRunComfy, collect: Collect, tmp_path: Path
) -> None:
    journal = tmp_path / "runs.db"
    fake.add_fault(Fault(status=502, route="submit"))
    first = {i.key: i.status for i in await collect(SEED, bodies(2), journal=journal)}
    assert first == {0: "uncertain", 1: "succeeded"}
    again = {i.key: i.status for i in await collect(SEED, bodies(2), journal=journal)}
    assert again == first and submits_by_key(fake)[0] == 1
    last = {
        i.key: i for i in await collect(SEED, bodies(2), journal=journal, resubmit_uncertain=True)
    }
    assert last[0].status == "succeeded" and submits_by_key(fake)[0] == 2
    assert last[1].resumed


async def test_changed_inputs_are_refused_before_anything_is_sent(
    fake: FakeRunComfy, collect: Collect, tmp_path: Path
) -> None:
    journal = tmp_path / "runs.db"
    await collect(SEED, bodies(4), journal=journal)
    calls = len(fake.requests)
    changed = bodies(4)
    changed[2] = body(99)
    with pytest.raises(JournalMismatchError, match="index 2 changed"):
        await collect(SEED, changed, journal=journal)
    with pytest.raises(JournalMismatchError, match="index 4 were added"):
        await collect(SEED, bodies(5), journal=journal)
    with pytest.raises(JournalMismatchError, match="index 3 disappeared"):
        await collect(SEED, bodies(3), journal=journal)
    assert len(fake.requests) == calls


async def test_a_changed_input_read_lazily_is_refused_when_it_is_reached(
    fake: FakeRunComfy, collect: Collect, tmp_path: Path
) -> None:
    journal = tmp_path / "runs.db"
    await collect(SEED, iter(bodies(4)), journal=journal)
    changed = [*bodies(3), body(99)]
    with pytest.raises(JournalMismatchError, match="index 3 changed"):
        await collect(SEED, iter(changed), journal=journal)
    assert len(fake.calls("submit")) == 4


async def test_a_journal_of_another_model_or_shard_is_refused(
    collect: Collect, tmp_path: Path
) -> None:
    journal = tmp_path / "runs.db"
    await collect(SEED, bodies(2), journal=journal)
    with pytest.raises(JournalMismatchError, match="model_id"):
        await collect("stability/sdxl/text-to-image", [{"prompt": "x"}], journal=journal)
    with pytest.raises(JournalMismatchError, match="shard"):
        await collect(SEED, bodies(2), journal=journal, shard="1/2")


async def test_a_journal_in_use_is_refused(fake: FakeRunComfy, tmp_path: Path) -> None:
    journal = tmp_path / "runs.db"
    client = fake.client()
    running = client.batch(SEED, bodies(3), journal=journal, concurrency=1)
    next(running)  # the first batch holds the journal
    with pytest.raises(JournalLockedError, match="in use"):
        list(client.batch(SEED, bodies(3), journal=journal))
    running.close()
    assert len(list(client.batch(SEED, bodies(3), journal=journal))) == 3


async def test_leaving_the_loop_early_keeps_the_rest_for_the_next_run(
    fake: FakeRunComfy, tmp_path: Path
) -> None:
    journal = tmp_path / "runs.db"
    client = fake.async_client()
    async with client.batch(SEED, bodies(10), journal=journal, concurrency=2) as batch:
        async for _ in batch:
            break
    rest = [i async for i in client.batch(SEED, bodies(10), journal=journal, concurrency=2)]
    assert len(rest) == 10
    check_outcome(fake, item_results(rest), range(10))


# ---- shards and downloads ----------------------------------------------------------------------------


async def test_shards_split_the_inputs_and_together_cover_them_once(
    fake: FakeRunComfy, collect: Collect
) -> None:
    keys = [
        sorted(i.key for i in await collect(SEED, bodies(10), shard=f"{k}/3")) for k in (1, 2, 3)
    ]
    assert keys == [[0, 3, 6, 9], [1, 4, 7], [2, 5, 8]]
    assert sum(submits_by_key(fake).values()) == 10


@pytest.mark.parametrize("shard", ["0/3", "4/3", "2", "a/b", "1/0"])
def test_a_bad_shard_is_refused_at_the_call(fake: FakeRunComfy, shard: str) -> None:
    with pytest.raises(ValueError, match="shard"):
        fake.client().batch(SEED, bodies(2), shard=shard)


@pytest.mark.parametrize(
    ("options", "match"),
    [({"concurrency": 0}, "concurrency"), ({"poll_interval": -1}, "poll_interval")],
)
def test_bad_options_are_refused_at_the_call(
    fake: FakeRunComfy, options: dict[str, Any], match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        fake.client().batch(SEED, bodies(2), **options)


def test_a_single_input_instead_of_a_list_is_refused(fake: FakeRunComfy) -> None:
    with pytest.raises(TypeError, match="iterable of inputs"):
        fake.client().batch(SEED, body(0))  # type: ignore[arg-type]


async def test_outputs_are_downloaded_per_input_and_missing_ones_on_the_next_run(
    fake: FakeRunComfy, collect: Collect, tmp_path: Path
) -> None:
    journal, out = tmp_path / "runs.db", tmp_path / "out"
    await collect(SEED, bodies(3), journal=journal)
    calls = len(fake.calls("submit"))
    items = await collect(SEED, bodies(3), journal=journal, download=out)
    assert len(fake.calls("submit")) == calls  # only the files were fetched
    for item in items:
        assert item.files and all(path.parent == out / str(item.key) for path in item.files)
        assert all(path.read_bytes().startswith(b"\x89PNG") for path in item.files)
    assert len(fake.calls("file")) == 3
    again = await collect(SEED, bodies(3), journal=journal, download=out)
    assert len(fake.calls("file")) == 3 and all(item.files for item in again)


async def test_a_resumed_batch_polls_with_what_the_journal_learnt_of_the_model(
    fake: FakeRunComfy, flavour: str, tmp_path: Path
) -> None:
    from runcomfy_client._journal import Journal, JournalMeta

    journal = tmp_path / "runs.db"
    with Journal.open(journal, JournalMeta(SEED, "index")) as made:
        made.ensure(0, content_hash(body(0)), "inputs")
        made.ensure(1, content_hash(body(1)), "inputs")
        for key, (started, finished) in enumerate([(100.0, 104.0), (200.0, 206.5)]):
            made.mark_submitting(key, started - 1)
            made.mark_submitted(key, f"req-{key}", started - 1)
            made.mark_status(key, "in_progress", started)
            made.mark_final(key, "succeeded", finished, output={"images": ["https://x.test/a.png"]})
        made.commit()
    client = fake.client() if flavour == "sync" else fake.async_client()
    assert client.durations.recent(SEED) == ()
    if flavour == "sync":
        items = list(client.batch(SEED, bodies(2), journal=journal))
    else:
        items = [i async for i in client.batch(SEED, bodies(2), journal=journal)]
    assert [i.resumed for i in items] == [True, True] and fake.requests == []
    assert client.durations.recent(SEED) == (4.0, 6.5)


@pytest.mark.parametrize("max_poll_interval", [None, 5.0])
async def test_once_a_run_time_is_known_polls_are_at_most_a_tenth_of_it_apart(
    fake: FakeRunComfy, clock: ManualClock, collect: Collect, max_poll_interval: float | None
) -> None:
    """A job seen finished late holds a slot: a batch caps the pauses at a tenth of the model's
    usual run time (learnt from its first job here), unless the caller sets a cap."""
    from runcomfy_client.testing import Timings

    fake.timings = Timings(run_seconds=30.0, queue_polls=0, run_polls=0)
    polls: dict[str, list[float]] = {}

    def note(request: Any) -> None:
        if request.route == "status":
            polls.setdefault(request.request_id, []).append(clock())

    fake.on_request = note
    items = await collect(
        SEED,
        bodies(2),
        concurrency=1,  # the second job starts once the first one's run time is known
        max_poll_interval=max_poll_interval,
    )
    assert [i.status for i in items] == ["succeeded", "succeeded"]
    first, second = (polls[i.request_id or ""] for i in items)
    longest = [max(b - a for a, b in pairwise(times)) for times in (first, second)]
    assert longest[0] > 4.0  # nothing known yet: the client's policy, up to its 5 s
    if max_poll_interval is None:
        assert longest[1] <= 3.6  # the run, as seen: 30 s and up to a poll's gap more
    else:
        assert longest[1] > 4.0


async def test_a_failed_download_keeps_the_job_and_the_next_run_fetches_it(
    fake: FakeRunComfy, collect: Collect, tmp_path: Path
) -> None:
    from runcomfy_client import DownloadError

    journal, out = tmp_path / "runs.db", tmp_path / "out"
    out.write_text("a file where the folder should be", encoding="utf-8")
    items = await collect(SEED, bodies(2), journal=journal, download=out)
    assert [i.status for i in items] == ["succeeded", "succeeded"]
    assert all(isinstance(i.error, DownloadError) and i.files == () for i in items)
    assert all(i.output is not None for i in items)
    out.unlink()
    again = await collect(SEED, bodies(2), journal=journal, download=out)
    assert all(i.error is None and i.files and i.files[0].is_file() for i in again)
    assert len(fake.calls("submit")) == 2  # the jobs were not run again
