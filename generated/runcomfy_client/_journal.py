# generated from templates/runtime/_journal.py by runcomfy-codegen; do not edit
"""The batch journal: one SQLite file (standard library, WAL mode), one row per input.

A row is keyed by the input's key (its line number in a JSONL file, or its index in a Python
iterable) and carries a hash of the input's content. Its ``state`` moves

    pending -> submitting -> submitted -> succeeded | failed | cancelled
                         \\-> uncertain          (the submit's answer was lost)
                         \\-> pending            (the server refused it: 429, never reached)

"submitting" is committed *before* the submit POST goes out, and the request id as soon as the
answer arrives, so after a crash (kill -9 between any two statements) a row is either
* pending: nothing was sent; it is submitted again;
* submitting: a POST may have reached RunComfy and its answer was lost; RunComfy has no
  idempotency key, so the input is reported ``uncertain`` and resubmitted only on request;
* submitted: the job has a request id; it is collected, never submitted again;
* final: its output (or error) is stored; nothing is sent about it again.

Durability: every commit survives the process being killed (WAL: a committed transaction is in
the WAL file, which the OS keeps). Commits that record "submitting" marks are also fsynced
(``synchronous=FULL`` for that transaction), so a power cut cannot forget that a POST may have
gone out, and they carry every commit before them to the disk; other commits are not fsynced
(``NORMAL``): a power cut may forget a request id or a result, which then reads as uncertain or
is fetched again, never as an input to submit again. Commits are grouped (see
``_batch_scheduler.py``), and a job's last status seen, only informative, does not force one. Each job's submit, accept,
start and finish times are kept, per model, for whoever wants recent durations (adaptive
polling). An open journal is locked (``flock``) so that two processes never run the same batch;
reading it (``runcomfy-py batch status``) works while it runs.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._errors import JournalError, JournalLockedError, JournalMismatchError

__all__ = [
    "FINAL_STATES",
    "Journal",
    "JournalMeta",
    "JournalRow",
    "describe_keys",
]

FORMAT = "1"
FINAL_STATES = frozenset({"succeeded", "failed", "cancelled", "uncertain"})
STATES = ("pending", "submitting", "submitted", *sorted(FINAL_STATES))
_SHOWN_KEYS = 8  # keys listed in a message before "and N more"
STATUS_COMMIT_SECONDS = 1.0  # a job's last status seen may wait this long for a commit

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS inputs (
    key INTEGER PRIMARY KEY,
    hash TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    request_id TEXT,
    status TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    output TEXT,
    error TEXT,
    files TEXT,
    previous TEXT,
    submitted_at REAL,
    accepted_at REAL,
    started_at REAL,
    finished_at REAL,
    updated_at REAL
);
CREATE INDEX IF NOT EXISTS inputs_state ON inputs (state);
"""


@dataclass(frozen=True, slots=True)
class JournalMeta:
    """What a journal belongs to; a run with other values is refused."""

    model_id: str
    key_name: str  # "line" (a JSONL file) or "index" (a Python iterable)
    source: str = ""  # the input file as given, for messages only
    shard: str = ""  # "K/N", or "" for the whole input


@dataclass(frozen=True, slots=True)
class JournalRow:
    key: int
    hash: str
    state: str
    request_id: str | None
    status: str | None
    attempts: int
    output: Any
    error: dict[str, Any] | None
    files: list[str] | None
    previous: list[str]
    submitted_at: float | None
    accepted_at: float | None
    started_at: float | None
    finished_at: float | None

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES


_COLUMNS = (
    "key, hash, state, request_id, status, attempts, output, error, files, previous, "
    "submitted_at, accepted_at, started_at, finished_at"
)


