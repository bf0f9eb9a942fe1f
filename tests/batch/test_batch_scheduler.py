"""The scheduler on its own: no driver, no I/O; the test plays the driver."""

from __future__ import annotations

from pathlib import Path

from batch_support import SEED, bodies, body
from runcomfy_client._batch_inputs import IterableSource, content_hash
from runcomfy_client._batch_scheduler import BatchPlan, Fetch, Scheduler
from runcomfy_client._journal import Journal, JournalMeta
from runcomfy_client._protocol import Send
from runcomfy_client.testing import FakeRunComfy, ManualClock


def _plan(fake: FakeRunComfy, concurrency: int, download: Path | None = None) -> BatchPlan:
    client = fake.client()
    resource = client.model(SEED)
    return BatchPlan(
        core=client._core,
        model_id=SEED,
        input_model=resource.input_model,
        parse_output=resource._parse_output,
        concurrency=concurrency,
        download=download,
    )


def test_downloads_of_a_finished_batch_go_concurrency_at_a_time(tmp_path: Path) -> None:
    fake = FakeRunComfy(clock=ManualClock())
    journal = Journal.open(None, JournalMeta(SEED, "index"))
    for key in range(30):  # 30 inputs that succeeded in an earlier run, never downloaded
        journal.ensure(key, content_hash(body(key)), "inputs")
        journal.mark_submitting(key, 1.0)
        journal.mark_submitted(key, f"req-{key}", 1.0)
        journal.mark_final(key, "succeeded", 2.0, output={"images": ["https://x.test/a.png"]})
    journal.commit()
    scheduler = Scheduler(_plan(fake, 4, tmp_path), journal, IterableSource(bodies(30)))
    actions = scheduler.advance()
    fetches = [effect for _, effect in actions.dispatch if isinstance(effect, Fetch)]
    assert len(fetches) == 4 and len(actions.dispatch) == 4
    # One finishes: one more starts.
    token = actions.dispatch[0][0]
    more = scheduler.advance([(token, [tmp_path / "a.png"])])
    assert [type(effect) for _, effect in more.dispatch] == [Fetch]
    assert [item.key for item in more.items] == [0]
    journal.close()


def test_the_first_submit_goes_alone_then_a_round_of_them() -> None:
    fake = FakeRunComfy(clock=ManualClock())
    journal = Journal.open(None, JournalMeta(SEED, "index"))
    scheduler = Scheduler(_plan(fake, 20), journal, IterableSource(bodies(40)))
    first = scheduler.advance()
    assert len(first.dispatch) == 1 and isinstance(first.dispatch[0][1], Send)
    assert first.dispatch[0][1].request.method == "POST"
    rows = list(journal.rows("submitting"))  # marked, and committed, before it is handed out
    assert [row.key for row in rows] == [0]
    journal.close()
