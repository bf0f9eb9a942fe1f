# generated from templates/runtime/cli/_batch_report.py by runcomfy-codegen; do not edit
"""What ``runcomfy-py batch`` writes: results lines, ``batch status``, ``batch merge``.

Everything here reads journals (or result files) and writes text; nothing talks to RunComfy.
"""

from __future__ import annotations

import json
import os
import statistics
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from .._atomic import atomic_file
from .._errors import JournalError, JournalMismatchError
from .._journal import FINAL_STATES, Journal, JournalMeta, JournalRow, describe_keys

__all__ = [
    "final_lines",
    "merge",
    "one_line",
    "result_line",
    "status_report",
    "write_results",
]

_SQLITE_MAGIC = b"SQLite format 3\x00"
# Which of two records of the same input a merge keeps: the most finished, best outcome.
_RANK = {
    "succeeded": 7,
    "failed": 6,
    "cancelled": 6,
    "uncertain": 5,
    "submitted": 4,
    "submitting": 3,
    "pending": 2,
}
_ERRORS_SHOWN = 5


def one_line(message: str, prefix: str = "") -> str:
    """A multi-line error message on one line (``head: a; b``), without a leading ``prefix``
    it may repeat (``line 7: ``)."""
    parts = [part.strip() for part in message.splitlines() if part.strip()]
    text = parts[0] if parts else ""
    if len(parts) > 1:
        text = text.rstrip(":") + ": " + "; ".join(parts[1:4]) + ("; ..." if len(parts) > 4 else "")
    return text[len(prefix) :] if prefix and text.startswith(prefix) else text


