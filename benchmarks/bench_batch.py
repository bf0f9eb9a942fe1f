"""(6) Batch: 10,000 inputs through ``runcomfy-py batch`` against the loopback fake, 10 % faults.

The fake runs in its own process on 127.0.0.1; every job lasts ``T`` = 10 s on the real clock
(2 s queued, 8 s running: RunComfy's image models take 5 to 30 s), and 10 % of the status and
result requests get a transient fault (a 503, a 429 with ``Retry-After: 1``, or a dropped
connection, a third each). Submits get no
fault: a faulted submit may have started a job, so the batch reports it ``uncertain`` instead of
sending it again (``bench_concurrency.py`` explains the same choice); the batch's handling of
refused submits is measured in part 3, against a fake that rate-limits like a real account.

1. The whole batch, as a user runs it (the CLI in its own process, ``--concurrency 250``):
   wall time against the ideal for that concurrency (``N / C`` rounds of one job of ``T``, each
   seen finished the moment it finishes), the CLI's peak RSS, and from the server's record:
   every input submitted once and completed. The journal's times show where a job's slot
   time goes (medians): from accepted to first seen running, from there to the output. The
   batch's default polling caps the pauses at a tenth of the model's run time once known; a
   second arm (a fifth of the inputs) gives ``--max-poll-interval 5``, the cap of a single
   ``wait``, to show what that default buys.
2. A crash and a resume: the same batch killed with SIGKILL when half its inputs are finished,
   then the same command again: how long the restart takes before its first request (checking
   the input file against the journal, resuming the jobs in flight) and until the batch is
   done, and that nothing was lost or submitted twice.
3. Rate limiting: a fake that refuses submits (429, ``Retry-After: 1``) beyond ``K`` = 50 jobs
   in flight, with ``--concurrency`` 100: the throughput against the ideal at ``K``.
4. Journal cost per job: the same batch in process on the fake's virtual time (no network, no
   waiting) with and without a journal; the difference per job is what the journal costs
   (SQLite in WAL mode, an fsync per grouped commit). Also its size per job.

    python benchmarks/bench_batch.py [--quick]    # about 25 minutes; --quick: 500 inputs
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from _common import median, parse_args, record, secs, table, verdict

MODEL = "wan-ai/wan-2-6/image-to-image"
KEY = "benchmark-key"
QUEUE_SECONDS, RUN_SECONDS = 2.0, 8.0
FAULT_RATE = 0.1
CONCURRENCY = 250
SERVER_LIFETIME = 1800.0


def _serve(
    conn: Connection, seed: int, fault_rate: float, limit: int | None, seconds: tuple[float, float]
) -> None:
    """The fake's process: serve until told to stop, then report what it saw."""
    from runcomfy_client.testing import FakeRunComfy, Fault, Timings
    from runcomfy_client.testing._wire import FakeRequest, FakeResponse, error_response

    faults = [Fault(status=503), Fault(status=429, retry_after=1), Fault(disconnect=True)]
    rng = random.Random(seed)
    stamps: list[tuple[float, str]] = []

    class BenchFake(FakeRunComfy):
        injected = 0
        refused = 0

        def handle(self, request: FakeRequest) -> FakeResponse:
            path = request.path
            with self._lock:
                stamps.append((time.time(), request.method))
                if path.endswith(("/status", "/result")) and rng.random() < fault_rate:
                    route = "status" if path.endswith("/status") else "result"
                    fault = rng.choice(faults)
                    self.add_fault(Fault(**{**_fields(fault), "route": route}))
                    self.injected += 1
                if limit is not None and request.method == "POST" and "/models/" in path:
                    running = sum(1 for job in self.jobs.values() if not job.done)
                    if running >= limit:
                        self.refused += 1
                        return error_response(
                            429, 429001, "Too many jobs in flight", headers={"retry-after": "1"}
                        )
                return super().handle(request)

    timings = Timings(queue_seconds=seconds[0], run_seconds=seconds[1], queue_polls=0, run_polls=0)
    fake = BenchFake(api_key=KEY, model_ids=[MODEL], timings=timings, seed=seed)
    with fake.serve() as server:
        conn.send(server.url)
        while conn.poll(SERVER_LIFETIME):
            message = conn.recv()
            if message == "report":
                with fake._lock:
                    prompts = [
                        r.json["prompt"]
                        for r in fake.calls("submit")
                        if isinstance(r.json, dict) and r.status_code == 200
                    ]
                    conn.send(
                        {
                            "accepted": len(prompts),
                            "distinct": len(set(prompts)),
                            "phases": sorted({job.phase for job in fake.jobs.values()}),
                            "injected": fake.injected,
                            "refused": fake.refused,
                            "requests": len(fake.requests),
                            "stamps": list(stamps),
                        }
                    )
            else:
                break


