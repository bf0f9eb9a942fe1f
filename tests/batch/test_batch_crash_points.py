"""A crash at every journal commit, in process: the batch stops dead (like ``kill -9``) just
before or just after its n-th commit, for every n, and a second run finishes the batch.

A crash between two SQLite statements leaves the database as of the last commit (the open
transaction is rolled back), so "every commit, before and after" covers a kill between any two
statements. Requests the dead run had already handed out may or may not have reached the fake,
as on a real network. After the resume:
* every input has a final status; the only uncertain ones were left "submitting" by the crash;
* no input was submitted twice; no request id was lost; every output is the fake's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from batch_support import SEED, bodies, check_outcome, item_results
from runcomfy_client import JournalError, _journal
from runcomfy_client.testing import FakeRunComfy, JobScript, ManualClock

INPUTS = 4
CONCURRENCY = 2


class Crash(BaseException):
    """The process died (a BaseException: nothing in the batch catches it)."""


def crashing_journal(at: int, before: bool) -> type[_journal.Journal]:
    class CrashingJournal(_journal.Journal):
        commits = 0
        dead = False

        def commit(self, *, force: bool = True) -> None:
            if self.dead:
                return  # a dead process commits nothing more (close() tries to)
            if not self._in_transaction or not (force or self._urgent):
                super().commit(force=force)  # nothing to commit, or only a status (it may wait)
                return
            type(self).commits += 1
            if type(self).commits == at and before:
                self.dead = True
                raise Crash
            super().commit(force=force)
            if type(self).commits == at:
                self.dead = True
                raise Crash

    return CrashingJournal


async def run_batch(fake: FakeRunComfy, journal: Path) -> list[Any]:
    client = fake.async_client()
    try:
        return [
            item
            async for item in client.batch(
                SEED, bodies(INPUTS), journal=journal, concurrency=CONCURRENCY
            )
        ]
    finally:
        await client.close()


def new_fake() -> FakeRunComfy:
    fake = FakeRunComfy(clock=ManualClock())
    fake.script_next(JobScript(), JobScript(outcome="failed"))  # one input fails: still final
    return fake


def _submitting(journal: Path) -> set[int]:
    """The inputs a crash left "submitting" (their POST may have reached the server)."""
    try:
        left = _journal.Journal.read(journal)
    except JournalError:  # the crash came before the first commit
        return set()
    with left:
        return {row.key for row in left.rows("submitting")}


async def count_commits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    journal_class = crashing_journal(at=-1, before=False)
    monkeypatch.setattr(_journal, "Journal", journal_class)
    await run_batch(new_fake(), tmp_path / "count.db")
    monkeypatch.undo()
    return journal_class.commits


async def test_a_crash_at_any_commit_loses_nothing_and_bills_nothing_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    total = await count_commits(tmp_path, monkeypatch)
    assert total > INPUTS  # the run commits several times per input
    for at in range(1, total + 1):
        for before in (True, False):
            fake, journal = new_fake(), tmp_path / f"crash-{at}-{before}.db"
            monkeypatch.setattr(_journal, "Journal", crashing_journal(at, before))
            with pytest.raises(Crash):
                await run_batch(fake, journal)
            monkeypatch.undo()
            in_doubt = _submitting(journal)
            items = await run_batch(fake, journal)
            results = item_results(items)
            where = f"crash at commit {at} ({'before' if before else 'after'} it)"
            assert set(results) == set(range(INPUTS)), where
            uncertain = {key for key, r in results.items() if r["status"] == "uncertain"}
            assert uncertain <= in_doubt, where
            assert {r["status"] for k, r in results.items() if k not in uncertain} <= {
                "succeeded",
                "failed",
            }, where
            check_outcome(fake, results, range(INPUTS))