def _iso(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def result_line(row: JournalRow, key_name: str) -> dict[str, Any]:
    """One ``--out`` line: ``line`` (or ``index``), ``request_id``, ``status``, then ``output``
    or ``error``, the downloaded ``files``, and the job's times."""
    line: dict[str, Any] = {key_name: row.key, "request_id": row.request_id, "status": row.state}
    if row.output is not None:
        line["output"] = row.output
    if row.error is not None:
        line["error"] = row.error
    if row.files is not None:
        line["files"] = row.files
    if row.previous:
        line["previous_request_ids"] = row.previous
    line["attempts"] = row.attempts
    for name in ("submitted_at", "started_at", "finished_at"):
        stamp = _iso(getattr(row, name))
        if stamp is not None:
            line[name] = stamp
    return line


def _dump(line: dict[str, Any]) -> str:
    return json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_results(lines: Iterable[dict[str, Any]], out: str, stdout: TextIO) -> int:
    """Write result lines to ``out`` (``-``: stdout) all at once (``_atomic``: a temporary file
    renamed over the old one), so a crash never leaves a half-written results file. Returns the
    count."""
    written = 0
    if out == "-":
        for line in lines:
            stdout.write(_dump(line))
            written += 1
        stdout.flush()
        return written
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(target) as handle:
        for line in lines:
            handle.write(_dump(line).encode("utf-8"))
            written += 1
        handle.flush()
        os.fsync(handle.fileno())
    return written


def final_lines(journal: Journal) -> Iterator[dict[str, Any]]:
    for row in journal.rows(*sorted(FINAL_STATES)):
        yield result_line(row, journal.key_name)


# ---- status -------------------------------------------------------------------------------------


def status_summary(journal: Journal) -> dict[str, Any]:
    """Where a batch stands, as data (``batch status --json``)."""
    counts = journal.counts()
    meta = journal.meta
    running = journal.status_counts()
    failed = [
        {journal.key_name: row.key, "request_id": row.request_id, "error": row.error}
        for row in journal.rows("failed", "cancelled")
    ]
    uncertain = [row.key for row in journal.rows("uncertain")]
    not_downloaded = [
        row.key for row in journal.rows("succeeded") if row.files is None and row.error is not None
    ]
    spans: list[tuple[float, float]] = []  # (submit -> output, accepted -> output)
    for row in journal.rows("succeeded"):
        accepted = row.started_at or row.accepted_at
        if row.finished_at and row.submitted_at and accepted:
            spans.append((row.finished_at - row.submitted_at, row.finished_at - accepted))
    durations: dict[str, float] = {}
    if spans:
        total = sorted(span[0] for span in spans)
        durations = {
            "median_seconds": round(statistics.median(total), 3),
            "p90_seconds": round(total[int(0.9 * (len(total) - 1))], 3),
            "median_running_seconds": round(statistics.median(s[1] for s in spans), 3),
        }
    inputs = sum(counts.values())
    return {
        "journal": str(journal.path),
        "model_id": meta.get("model_id"),
        "source": meta.get("source"),
        "shard": meta.get("shard") or None,
        "key": journal.key_name,
        "inputs": inputs,
        "complete": journal.complete,
        "counts": counts,
        "in_flight": {
            "queued": running.get("in_queue", 0),
            "running": sum(v for k, v in running.items() if k != "in_queue"),
        },
        "failed": failed,
        "uncertain": uncertain,
        "not_downloaded": not_downloaded,
        "durations": durations,
        "finished": inputs > 0 and counts["succeeded"] == inputs and not not_downloaded,
    }


def status_report(summary: dict[str, Any]) -> str:
    """``batch status`` for people."""
    c, key = summary["counts"], summary["key"]
    head = f"{summary['journal']}: {summary['model_id']}"
    if summary["source"]:
        head += f", input {summary['source']}"
    if summary["shard"]:
        head += f", shard {summary['shard']}"
    lines = [head]
    done = sum(c[s] for s in FINAL_STATES)
    lines.append(
        f"  {summary['inputs']} inputs, {done} finished: {c['succeeded']} succeeded, "
        f"{c['failed']} failed, {c['cancelled']} cancelled, {c['uncertain']} uncertain"
    )
    flying = summary["in_flight"]
    if c["submitted"] or c["submitting"] or c["pending"]:
        lines.append(
            f"  not finished: {flying['running']} running, {flying['queued']} queued, "
            f"{c['submitting']} being submitted, {c['pending']} not submitted yet "
            "(run the same batch command to go on)"
        )
    if summary["uncertain"]:
        lines.append(
            f"  uncertain: {describe_keys(summary['uncertain'], key)}: the answer to their submit "
            "was lost, so a job may or may not have started (and been billed). Check your requests "
            "on runcomfy.com; to submit them again, rerun with --resubmit-uncertain"
        )
    for failure in summary["failed"][:_ERRORS_SHOWN]:
        error = failure["error"] or {}
        message = one_line(str(error.get("message", "")), f"{key} {failure[key]}: ")
        lines.append(f"  failed: {key} {failure[key]}: {error.get('type', 'error')}: {message}")
    if len(summary["failed"]) > _ERRORS_SHOWN:
        lines.append(f"  ... and {len(summary['failed']) - _ERRORS_SHOWN} more failed")
    if summary["failed"]:
        lines.append("  to submit failed and cancelled inputs again, rerun with --retry-failed")
    if summary["not_downloaded"]:
        lines.append(
            f"  not downloaded: {describe_keys(summary['not_downloaded'], key)} (rerun with "
            "--download to fetch them)"
        )
    durations = summary["durations"]
    if durations:
        lines.append(
            f"  jobs took {durations['median_seconds']:.1f} s from submit to output (median; "
            f"p90 {durations['p90_seconds']:.1f} s), {durations['median_running_seconds']:.1f} s "
            "after RunComfy accepted them"
        )
    return "\n".join(lines) + "\n"


# ---- merge ----------------------------------------------------------------------------------------


def _is_journal(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC


def _result_rows(path: Path) -> tuple[str, list[JournalRow]]:
    """A results file read back as rows (what ``--out`` wrote)."""
    rows: list[JournalRow] = []
    key_name = ""
    with path.open(encoding="utf-8") as handle:
        for number, text in enumerate(handle, 1):
            if not text.strip():
                continue
            try:
                line = json.loads(text)
            except ValueError as exc:
                raise JournalMismatchError(f"{path}: line {number}: not JSON ({exc})") from None
            name = "line" if "line" in line else "index" if "index" in line else ""
            if not isinstance(line, dict) or not name or not isinstance(line[name], int):
                raise JournalMismatchError(
                    f"{path}: line {number}: not a batch result (no 'line' or 'index' number)"
                )
            if key_name and name != key_name:
                raise JournalMismatchError(f"{path}: mixes 'line' and 'index' results")
            key_name = name
            rows.append(
                JournalRow(
                    key=line[name],
                    hash="",
                    state=str(line.get("status")),
                    request_id=line.get("request_id"),
                    status=None,
                    attempts=int(line.get("attempts", 0)),
                    output=line.get("output"),
                    error=line.get("error"),
                    files=line.get("files"),
                    previous=list(line.get("previous_request_ids", [])),
                    submitted_at=_seconds(line.get("submitted_at")),
                    accepted_at=None,
                    started_at=_seconds(line.get("started_at")),
                    finished_at=_seconds(line.get("finished_at")),
                )
            )
    return key_name or "line", rows


def _seconds(stamp: object) -> float | None:
    """A time of a results file (ISO 8601) back to seconds."""
    if not isinstance(stamp, str):
        return None
    try:
        return datetime.fromisoformat(stamp).timestamp()
    except ValueError:
        return None


def merge(
    paths: list[str],
    *,
    out: str | None,
    journal_out: str | None,
    stdout: TextIO,
    warn: Callable[[str], None],
) -> dict[str, int]:
    """Combine the journals or result files of several shards (or runs) into one results file
    and/or one journal. An input found twice keeps its most finished record; two different
    contents for one key, or two models, are refused. Returns the counts by status."""
    merged: dict[int, JournalRow] = {}
    sources: dict[int, str] = {}
    model_ids: set[str] = set()
    key_names: set[str] = set()
    shards: list[str] = []
    complete = True
    journals_only = True
    for given in paths:
        path = Path(given)
        if not path.is_file():
            raise JournalError(f"{path}: no such file")
        if _is_journal(path):
            with Journal.read(path) as journal:
                model_ids.add(journal.meta["model_id"])
                key_names.add(journal.key_name)
                shards.append(journal.meta.get("shard", ""))
                complete = complete and journal.complete
                rows = list(journal.rows())
        else:
            journals_only = False
            key_name, rows = _result_rows(path)
            key_names.add(key_name)
        for row in rows:
            _keep(merged, sources, row, given, warn)
    if len(model_ids) > 1:
        raise JournalMismatchError(
            f"these journals are for different models ({', '.join(sorted(model_ids))}); merge "
            "the journals of one batch"
        )
    if len(key_names) > 1:
        raise JournalMismatchError("these files key their inputs differently (line and index)")
    key_name = key_names.pop() if key_names else "line"
    ordered = [merged[key] for key in sorted(merged)]
    if out is not None:
        lines = (result_line(r, key_name) for r in ordered if r.state in FINAL_STATES)
        write_results(lines, out, stdout)
    if journal_out is not None:
        if not journals_only or not model_ids:
            raise JournalMismatchError(
                "--journal needs journals to merge (result files do not keep enough to resume)"
            )
        _write_journal(journal_out, ordered, model_ids.pop(), key_name, shards, complete)
    counts: dict[str, int] = {}
    for row in ordered:
        counts[row.state] = counts.get(row.state, 0) + 1
    return counts


def _keep(
    merged: dict[int, JournalRow],
    sources: dict[int, str],
    row: JournalRow,
    given: str,
    warn: Callable[[str], None],
) -> None:
    had = merged.get(row.key)
    if had is None:
        merged[row.key], sources[row.key] = row, given
        return
    if had.hash and row.hash and had.hash != row.hash:
        raise JournalMismatchError(
            f"input {row.key} differs between {sources[row.key]} and {given}: these are not "
            "runs of the same input file"
        )
    if had.request_id and row.request_id and had.request_id != row.request_id:
        warn(
            f"input {row.key} ran as {had.request_id} ({sources[row.key]}) and as "
            f"{row.request_id} ({given}); keeping the {_better(had, row).state} one"
        )
    if _better(had, row) is row:
        merged[row.key], sources[row.key] = row, given


def _better(one: JournalRow, other: JournalRow) -> JournalRow:
    def rank(row: JournalRow) -> tuple[int, float]:
        return _RANK.get(row.state, 0), row.finished_at or 0.0

    return other if rank(other) > rank(one) else one


def _write_journal(
    path: str,
    rows: list[JournalRow],
    model_id: str,
    key_name: str,
    shards: list[str],
    complete: bool,
) -> None:
    """A journal of the merged rows. When the shards add up to the whole input it has no shard,
    so the unsharded batch command can go on with it."""
    target = Path(path)
    if target.exists():
        raise JournalError(f"{target} exists; merge into a new journal file")
    parts = {shard for shard in shards if shard}
    whole = "" in shards or _covers_all(parts)
    meta = JournalMeta(model_id, key_name, "merged", "" if whole else ",".join(sorted(parts)))
    with Journal.open(target, meta) as journal:
        for row in rows:
            journal.copy_row(row)
        if whole and complete:
            journal.mark_complete()
        journal.commit()


def _covers_all(parts: set[str]) -> bool:
    """1/4, 2/4, 3/4 and 4/4 together are the whole input."""
    counts = {part.partition("/")[2] for part in parts}
    if len(counts) != 1:
        return False
    (count,) = counts
    return count.isdigit() and {f"{k}/{count}" for k in range(1, int(count) + 1)} == parts
