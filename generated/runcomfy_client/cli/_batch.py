# generated from templates/runtime/cli/_batch.py by runcomfy-codegen; do not edit
"""``runcomfy-py batch``: one model over every line of a JSONL file, durable and resumable.

    runcomfy-py batch MODEL INPUTS.jsonl --journal runs.db --out results.jsonl
                      [--download DIR] [--concurrency N] [--shard K/N]
                      [--retry-failed] [--resubmit-uncertain]
    runcomfy-py batch status runs.db [--json]
    runcomfy-py batch merge runs-1.db runs-2.db ... --out results.jsonl [--journal all.db]

``batch MODEL ...`` is short for ``batch run MODEL ...``. Exit codes (``_exit``): 0 every input
succeeded; 3 the batch ran but some inputs failed, were cancelled or are uncertain (or their
files were not downloaded); the usual codes when the whole batch could not run or stopped: 64
bad arguments, 65 the input file changed since the journal was started (or another model's
journal), 69 / 75 RunComfy unavailable or rate limiting, 75 the journal in use by another
process, 77 no or a refused key, 130 interrupted. The journal is consistent whatever happens:
run the same command again to go on.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .._batch_items import BatchItem, BatchProgress, BatchUpdate
from .._errors import JournalError, RunComfyError
from ._exit import OK, SOME_FAILED, UsageError, exit_code_for
from ._parser import Registry, number_in
from ._progress import Progress
from ._session import Session

__all__ = ["cmd_batch", "normalise_argv", "register"]

SUBCOMMANDS = ("run", "status", "merge")
_FAILURES_SHOWN = 20  # failed inputs reported one by one on stderr, then only counted
_REDRAW_SECONDS = 0.2  # the live line takes a new text at most this often
_LOG_EVERY_SECONDS = 10.0  # a progress line in a log (not a terminal)


def normalise_argv(argv: Sequence[str]) -> list[str]:
    """``batch MODEL FILE ...`` means ``batch run MODEL FILE ...``: the word after ``batch``
    that is none of its forms (a model id always has a slash) gets ``run`` put before it."""
    from ._parser import global_value_options

    words, takes_value = list(argv), global_value_options()
    index = 0
    while index < len(words):
        word = words[index]
        if word.startswith("-"):
            index += 2 if word in takes_value else 1
            continue
        if word != "batch":
            return words
        following = words[index + 1] if index + 1 < len(words) else None
        if following is None or following in (*SUBCOMMANDS, "-h", "--help"):
            return words
        return [*words[: index + 1], "run", *words[index + 1 :]]
    return words


_concurrency = number_in(int, 1, 100_000, "a whole number of jobs >= 1")
_seconds = number_in(float, 0.0, sys.float_info.max, "a number of seconds >= 0")


def register(registry: Registry) -> None:
    batch = registry.add(
        "batch",
        help="run a model over every line of a JSONL file (durable, resumable)",
        description="Run a model over every line of a JSONL file, with a journal that makes the "
        "run resumable: after a crash or Ctrl-C, run the same command again. Forms: batch MODEL "
        "INPUTS.jsonl ... (short for batch run ...), batch status JOURNAL, batch merge FILE...",
        handler=_no_form,
    )
    forms = registry.subcommands(batch, "{run,status,merge}")
    run = registry.add(
        "run",
        help="(the default) batch MODEL INPUTS.jsonl --journal runs.db --out results.jsonl",
        description="Submit every line of INPUTS.jsonl (one JSON object: the model's input) to "
        "MODEL, CONCURRENCY jobs at a time, and write one result line per input to --out. "
        "Everything is recorded in --journal before it is sent: run the same command again to "
        "resume (nothing with a request id is submitted twice).",
        handler=cmd_batch,
        commands=forms,
    )
    run.add_argument("model_id", metavar="MODEL")
    run.add_argument("inputs", metavar="INPUTS.jsonl", help="one JSON object per line")
    run.add_argument(
        "--journal", required=True, metavar="FILE", help="the run's SQLite journal (resume with it)"
    )
    run.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help="results, one JSON line per input: line, request_id, status, output or error "
        "('-': stdout); written whole at the end of each run",
    )
    run.add_argument("--download", metavar="DIR", help="save each output's files into DIR/LINE/")
    run.add_argument(
        "--concurrency",
        type=_concurrency,
        default=10,
        metavar="N",
        help="jobs in flight at most (default 10); fewer while RunComfy rate-limits",
    )
    run.add_argument(
        "--shard",
        metavar="K/N",
        help="run only shard K of N (lines K, K+N, K+2N, ...): one shard per machine or task, "
        "each with its own journal; combine them with batch merge",
    )
    run.add_argument(
        "--retry-failed",
        action="store_true",
        help="submit the journal's failed and cancelled inputs again (new jobs, billed again)",
    )
    run.add_argument(
        "--resubmit-uncertain",
        action="store_true",
        help="submit uncertain inputs again: their first submit may have started a job, so "
        "this may run (and bill) them twice",
    )
    run.add_argument(
        "--poll-interval", type=_seconds, metavar="SECONDS", help="first gap between polls"
    )
    run.add_argument(
        "--max-poll-interval",
        type=_seconds,
        metavar="SECONDS",
        help="longest gap between polls (default: a tenth of the model's usual run time once "
        "known, at most the client's 5 s)",
    )

    status = registry.add(
        "status",
        help="where a batch stands (--json: as JSON); exit 0 when every input succeeded, else 3",
        handler=cmd_batch,
        commands=forms,
    )
    status.add_argument("journal", metavar="JOURNAL")

    merged = registry.add(
        "merge",
        help="combine the journals or result files of several shards",
        description="Combine journals (or --out result files) of the shards of one batch into "
        "one results file, and journals into one journal.",
        handler=cmd_batch,
        commands=forms,
    )
    merged.add_argument("files", nargs="+", metavar="FILE", help="journals or result files")
    merged.add_argument("--out", metavar="FILE", default="-", help="merged results ('-': stdout)")
    merged.add_argument("--journal", metavar="FILE", help="also write a merged journal (new file)")


def _no_form(args: argparse.Namespace, session: Session) -> int:
    raise UsageError(
        "batch needs a model and an input file, or status / merge",
        ["runcomfy-py batch MODEL INPUTS.jsonl --journal runs.db --out results.jsonl",
         "runcomfy-py batch status runs.db", "see: runcomfy-py batch --help"],
    )  # fmt: skip


def cmd_batch(args: argparse.Namespace, session: Session) -> int:
    if args.batch_command == "status":
        return _status(args, session)
    if args.batch_command == "merge":
        return _merge(args, session)
    return _run(args, session)


# ---- status and merge --------------------------------------------------------------------------


def _status(args: argparse.Namespace, session: Session) -> int:
    from .._journal import Journal  # sqlite3: loaded by the batch commands only
    from ._batch_report import status_report, status_summary

    with Journal.read(args.journal) as journal:
        summary = status_summary(journal)
    if session.output.json:
        session.output.document(summary)
    else:
        session.output.text(status_report(summary))
    return OK if summary["finished"] else SOME_FAILED


def _merge(args: argparse.Namespace, session: Session) -> int:
    from ._batch_report import merge

    counts = merge(
        args.files,
        out=args.out,
        journal_out=args.journal,
        stdout=session.out,
        warn=session.output.warning,
    )
    total = sum(counts.values())
    shown = ", ".join(f"{count} {state}" for state, count in sorted(counts.items()))
    session.output.note(f"merged {len(args.files)} files: {total} inputs ({shown or 'none'})")
    if session.output.json and args.out != "-":
        session.output.document({"inputs": total, "counts": counts})
    return OK


# ---- run -----------------------------------------------------------------------------------------


def _run(args: argparse.Namespace, session: Session) -> int:
    import asyncio  # only when a batch runs: the CLI starts without it

    from .._batch import AsyncBatchRun, _setup
    from .._batch_inputs import FileSource, Shard

    try:
        shard = Shard.parse(args.shard) if args.shard else None
        source = FileSource(args.inputs, shard)
    except (ValueError, OSError) as exc:
        raise UsageError(str(exc), ["see: runcomfy-py batch run --help"]) from None
    client = session.async_client()
    resource = client.model(args.model_id)
    output = session.output
    line = _Line(Progress(output.err, live=output.terminal_control, enabled=output.chatty))
    setup = _setup(
        client, resource, source, journal=args.journal, concurrency=args.concurrency,
        on_update=line.update, download=args.download, shard=args.shard,
        retry_failed=args.retry_failed, resubmit_uncertain=args.resubmit_uncertain,
        poll_interval=args.poll_interval, max_poll_interval=args.max_poll_interval,
    )  # fmt: skip
    outcome = _Outcome()

    async def drive() -> None:
        async with client, AsyncBatchRun[Any](client, setup) as batch:
            async for item in batch:
                outcome.report(item, line.progress)

    with line.progress:
        try:
            asyncio.run(drive())
        except KeyboardInterrupt:
            outcome.interrupted = True
        except JournalError:
            raise  # refused before anything was sent: nothing to sum up
        except RunComfyError as exc:
            outcome.error = exc  # the batch stopped; what it did is in the journal
        line.flush()
    return _finish(args, session, outcome)


@dataclass
class _Outcome:
    error: BaseException | None = None
    interrupted: bool = False
    failures: int = 0

    def report(self, item: BatchItem[Any], progress: Progress) -> None:
        """A line on stderr for each input that did not succeed in this run (the first 20)."""
        if item.resumed or (item.status == "succeeded" and item.error is None):
            return
        self.failures += 1
        if self.failures > _FAILURES_SHOWN:
            return
        from ._batch_report import one_line

        what = item.status if item.status != "succeeded" else "not downloaded"
        message = one_line(str(item.error or ""), f"line {item.key}: ")
        text = f"line {item.key}: {what}: {message}"
        if self.failures == _FAILURES_SHOWN:
            text += " (further failures are only counted; see --out)"
        progress.above(text)


def _finish(args: argparse.Namespace, session: Session, outcome: _Outcome) -> int:
    """Write the results from the journal, sum up, and choose the exit code."""
    from .._journal import Journal
    from ._batch_report import final_lines, status_report, status_summary, write_results

    output = session.output
    try:
        journal = Journal.read(args.journal)
    except JournalError:  # stopped before the journal recorded anything
        summary: dict[str, Any] = {"finished": False}
    else:
        with journal:
            written = write_results(final_lines(journal), args.out, session.out)
            summary = status_summary(journal)
        if output.json and args.out != "-":
            output.document(summary)
        output.note(
            status_report(summary).replace(f"{summary['journal']}: ", "batch: ", 1).rstrip()
        )
        if args.out != "-":
            output.note(f"results: {written} lines in {args.out}")
    if outcome.interrupted:
        output.error("interrupted", ["run the same command to resume"])
        return exit_code_for(KeyboardInterrupt())
    if outcome.error is not None:
        output.error(f"the batch stopped: {outcome.error}", ["run the same command to go on"])
        return exit_code_for(outcome.error)
    return OK if summary["finished"] else SOME_FAILED


# ---- the progress line ---------------------------------------------------------------------------


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


def describe(progress: BatchProgress) -> str:
    """``1,234/10,000 done (1,200 ok, 30 failed, 4 uncertain) | 40 running, 8 queued, ...``"""
    total = "?" if progress.total is None else f"{progress.total:,}"
    text = f"{progress.done:,}/{total} done ({progress.succeeded:,} ok, {progress.failed:,} failed"
    if progress.cancelled:
        text += f", {progress.cancelled:,} cancelled"
    if progress.uncertain:
        text += f", {progress.uncertain:,} uncertain"
    text += f") | {progress.running} running, {progress.queued} queued"
    if progress.submitting:
        text += f", {progress.submitting} submitting"
    if progress.limit < progress.running + progress.queued + progress.submitting + 1:
        text += f" (rate limited: {progress.limit} at most)"
    if progress.rate:
        text += f" | {progress.rate:.1f}/s"
        if progress.eta is not None:
            text += f", ETA {_duration(progress.eta)}"
    return text


class _Line:
    """Feeds the batch's counts to the progress line: on a terminal at most five times a second
    (the line is redrawn in place), in a log every ten seconds."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self._every = _REDRAW_SECONDS if progress.live else _LOG_EVERY_SECONDS
        self._shown = float("-inf")
        self._last: BatchProgress | None = None

    def update(self, update: BatchUpdate) -> None:
        self._last = update.progress
        now = time.monotonic()
        if now - self._shown >= self._every:
            self._shown = now
            self.progress.note(describe(update.progress))

    def flush(self) -> None:
        """The final counts, whatever the pace."""
        if self._last is not None:
            self.progress.note(describe(self._last))