def _fields(fault: Any) -> dict[str, Any]:
    return {name: getattr(fault, name) for name in fault.__slots__}


class Server:
    def __init__(self, seed: int, fault_rate: float = FAULT_RATE, limit: int | None = None):
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        seconds = (QUEUE_SECONDS, RUN_SECONDS)
        self._process = ctx.Process(
            target=_serve, args=(child, seed, fault_rate, limit, seconds), daemon=True
        )
        self._process.start()
        if not self._conn.poll(60):
            raise RuntimeError("the fake server did not start")
        self.url: str = self._conn.recv()

    def report(self) -> dict[str, Any]:
        self._conn.send("report")
        if not self._conn.poll(120):
            raise RuntimeError("the fake server did not report")
        found: dict[str, Any] = self._conn.recv()
        return found

    def close(self) -> None:
        self._conn.send("stop")
        self._process.join(timeout=30)
        if self._process.is_alive():
            self._process.terminate()


def _ideal(jobs: int, concurrency: int) -> float:
    """``jobs / concurrency`` rounds of one job of ``T``: every slot busy all the time, each job
    seen finished the moment it finishes (no poll gap, no latency)."""
    return jobs / concurrency * (QUEUE_SECONDS + RUN_SECONDS)


def _inputs(folder: Path, count: int) -> Path:
    path = folder / "inputs.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for key in range(count):
            line = {"prompt": f"input {key}", "image_urls": ["https://example.com/a.png"]}
            handle.write(json.dumps(line) + "\n")
    return path


def _command(inputs: Path, folder: Path, concurrency: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "runcomfy_client.cli",
        "batch",
        MODEL,
        str(inputs),
        "--journal",
        str(folder / "runs.db"),
        "--out",
        str(folder / "results.jsonl"),
        "--concurrency",
        str(concurrency),
        "--quiet",
    ]


def _env(url: str) -> dict[str, str]:
    return {**os.environ, "RUNCOMFY_BASE_URL": url, "RUNCOMFY_API_KEY": KEY}


