# generated from templates/runtime/cli/_batch.py by runcomfy-codegen; do not edit
"""``runcomfy-py batch``: one model over every line of a JSONL file, durable and resumable.

    runcomfy-py batch MODEL INPUTS.jsonl --journal runs.db --out results.jsonl
                   [--download DIR] [--concurrency N] [--shard K/N]
                   [--retry-failed] [--resubmit-uncertain]
    runcomfy-py batch status runs.db [--json]
    runcomfy-py batch merge runs-1.db runs-2.db ... --out results.jsonl [--journal all.db]

Exit codes: 0 every input succeeded; 3 the batch ran but some inputs failed, were cancelled or
are uncertain (or their files were not downloaded); 64 bad arguments; 65 bad input data (the
input file changed since the journal was started, another model's journal); 69 RunComfy
answered with server errors; 75 try again later (RunComfy unreachable or rate limiting, the
journal in use by another process); 77 no or a refused API key; 130 interrupted. The journal
is consistent whatever happens: run the same command again to go on.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from .._batch_items import BatchItem, BatchProgress, BatchUpdate
from .._errors import (
    APIConnectionError,
    APIStatusError,
    AuthenticationError,
    JournalError,
    JournalLockedError,
    PermissionDeniedError,
    RateLimitError,
    RunComfyError,
    ServerError,
    UnknownModelError,
)
from ._batch_report import (
    final_lines,
    merge,
    one_line,
    status_report,
    status_summary,
    write_results,
)
from ._session import MissingKeyError, Session, make_fake

if TYPE_CHECKING:
    from .._clients import AsyncRunComfy

__all__ = ["add_parser", "cmd_batch", "normalise_argv"]

SUBCOMMANDS = ("run", "status", "merge")
EXIT_SOME_FAILED = 3
EX_USAGE, EX_DATAERR, EX_UNAVAILABLE, EX_TEMPFAIL, EX_NOPERM = 64, 65, 69, 75, 77
EXIT_INTERRUPTED = 130
_REDRAW_SECONDS = 0.25
_PLAIN_EVERY_SECONDS = 10.0  # progress lines in a log (not a terminal)
_FAILURES_SHOWN = 20  # failed inputs reported one by one on stderr, then only counted


def normalise_argv(argv: Sequence[str], value_options: set[str]) -> list[str]:
    """``batch MODEL FILE ...`` means ``batch run MODEL FILE ...``.

    ``value_options``: the top-level options that take a value, so that their value is not
    taken for the command.
    """
    words = list(argv)
    index = 0
    while index < len(words):
        word = words[index]
        if word.startswith("-"):
            index += 2 if word in value_options else 1
            continue
        if word != "batch":
            return words
        following = words[index + 1] if index + 1 < len(words) else None
        if following is None or following in (*SUBCOMMANDS, "-h", "--help"):
            return words
        return [*words[: index + 1], "run", *words[index + 1 :]]
    return words


def add_parser(commands: Any, parents: list[argparse.ArgumentParser]) -> None:
    batch = commands.add_parser(
        "batch",
        parents=parents,
        help="run a model over every line of a JSONL file (durable, resumable)",
        description="Run a model over every line of a JSONL file, with a journal that makes "
        "the run resumable: after a crash or Ctrl-C, run the same command again. "
        "Forms: batch MODEL INPUTS.jsonl ... | batch status JOURNAL | batch merge FILE...",
    )
    forms = batch.add_subparsers(dest="batch_command", required=True, metavar="run|status|merge")
    run = forms.add_parser(
        "run",
        parents=parents,
        help="(the default) batch MODEL INPUTS.jsonl --journal runs.db --out results.jsonl",
        description="Submit every line of INPUTS.jsonl (one JSON object: the model's input) to "
        "MODEL, CONCURRENCY jobs at a time, and write one result line per input to --out. "
        "Everything is recorded in --journal before it is sent: run the same command again to "
        "resume (nothing with a request id is submitted twice).",
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
        type=int,
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
        "--poll-interval", type=float, metavar="SECONDS", help="first gap between polls"
    )
    run.add_argument(
        "--max-poll-interval", type=float, metavar="SECONDS", help="longest gap between polls"
    )
    run.add_argument("--quiet", action="store_true", help="no progress line, only the summary")

    status = forms.add_parser("status", parents=parents, help="where a batch stands")
    status.add_argument("journal", metavar="JOURNAL")
    status.add_argument("--json", action="store_true", help="print JSON")

    merged = forms.add_parser(
        "merge",
        parents=parents,
        help="combine the journals or result files of several shards",
        description="Combine journals (or --out result files) of the shards of one batch into "
        "one results file, and journals into one journal.",
    )
    merged.add_argument("files", nargs="+", metavar="FILE", help="journals or result files")
    merged.add_argument("--out", metavar="FILE", default="-", help="merged results ('-': stdout)")
    merged.add_argument("--journal", metavar="FILE", help="also write a merged journal (new file)")


def cmd_batch(args: argparse.Namespace, session: Session) -> int:
    try:
        if args.batch_command == "status":
            return _status(args, session)
        if args.batch_command == "merge":
            return _merge(args, session)
        return _run(args, session)
    except (RunComfyError, MissingKeyError, OSError, ValueError) as exc:
        session.err.write(f"error: {exc}\n")
        return exit_code(exc)


def exit_code(exc: BaseException) -> int:
    """The exit code of an error that stopped a batch command."""
    if isinstance(exc, MissingKeyError | AuthenticationError | PermissionDeniedError):
        return EX_NOPERM
    if isinstance(exc, JournalLockedError | RateLimitError | APIConnectionError):
        return EX_TEMPFAIL
    if isinstance(exc, ServerError):
        return EX_UNAVAILABLE
    if isinstance(exc, JournalError | APIStatusError):
        return EX_DATAERR  # a changed input file; a 4xx: no balance, unknown model, bad request
    if isinstance(exc, UnknownModelError | ValueError | FileNotFoundError):
        return EX_USAGE
    return 1


# ---- status and merge --------------------------------------------------------------------------


def _status(args: argparse.Namespace, session: Session) -> int:
    from .._journal import Journal

    with Journal.read(args.journal) as journal:
        summary = status_summary(journal)
    if args.json:
        session.out.write(json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    else:
        session.out.write(status_report(summary))
    return 0 if summary["finished"] else EXIT_SOME_FAILED


def _merge(args: argparse.Namespace, session: Session) -> int:
    counts = merge(
        args.files, out=args.out, journal_out=args.journal, stdout=session.out, stderr=session.err
    )
    total = sum(counts.values())
    shown = ", ".join(f"{count} {state}" for state, count in sorted(counts.items()))
    session.err.write(f"merged {len(args.files)} files: {total} inputs ({shown or 'none'})\n")
    return 0


# ---- run -----------------------------------------------------------------------------------------


def _async_client(session: Session) -> AsyncRunComfy:
    """The asyncio client (one event loop drives all the batch's requests)."""
    import os

    from .._client import API_KEY_ENV
    from .._clients import AsyncRunComfy

    if session.fake_timings is not None:
        session.fake = make_fake(session.fake_timings)
        return session.fake.async_client()
    if not os.environ.get(API_KEY_ENV):
        raise MissingKeyError
    return AsyncRunComfy(base_url=session.base_url)


def _run(args: argparse.Namespace, session: Session) -> int:
    from .._batch import AsyncBatchRun, _setup
    from .._batch_inputs import FileSource, Shard

    if args.concurrency < 1:
        raise ValueError(f"--concurrency must be at least 1, got {args.concurrency}")
    shard = Shard.parse(args.shard) if args.shard else None
    source = FileSource(args.inputs, shard)
    client = _async_client(session)
    resource = client.model(args.model_id)
    progress = _ProgressLine(session.err, quiet=args.quiet)
    setup = _setup(
        client,
        resource,
        source,
        journal=args.journal,
        concurrency=args.concurrency,
        on_update=progress.update,
        download=args.download,
        shard=args.shard,
        retry_failed=args.retry_failed,
        resubmit_uncertain=args.resubmit_uncertain,
        poll_interval=args.poll_interval,
        max_poll_interval=args.max_poll_interval,
    )
    outcome = _Outcome()

    async def drive() -> None:
        async with client, AsyncBatchRun[Any](client, setup) as batch:
            async for item in batch:
                outcome.report(item, progress)

    with progress:
        try:
            asyncio.run(drive())
        except KeyboardInterrupt:
            outcome.interrupted = True
        except JournalError:
            raise  # refused before anything was sent
        except (RunComfyError, OSError) as exc:
            outcome.error = exc  # the batch stopped; what it did is in the journal
    return _finish(args, session, outcome)


@dataclass
class _Outcome:
    error: BaseException | None = None
    interrupted: bool = False
    failures: int = 0

    def report(self, item: BatchItem[Any], progress: _ProgressLine) -> None:
        """A line on stderr for each input that did not succeed in this run (the first 20)."""
        if item.resumed or (item.status == "succeeded" and item.error is None):
            return
        self.failures += 1
        if self.failures > _FAILURES_SHOWN:
            return
        what = item.status if item.status != "succeeded" else "not downloaded"
        message = one_line(str(item.error or ""), f"line {item.key}: ")
        text = f"line {item.key}: {what}: {message}"
        if self.failures == _FAILURES_SHOWN:
            text += " (further failures are only counted; see --out)"
        progress.note(text)


def _finish(args: argparse.Namespace, session: Session, outcome: _Outcome) -> int:
    """Write the results from the journal, the summary, and choose the exit code."""
    from .._journal import Journal

    err = session.err
    try:
        journal = Journal.read(args.journal)
    except JournalError:  # stopped before the journal recorded anything
        summary: dict[str, Any] = {"finished": False}
    else:
        with journal:
            written = write_results(final_lines(journal), args.out, session.out)
            summary = status_summary(journal)
        err.write(status_report(summary).replace(f"{summary['journal']}: ", "batch: ", 1))
        if args.out != "-":
            err.write(f"results: {written} lines in {args.out}\n")
    if outcome.interrupted:
        err.write("interrupted: run the same command to resume\n")
        return EXIT_INTERRUPTED
    if outcome.error is not None:
        err.write(f"error: the batch stopped: {outcome.error}\nrun the same command to go on\n")
        return exit_code(outcome.error)
    return 0 if summary["finished"] else EXIT_SOME_FAILED


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
    if progress.rate:
        text += f" | {progress.rate:.1f}/s"
        if progress.eta is not None:
            text += f", ETA {_duration(progress.eta)}"
    return text


class _ProgressLine:
    """The live line on stderr: redrawn in place on a terminal, a line every 10 s in a log."""

    def __init__(self, stream: TextIO, *, quiet: bool) -> None:
        self.stream = stream
        self.quiet = quiet
        self.live = not quiet and stream.isatty()
        self.started = time.monotonic()
        self._last: BatchProgress | None = None
        self._printed = float("-inf")
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _line(self) -> str:
        body = "starting" if self._last is None else describe(self._last)
        return f"[{time.monotonic() - self.started:7.1f}s] {body}"

    def _draw(self) -> None:
        with self._lock:
            self.stream.write("\r\x1b[K" + self._line())
            self.stream.flush()

    def _redraw(self) -> None:
        while not self._stop.wait(_REDRAW_SECONDS):
            self._draw()

    def __enter__(self) -> _ProgressLine:
        if self.live:
            self._thread = threading.Thread(target=self._redraw, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._draw()
            self.stream.write("\n")
        elif not self.quiet and self._last is not None:
            self.stream.write(self._line() + "\n")
        self.stream.flush()

    def update(self, update: BatchUpdate) -> None:
        self._last = update.progress
        now = time.monotonic()
        if not self.live and not self.quiet and now - self._printed >= _PLAIN_EVERY_SECONDS:
            self._printed = now
            self.stream.write(self._line() + "\n")
            self.stream.flush()

    def note(self, text: str) -> None:
        """A line of its own (a failed input), above the live line."""
        with self._lock:
            self.stream.write(("\r\x1b[K" if self.live else "") + text + "\n")
            if self.live:
                self.stream.write(self._line())
            self.stream.flush()