def _row(values: tuple[Any, ...]) -> JournalRow:
    (key, digest, state, request_id, status, attempts, output, error, files, previous) = values[:10]
    return JournalRow(
        key,
        digest,
        state,
        request_id,
        status,
        attempts,
        None if output is None else json.loads(output),
        None if error is None else json.loads(error),
        None if files is None else json.loads(files),
        [] if previous is None else json.loads(previous),
        *values[10:],
    )


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def describe_keys(keys: Iterable[int], key_name: str = "line") -> str:
    """``line 3``, ``lines 3, 7, 9``, ``lines 3, 4, ... and 120 more``."""
    listed = sorted(keys)
    shown = ", ".join(str(key) for key in listed[:_SHOWN_KEYS])
    more = f" and {len(listed) - _SHOWN_KEYS} more" if len(listed) > _SHOWN_KEYS else ""
    noun = key_name if len(listed) == 1 else ("indexes" if key_name == "index" else key_name + "s")
    return f"{noun} {shown}{more}"


class Journal:
    """An open journal. Writes gather in one transaction until ``commit()``.

    ``Journal.open(path, meta)`` for a run (created if missing, locked, checked against
    ``meta``); ``Journal.read(path)`` to look at one (``status``, ``merge``); ``path=None`` keeps
    everything in memory (a batch without a journal).
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | None, lock: int | None) -> None:
        self._conn = conn
        self.path = path
        self._lock = lock
        self._in_transaction = False
        self._urgent = False
        self._synced = False  # the open transaction will be fsynced at its commit
        self._opened = 0.0
        self.meta = self._read_meta()

    # ---- opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None, meta: JournalMeta) -> Journal:
        """Open (or create) the journal of a run; refuse one that belongs to another batch."""
        if path is None:
            conn = sqlite3.connect(":memory:", isolation_level=None)
            journal = cls(_prepare(conn), None, None)
        else:
            where = Path(path)
            lock = _lock(where)
            try:
                conn = _connect(where)
                journal = cls(_prepare(conn), where, lock)
            except BaseException:
                os.close(lock)
                raise
        try:
            journal._claim(meta)
        except BaseException:
            journal.close()
            raise
        return journal

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> Journal:
        """Open an existing journal to read it (it may be in use by a running batch)."""
        where = Path(path)
        if not where.is_file():
            raise JournalError(f"{where}: no such journal file")
        conn = _connect(where, create=False)
        try:
            journal = cls(conn, where, None)
        except JournalError:
            conn.close()
            if where.stat().st_size == 0:
                raise JournalError(
                    f"{where}: an empty journal: its batch stopped before it recorded anything"
                ) from None
            raise
        if "model_id" not in journal.meta:
            journal.close()
            raise JournalError(f"{where}: not a batch journal (no model id recorded)")
        return journal

    def _read_meta(self) -> dict[str, str]:
        try:
            return dict(self._conn.execute("SELECT name, value FROM meta").fetchall())
        except sqlite3.DatabaseError as exc:
            where = self.path or ":memory:"
            raise JournalError(f"{where}: not a batch journal ({exc})") from None

    def _claim(self, meta: JournalMeta) -> None:
        wanted = {
            "format": FORMAT,
            "model_id": meta.model_id,
            "key_name": meta.key_name,
            "shard": meta.shard,
        }
        if not self.meta:
            self._write(
                "INSERT INTO meta (name, value) VALUES (?, ?)",
                *[
                    (name, value)
                    for name, value in {
                        **wanted,
                        "source": meta.source,
                        "created_at": repr(time.time()),
                        "complete": "0",
                    }.items()
                ],
            )
            self.commit()
            self.meta = self._read_meta()
            return
        for name, value in wanted.items():
            had = self.meta.get(name, "")
            if had != value:
                raise JournalMismatchError(
                    f"{self.path}: this journal belongs to another batch ({name} is "
                    f"{had or 'none'!r} there, {value or 'none'!r} here): rerun with the "
                    "batch's own input and options, or use a new journal file"
                )

    @property
    def key_name(self) -> str:
        return self.meta.get("key_name", "line")

    @property
    def complete(self) -> bool:
        """Every input of the batch has a row (after ``record_all`` or ``mark_complete``)."""
        return self.meta.get("complete") == "1"

    # ---- the input check -------------------------------------------------------------------------

    def hashes(self) -> dict[int, str]:
        return dict(self._conn.execute("SELECT key, hash FROM inputs").fetchall())

    def record_all(self, scanned: Iterable[tuple[int, str]], source: str) -> None:
        """Check the whole input against the journal; record it if the journal is new.

        Raises ``JournalMismatchError`` naming the keys that changed, appeared or disappeared
        since the journal was started: the journal maps inputs to jobs, so it must not be used
        with another input.
        """
        given = dict(scanned)
        known = self.hashes()
        if known or self.complete:
            self._refuse_changes(known, given, complete=self.complete, source=source)
        missing = [(key, digest) for key, digest in given.items() if key not in known]
        if missing:
            self._write(
                "INSERT INTO inputs (key, hash, updated_at) VALUES (?, ?, ?)",
                *[(key, digest, time.time()) for key, digest in missing],
            )
        self.mark_complete()

    def _refuse_changes(
        self, known: Mapping[int, str], given: Mapping[int, str], *, complete: bool, source: str
    ) -> None:
        changed = [key for key, digest in given.items() if key in known and known[key] != digest]
        gone = [key for key in known if key not in given]
        added = [key for key in given if key not in known] if complete else []
        if not (changed or gone or added):
            return
        what = []
        if changed:
            what.append(describe_keys(changed, self.key_name) + " changed")
        if gone:
            what.append(describe_keys(gone, self.key_name) + " disappeared")
        if added:
            what.append(describe_keys(added, self.key_name) + " were added")
        raise JournalMismatchError(
            f"{source or 'the input'} changed since the journal {self.path or ''} was started "
            f"({'; '.join(what)}). The journal maps each input to its job, so it cannot be used "
            "with another input: restore the original input, or put the inputs to run in a new "
            "file and use a new journal"
        )

    def ensure(self, key: int, digest: str, source: str) -> JournalRow | None:
        """For inputs read one by one: the row of ``key`` (None if new, then recorded)."""
        row = self.row(key)
        if row is None:
            if self.complete:
                self._refuse_changes({}, {key: digest}, complete=True, source=source)
            self._write(
                "INSERT INTO inputs (key, hash, updated_at) VALUES (?, ?, ?)",
                (key, digest, time.time()),
            )
            return None
        if row.hash != digest:
            self._refuse_changes({key: row.hash}, {key: digest}, complete=False, source=source)
        return row

    def finish_reading(self, seen: set[int], source: str) -> None:
        """Inputs read one by one are all read: refuse if the journal has others (the input
        lost some since), else note the journal complete."""
        gone = set(self.hashes()) - seen
        if gone:
            self._refuse_changes({key: "" for key in gone}, {}, complete=False, source=source)
        self.mark_complete()

    def mark_complete(self) -> None:
        self._write("INSERT OR REPLACE INTO meta (name, value) VALUES ('complete', '1')", ())
        self.meta["complete"] = "1"

    # ---- reading -----------------------------------------------------------------------------

    def row(self, key: int) -> JournalRow | None:
        found = self._conn.execute(f"SELECT {_COLUMNS} FROM inputs WHERE key = ?", (key,))
        values = found.fetchone()
        return None if values is None else _row(values)

    def rows(self, *states: str) -> Iterator[JournalRow]:
        """Rows in key order, all or those in ``states``."""
        if states:
            marks = ", ".join("?" for _ in states)
            query = f"SELECT {_COLUMNS} FROM inputs WHERE state IN ({marks}) ORDER BY key"
            cursor = self._conn.execute(query, states)
        else:
            cursor = self._conn.execute(f"SELECT {_COLUMNS} FROM inputs ORDER BY key")
        for values in cursor:
            yield _row(values)

    def counts(self) -> dict[str, int]:
        found = dict(
            self._conn.execute("SELECT state, COUNT(*) FROM inputs GROUP BY state").fetchall()
        )
        return {state: int(found.get(state, 0)) for state in STATES}

    def run_seconds(self, limit: int) -> list[float]:
        """How long the last ``limit`` succeeded jobs ran (first seen running -> finished),
        oldest first: what an adaptive poll policy wants to know of this model."""
        query = (
            "SELECT finished_at - started_at FROM inputs WHERE state = 'succeeded' AND "
            "started_at IS NOT NULL AND finished_at > started_at ORDER BY finished_at DESC LIMIT ?"
        )
        return [float(seconds) for (seconds,) in self._conn.execute(query, (limit,))][::-1]

    def status_counts(self) -> dict[str, int]:
        """Submitted jobs by the last status seen (``in_queue``, ``in_progress``, ...)."""
        query = "SELECT COALESCE(status, 'in_queue'), COUNT(*) FROM inputs "
        query += "WHERE state = 'submitted' GROUP BY 1"
        return {str(status): int(count) for status, count in self._conn.execute(query)}

    # ---- writing (gathered until commit) ----------------------------------------------------------

    def _write(
        self, sql: str, *params: tuple[Any, ...], urgent: bool = True, synced: bool = False
    ) -> None:
        if synced and self._in_transaction and not self._synced:
            self.commit()  # what came before needs no fsync of its own: the next one covers it
        if not self._in_transaction:
            if synced:
                self._conn.execute("PRAGMA synchronous=FULL")
            self._conn.execute("BEGIN IMMEDIATE")
            self._in_transaction, self._synced = True, synced
            self._opened = time.monotonic()
        self._urgent = self._urgent or urgent
        if len(params) == 1:
            self._conn.execute(sql, params[0])
        else:
            self._conn.executemany(sql, params)

    def commit(self, *, force: bool = True) -> None:
        """Make every write so far durable (one transaction; fsynced when it holds a
        "submitting" mark).

        ``force=False`` commits only when a write that must not wait is pending (everything but
        the last status seen of a job), or the transaction is older than a second.
        """
        if not self._in_transaction:
            return
        if force or self._urgent or time.monotonic() - self._opened >= STATUS_COMMIT_SECONDS:
            self._conn.execute("COMMIT")
            if self._synced:
                self._conn.execute("PRAGMA synchronous=NORMAL")
            self._in_transaction = self._urgent = self._synced = False

    def mark_submitting(self, key: int, now: float) -> None:
        """Before the POST: from here on, a crash leaves the input ``uncertain``. The request id
        of an earlier attempt (``retry_failed``) moves to ``previous``."""
        row = self.row(key)
        previous = list(row.previous) if row is not None else []
        if row is not None and row.request_id:
            previous.append(row.request_id)
        self._write(
            "UPDATE inputs SET state = 'submitting', attempts = attempts + 1, previous = ?, "
            "request_id = NULL, status = NULL, output = NULL, error = NULL, files = NULL, "
            "submitted_at = ?, accepted_at = NULL, started_at = NULL, finished_at = NULL, "
            "updated_at = ? WHERE key = ?",
            (_dumps(previous) if previous else None, now, now, key),
            synced=True,  # on disk before the POST, even through a power cut
        )

    def mark_refused(self, key: int, now: float) -> None:
        """The server certainly did not take the submit (429, or it was never sent)."""
        self._write(
            "UPDATE inputs SET state = 'pending', attempts = attempts - 1, submitted_at = NULL, "
            "updated_at = ? WHERE key = ?",
            (now, key),
        )

    def mark_submitted(self, key: int, request_id: str, now: float) -> None:
        self._write(
            "UPDATE inputs SET state = 'submitted', request_id = ?, status = 'in_queue', "
            "accepted_at = ?, updated_at = ? WHERE key = ?",
            (request_id, now, now, key),
        )

    def mark_status(self, key: int, status: str, now: float) -> None:
        """The last status seen; the first ``in_progress`` sets ``started_at``."""
        started = now if status == "in_progress" else None
        self._write(
            "UPDATE inputs SET status = ?, started_at = COALESCE(started_at, ?), updated_at = ? "
            "WHERE key = ?",
            (status, started, now, key),
            urgent=False,  # informative: losing it in a crash loses nothing
        )

    def mark_final(
        self,
        key: int,
        state: str,
        now: float,
        *,
        output: Any = None,
        error: Mapping[str, Any] | None = None,
        status: str | None = None,
    ) -> None:
        if state not in FINAL_STATES:  # pragma: no cover - a scheduler bug
            raise ValueError(f"not a final state: {state}")
        self._write(
            "UPDATE inputs SET state = ?, status = COALESCE(?, status), output = ?, error = ?, "
            "finished_at = ?, updated_at = ? WHERE key = ?",
            (
                state,
                status,
                None if output is None else _dumps(output),
                None if error is None else _dumps(dict(error)),
                now,
                now,
                key,
            ),
        )

    def mark_files(self, key: int, files: list[str], now: float) -> None:
        self._write(
            "UPDATE inputs SET files = ?, error = NULL, updated_at = ? WHERE key = ?",
            (_dumps(files), now, key),
        )

    def mark_download_failed(self, key: int, error: Mapping[str, Any], now: float) -> None:
        """The job succeeded but its files could not be saved: kept, tried again next run."""
        self._write(
            "UPDATE inputs SET files = NULL, error = ?, updated_at = ? WHERE key = ?",
            (_dumps(dict(error)), now, key),
        )

    def mark_stalled_submits(self, error: Mapping[str, Any], now: float) -> list[int]:
        """Rows left ``submitting`` by a process that stopped: now ``uncertain``. Their keys."""
        keys = [
            key
            for (key,) in self._conn.execute(
                "SELECT key FROM inputs WHERE state = 'submitting' ORDER BY key"
            )
        ]
        if keys:
            self._write(
                "UPDATE inputs SET state = 'uncertain', error = ?, finished_at = ?, "
                "updated_at = ? WHERE state = 'submitting'",
                (_dumps(dict(error)), now, now),
            )
        return keys

    def copy_row(self, row: JournalRow) -> None:
        """Insert ``row`` as it is (``merge``)."""
        self._write(
            f"INSERT INTO inputs ({_COLUMNS}, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row.key,
                row.hash,
                row.state,
                row.request_id,
                row.status,
                row.attempts,
                None if row.output is None else _dumps(row.output),
                None if row.error is None else _dumps(row.error),
                None if row.files is None else _dumps(row.files),
                _dumps(row.previous) if row.previous else None,
                row.submitted_at,
                row.accepted_at,
                row.started_at,
                row.finished_at,
                time.time(),
            ),
        )

    # ---- closing ---------------------------------------------------------------------------

    def close(self) -> None:
        """Commit what is gathered and close. The lock goes last: sqlite's own locks first."""
        try:
            with contextlib.suppress(sqlite3.Error):
                self.commit()
            self._conn.close()
        finally:
            if self._lock is not None:
                os.close(self._lock)
                self._lock = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _prepare(conn: sqlite3.Connection) -> sqlite3.Connection:
    conn.executescript(_SCHEMA)
    return conn


def _connect(path: Path, *, create: bool = True) -> sqlite3.Connection:
    try:
        if create:
            conn = sqlite3.connect(path, isolation_level=None, timeout=30.0)
        else:
            uri = path.resolve().as_uri() + "?mode=rw"
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30.0)
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous=NORMAL")
    except sqlite3.DatabaseError as exc:
        raise JournalError(f"{path}: not a batch journal, or unreadable ({exc})") from None
    if str(mode).lower() != "wal":  # pragma: no cover - a file system without shared memory
        conn.close()
        raise JournalError(f"{path}: SQLite could not use WAL mode here ({mode})")
    return conn


def _lock(path: Path) -> int:
    """An exclusive ``flock`` on the journal file, held while it is open. Released by the OS when
    the process dies, so a killed batch never leaves a stale lock. (flock and SQLite's POSIX
    locks do not interact; the descriptor is closed only after SQLite's connection.)"""
    if path.exists() and not path.is_file():
        raise JournalError(f"{path}: not a file")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no cross-process guard
        return fd
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise JournalLockedError(
            f"{path} is in use by another batch process; wait for it to finish (or stop it), "
            "then run again"
        ) from None
    return fd