def _run_cli(command: list[str], url: str) -> tuple[float, int, float, int]:
    """Wall time, exit code, peak RSS (MB) and CPU seconds of one CLI run."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=_env(url), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 3):
        raise RuntimeError(
            f"batch failed ({process.returncode}): {process.stderr.read()[-2000:]!r}"
        )
    process.stderr.close()
    return wall, process.returncode, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def _slot_seconds(folder: Path) -> dict[str, float]:
    """Medians from the journal: how long a job held its slot (submit -> output), and the two
    halves the poll policy decides (accepted -> first seen running, first seen running -> out)."""
    import statistics

    from runcomfy_client._journal import Journal

    with Journal.read(folder / "runs.db") as journal:
        rows = [r for r in journal.rows("succeeded") if r.started_at and r.accepted_at]
    if not rows:
        return {"slot": 0.0, "start_seen": 0.0, "end_seen": 0.0}
    return {
        "slot": statistics.median(r.finished_at - r.submitted_at for r in rows),  # type: ignore[operator]
        "start_seen": statistics.median(r.started_at - r.accepted_at for r in rows),  # type: ignore[operator]
        "end_seen": statistics.median(r.finished_at - r.started_at for r in rows),  # type: ignore[operator]
    }


def _statuses(folder: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for text in (folder / "results.jsonl").read_text(encoding="utf-8").splitlines():
        status = json.loads(text)["status"]
        counts[status] = counts.get(status, 0) + 1
    return counts


def _full_run(count: int, seed: int, *extra: str) -> dict[str, Any]:
    server = Server(seed)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            inputs = _inputs(folder, count)
            command = [*_command(inputs, folder, CONCURRENCY), *extra]
            wall, code, rss, cpu = _run_cli(command, server.url)
            statuses = _statuses(folder)
            size = (folder / "runs.db").stat().st_size
            slots = _slot_seconds(folder)
        seen = server.report()
    finally:
        server.close()
    return {
        "wall": wall,
        "code": code,
        "rss": rss,
        "cpu": cpu,
        "statuses": statuses,
        "journal_bytes": size,
        **slots,
        **seen,
    }


def _finished(journal: Path) -> int:
    from runcomfy_client._journal import FINAL_STATES, Journal

    try:
        with Journal.read(journal) as read:
            counts = read.counts()
    except Exception:  # not created yet
        return 0
    return sum(counts[state] for state in FINAL_STATES)


def _crash_and_resume(count: int, seed: int) -> dict[str, Any]:
    server = Server(seed)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            inputs = _inputs(folder, count)
            command = _command(inputs, folder, CONCURRENCY)
            first = subprocess.Popen(
                command, env=_env(server.url), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            while _finished(folder / "runs.db") < count // 2 and first.poll() is None:
                time.sleep(0.2)
            first.send_signal(signal.SIGKILL)
            first.wait()
            done_before = _finished(folder / "runs.db")
            restarted = time.time()
            wall, _, rss, _ = _run_cli(command, server.url)
            statuses = _statuses(folder)
        seen = server.report()
    finally:
        server.close()
    first_request = min(stamp for stamp, _ in seen["stamps"] if stamp >= restarted)
    remaining = count - done_before
    return {
        "startup": first_request - restarted,
        "wall": wall,
        "remaining": remaining,
        "done_before": done_before,
        "statuses": statuses,
        "rss": rss,
        **seen,
    }


def _rate_limited(count: int, limit: int, seed: int) -> dict[str, Any]:
    server = Server(seed, fault_rate=0.0, limit=limit)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            inputs = _inputs(folder, count)
            wall, _, _, _ = _run_cli(_command(inputs, folder, 2 * limit), server.url)
            statuses = _statuses(folder)
        seen = server.report()
    finally:
        server.close()
    return {"wall": wall, "statuses": statuses, **seen}


def _timed_journal(spent: dict[str, float]) -> type[Any]:
    """The journal class with every public method timed (seconds into ``spent``), and its
    commits counted: all, and those fsynced (holding "submitting" marks)."""
    from runcomfy_client._journal import Journal

    class TimedJournal(Journal):
        pass

    def timed(name: str) -> Any:
        method = getattr(Journal, name)

        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            if name == "commit" and self._in_transaction:
                spent["commits"] += 1
                spent["synced"] += self._synced
            start = time.perf_counter()
            try:
                return method(self, *args, **kwargs)
            finally:
                spent["seconds"] += time.perf_counter() - start

        return wrapper

    for name in dir(Journal):
        if (
            not name.startswith("_")
            and callable(getattr(Journal, name))
            and name not in ("open", "read")
        ):
            setattr(TimedJournal, name, timed(name))
    return TimedJournal


async def _in_process(count: int, journal: Path) -> dict[str, float]:
    """One batch in process on virtual time, its journal on disk, every journal call timed."""
    from runcomfy_client import _journal
    from runcomfy_client.testing import FakeRunComfy, ManualClock

    spent = {"seconds": 0.0, "commits": 0.0, "synced": 0.0}
    original = _journal.Journal
    _journal.Journal = _timed_journal(spent)  # type: ignore[misc]
    try:
        fake = FakeRunComfy(clock=ManualClock(), model_ids=[MODEL])
        client = fake.async_client()
        bodies = [
            {"prompt": f"input {k}", "image_urls": ["https://example.com/a.png"]}
            for k in range(count)
        ]
        start = time.perf_counter()
        async for _ in client.batch(MODEL, bodies, journal=journal, concurrency=CONCURRENCY):
            pass
        spent["total"] = time.perf_counter() - start
        await client.close()
    finally:
        _journal.Journal = original  # type: ignore[misc]
    spent["bytes"] = journal.stat().st_size
    return spent


def _journal_cost(count: int, repeats: int) -> dict[str, float]:
    """Medians per job over ``repeats`` runs."""
    runs = []
    for index in range(repeats):
        with tempfile.TemporaryDirectory() as tmp:
            runs.append(asyncio.run(_in_process(count, Path(tmp) / f"{index}.db")))
    return {key: median([run[key] for run in runs]) / count for key in runs[0]}


def _arm_row(name: str, run: dict[str, Any], count: int) -> list[object]:
    ideal = _ideal(count, CONCURRENCY)
    return [
        name,
        f"{count:,}",
        secs(run["wall"]),
        secs(ideal),
        f"{run['wall'] / ideal:.2f}x",
        f"{run['slot']:.1f} s",
        f"{run['start_seen']:.1f} s",
        f"{run['end_seen']:.1f} s",
        f"{run['requests'] / count:.2f}",
        run["injected"],
        _shown(run["statuses"]),
        run["accepted"] - run["distinct"],
        f"{run['rss']:.0f} MB",
        f"{run['cpu']:.0f} s",
    ]


def main() -> str:
    args = parse_args(__doc__ or "")
    count = int(os.environ.get("BENCH_BATCH_INPUTS", "500" if args.quick else "10000"))
    ideal = _ideal(count, CONCURRENCY)
    full = _full_run(count, seed=1)
    single_count = max(CONCURRENCY * 2, count // 5)
    single = _full_run(single_count, 4, "--max-poll-interval", "5")
    clean = all(
        run["statuses"] == {"succeeded": n} and run["accepted"] == run["distinct"] == n
        for run, n in ((full, count), (single, single_count))
    )
    text = table(
        f"Batch: --concurrency {CONCURRENCY}, jobs of T = {QUEUE_SECONDS + RUN_SECONDS:.0f} s "
        f"({QUEUE_SECONDS:.0f} s queued, {RUN_SECONDS:.0f} s running), {FAULT_RATE:.0%} faults "
        "on polls; ideal = inputs / concurrency x T",
        [
            "polling",
            "inputs",
            "wall",
            "ideal",
            "vs ideal",
            "slot per job (median)",
            f"accepted -> seen running ({QUEUE_SECONDS:.0f} s)",
            f"seen running -> output ({RUN_SECONDS:.0f} s)",
            "requests/job",
            "faults injected",
            "results",
            "submitted twice",
            "peak RSS (CLI)",
            "CPU (CLI)",
        ],
        [
            _arm_row("default (batch cap: a tenth of the run)", full, count),
            _arm_row("--max-poll-interval 5 (a single wait's)", single, single_count),
        ],
    )
    crash = _crash_and_resume(count, seed=2)
    resumed_ideal = _ideal(crash["remaining"], CONCURRENCY)
    twice = crash["accepted"] - crash["distinct"]
    text += table(
        f"Crash: SIGKILL when half of {count:,} inputs are finished, then the same command",
        [
            "finished before the kill",
            "restart to first request",
            "resumed run",
            "its ideal",
            "results",
            "submitted twice",
            "peak RSS (resume)",
        ],
        [
            [
                crash["done_before"],
                secs(crash["startup"]),
                secs(crash["wall"]),
                secs(resumed_ideal),
                _shown(crash["statuses"]),
                twice,
                f"{crash['rss']:.0f} MB",
            ]
        ],
    )
    limit = 50
    limited_count = max(limit * 2, count // 20)
    limited = _rate_limited(limited_count, limit, seed=3)
    limited_ideal = _ideal(limited_count, limit)
    text += table(
        f"Rate limited: {limited_count:,} inputs; the fake refuses submits (429, Retry-After: 1) "
        f"beyond {limit} jobs in flight; --concurrency {2 * limit}",
        [
            "wall",
            f"ideal at the server's {limit}",
            "vs that ideal",
            "submits refused (429)",
            "results",
        ],
        [
            [
                secs(limited["wall"]),
                secs(limited_ideal),
                f"{limited['wall'] / limited_ideal:.2f}x",
                limited["refused"],
                _shown(limited["statuses"]),
            ]
        ],
    )
    cost_count = 500 if args.quick else 2000
    cost = _journal_cost(cost_count, 1 if args.quick else 3)
    text += table(
        f"Journal cost: {cost_count:,} jobs in process on virtual time (no network, no waiting), "
        "every journal call timed; per job, medians of runs",
        [
            "time in the journal",
            "of the batch's time",
            "commits",
            "of which fsynced",
            "journal size",
        ],
        [
            [
                f"{cost['seconds'] * 1000:.3f} ms",
                f"{cost['seconds'] / cost['total']:.0%}",
                f"{cost['commits']:.2f}",
                f"{cost['synced']:.2f}",
                f"{cost['bytes']:.0f} B",
            ]
        ],
    )
    crash_ok = (
        crash["statuses"].get("succeeded", 0) + crash["statuses"].get("uncertain", 0) == count
        and twice == 0
    )
    peak = max(full["rss"], crash["rss"])
    record(
        f"batch of {count:,}: wall, default polling",
        secs(full["wall"]),
        f"ideal {secs(ideal)}",
        "<= 1.3x",
        full["wall"] <= 1.3 * ideal,
    )
    record("batch: peak RSS of the CLI", f"{peak:.0f} MB", "-", "< 150 MB", peak < 150)
    record(
        "batch: kill -9 at half, then resume",
        f"{twice} sent twice, restart {secs(crash['startup'])}",
        "-",
        "nothing lost or sent twice",
        crash_ok,
    )
    text += table(
        "Batch targets",
        ["target", "measured", "verdict"],
        [
            [
                "every input completed, none submitted twice",
                "yes" if clean else "no",
                verdict(clean),
            ],
            [
                "wall within 1.3x of the ideal (default polling)",
                f"{full['wall'] / ideal:.2f}x",
                verdict(full["wall"] <= 1.3 * ideal),
            ],
            [
                "peak RSS under 150 MB",
                f"{max(full['rss'], crash['rss']):.0f} MB",
                verdict(max(full["rss"], crash["rss"]) < 150),
            ],
            [
                "crash: nothing lost, nothing submitted twice",
                _shown(crash["statuses"]) + f", {twice} twice",
                verdict(crash_ok),
            ],
        ],
    )
    return text


def _shown(statuses: dict[str, int]) -> str:
    return ", ".join(f"{count} {status}" for status, count in sorted(statuses.items()))


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_NOFILE, (4096, 4096))
    main()
