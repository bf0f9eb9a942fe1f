"""(4) Concurrency: 1,000 jobs in flight at once with ``AsyncRunComfy`` against the loopback fake.

The fake runs in its own process (so the client's memory and CPU are measured alone) on
127.0.0.1, every job lasting ``T`` seconds on the real clock (3 s queued, 7 s running), and 10 %
of the status and result requests answered with a transient fault: a 503, a 429 with
``Retry-After: 1``, or a connection dropped without an answer (a third each). Submits get no
fault: the client rightly never repeats a submit the server may have accepted (RunComfy has no
idempotency key), so a faulted submit is the caller's decision, not a retry.

One ``AsyncRunComfy`` (default connection pool and poll policy, ``max_retries=5``: with 10 % of
requests failing, three failures in a row, which the default of 2 cannot absorb, would hit about
one GET in a thousand) runs ``run()`` for all jobs with ``asyncio.gather``. Reported: wall time
against the ideal, i.e. what the default poll policy gives one job on a zero-latency network
(the first poll at or after ``T``: the job's duration plus less than one poll interval);
requests per job; the client process's peak RSS growth; and from the server's record, that
every job was submitted exactly once and completed.

    python benchmarks/bench_concurrency.py [--quick]
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import random
import resource
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from _common import median, parse_args, secs, table, verdict
from runcomfy_client import PollPolicy

JOBS = int(os.environ.get("BENCH_JOBS", "1000"))
QUEUE_SECONDS, RUN_SECONDS = 3.0, 7.0
FAULT_RATE = float(os.environ.get("BENCH_FAULT_RATE", "0.1"))
MODEL = "wan-ai/wan-2-6/image-to-image"
KEY = "benchmark-key"
SERVER_LIFETIME = 600.0  # the server process stops by itself after this, whatever happens


def _serve(conn: Connection, seed: int) -> None:
    """The fake's process: serve until told to stop, then report what it saw."""
    from runcomfy_client.testing import FakeRunComfy, Fault, Timings
    from runcomfy_client.testing._wire import FakeRequest, FakeResponse

    faults = [
        Fault(status=503),
        Fault(status=429, retry_after=1),
        Fault(disconnect=True),
    ]

    class FaultyFake(FakeRunComfy):
        """Answers a random 10 % of status/result requests with a transient fault."""

        injected = 0
        rng = random.Random(seed)

        def handle(self, request: FakeRequest) -> FakeResponse:
            path = request.path
            if path.endswith(("/status", "/result")):
                with self._lock:
                    if self.rng.random() < FAULT_RATE:
                        route = "status" if path.endswith("/status") else "result"
                        fault = self.rng.choice(faults)
                        self.add_fault(Fault(**{**_fields(fault), "route": route}))
                        self.injected += 1
                    return super().handle(request)
            return super().handle(request)

    timings = Timings(
        queue_seconds=QUEUE_SECONDS, run_seconds=RUN_SECONDS, queue_polls=0, run_polls=0
    )
    fake = FaultyFake(api_key=KEY, model_ids=[MODEL], timings=timings, seed=seed)
    with fake.serve() as server:
        conn.send(server.url)
        if conn.poll(SERVER_LIFETIME):
            conn.recv()
        with fake._lock:
            submits = fake.calls("submit")
            routes: dict[str, int] = {}
            for recorded in fake.requests:
                routes[recorded.route] = routes.get(recorded.route, 0) + 1
            conn.send(
                {
                    "submits": len(submits),
                    "seeds": sorted(r.json["seed"] for r in submits if isinstance(r.json, dict)),
                    "phases": sorted({job.phase for job in fake.jobs.values()}),
                    "jobs": len(fake.jobs),
                    "routes": routes,
                    "injected": fake.injected,
                    "cpu": _cpu_seconds(),
                }
            )


def _fields(fault: Any) -> dict[str, Any]:
    return {name: getattr(fault, name) for name in fault.__slots__}


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _reset_peak_rss() -> None:
    """Start VmHWM (peak RSS) afresh, so each run's peak is its own (Linux >= 4.0)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _rss_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _ideal() -> float:
    """When the default policy's first poll at or after T goes out (no jitter, no latency)."""
    policy = PollPolicy()
    duration = QUEUE_SECONDS + RUN_SECONDS
    at, polls = 0.0, 0
    while at < duration:
        at += min(policy.max_interval, policy.interval * policy.factor**polls)
        polls += 1
    return at


async def _jobs(url: str) -> tuple[float, list[BaseException], int, float]:
    from runcomfy_client import AsyncRunComfy

    body = {"prompt": "a lighthouse", "image_urls": ["https://example.com/a.png"]}
    async with AsyncRunComfy(api_key=KEY, base_url=url, max_retries=5) as client:
        resource = client.model(MODEL)
        _reset_peak_rss()
        before = _rss_kb("VmRSS")
        cpu = _cpu_seconds()
        start = time.perf_counter()
        results = await asyncio.gather(
            *(resource.run({**body, "seed": seed}) for seed in range(JOBS)),
            return_exceptions=True,
        )
        wall = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu
        grown = _rss_kb("VmHWM") - before
    errors = [r for r in results if isinstance(r, BaseException)]
    return wall, errors, grown, cpu


async def _jobs_bare(url: str) -> tuple[float, list[BaseException], int, float]:
    """The same jobs with bare httpx: the same poll schedule, a fixed 0.5 s wait after a fault.

    It is gated at 100 requests in flight like the client's driver; ungated, httpcore's pool
    alone takes minutes for 1,000 concurrent jobs.
    """
    import httpx
    from runcomfy_client import JobStatus, PollContext

    policy = PollPolicy()
    headers = {"Accept": "application/json", "Authorization": f"Bearer {KEY}"}
    body = {"prompt": "a lighthouse", "image_urls": ["https://example.com/a.png"]}
    slots = asyncio.Semaphore(100)

    async def get(http: httpx.AsyncClient, target: str) -> dict[str, Any]:
        for _ in range(10):
            try:
                async with slots:
                    response = await http.get(target, headers=headers)
                if response.status_code == 200:
                    answer: dict[str, Any] = response.json()
                    return answer
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.5)
        raise RuntimeError(f"GET {target} kept failing")

    async def one(http: httpx.AsyncClient, seed: int) -> None:
        async with slots:
            response = await http.post(
                f"{url}/v1/models/{MODEL}", json={**body, "seed": seed}, headers=headers
            )
        submitted = response.json()
        polls = 0
        while (await get(http, submitted["status_url"]))["status"] != "completed":
            running = JobStatus(submitted["request_id"], "in_progress")
            await asyncio.sleep(policy.next_delay(PollContext(polls, running, elapsed=0.0)))
            polls += 1
        await get(http, submitted["result_url"])

    async with httpx.AsyncClient(timeout=60) as http:
        _reset_peak_rss()
        before, cpu = _rss_kb("VmRSS"), _cpu_seconds()
        start = time.perf_counter()
        results = await asyncio.gather(
            *(one(http, seed) for seed in range(JOBS)), return_exceptions=True
        )
        wall = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu
        grown = _rss_kb("VmHWM") - before
    return wall, [r for r in results if isinstance(r, BaseException)], grown, cpu


def _once(seed: int, bare: bool = False) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    server = ctx.Process(target=_serve, args=(child, seed), daemon=True)
    server.start()
    try:
        if not parent.poll(60):
            raise RuntimeError("the fake server did not start")
        url = parent.recv()
        wall, errors, grown, cpu = asyncio.run(_jobs_bare(url) if bare else _jobs(url))
        parent.send("stop")
        if not parent.poll(60):
            raise RuntimeError("the fake server did not report")
        seen: dict[str, Any] = parent.recv()
    finally:
        server.join(timeout=30)
        if server.is_alive():
            server.terminate()
    seen.update(wall=wall, errors=errors, grown_kb=grown, client_cpu=cpu)
    return seen


def main() -> str:
    args = parse_args(__doc__ or "")
    runs, bare_runs = [], []
    for seed in range(1 if args.quick else 3):  # interleaved: load drift hits both alike
        runs.append(_once(seed))
        bare_runs.append(_once(seed, bare=True))
    ideal = _ideal()
    # The target's ideal, "job duration + one poll interval", read with the policy's steady
    # interval (its cap); the strict ideal above is what the schedule gives with no latency.
    loose = QUEUE_SECONDS + RUN_SECONDS + PollPolicy().max_interval
    rows = []
    for index, run in enumerate([*runs, *bare_runs]):
        requests = sum(run["routes"].values())
        missing = JOBS - len(set(run["seeds"]))  # never reached the server
        twice = run["submits"] - len(set(run["seeds"]))
        rows.append(
            [
                f"AsyncRunComfy {index + 1}" if index < len(runs) else "bare httpx",
                secs(run["wall"]),
                f"{run['wall'] / ideal:.2f}x",
                f"{requests / JOBS:.2f}",
                run["injected"],
                f"{len(run['errors'])} / {missing} / {twice}",
                ",".join(run["phases"]),
                # Only the process's first run measures growth: later runs reuse the memory
                # (pymalloc arenas) the first one left, so their RSS hardly moves.
                f"{run['grown_kb'] / 1024:.1f} MB" if index == 0 else "(reused)",
                f"{run['client_cpu']:.1f} s / {run['cpu']:.1f} s",
            ]
        )
        for error in run["errors"][:3]:
            print(f"  run {index + 1}: {type(error).__name__}: {error}")
    text = table(
        f"{JOBS} concurrent jobs, T = {QUEUE_SECONDS + RUN_SECONDS:.0f} s, {FAULT_RATE:.0%} faults "
        f"on polls; ideal {secs(ideal)}",
        [
            "client",
            "wall",
            "vs ideal",
            "requests/job",
            "faults injected",
            "errors / never submitted / submitted twice",
            "job states",
            "peak RSS growth",
            "CPU: client / fake server",
        ],
        rows,
    )
    wall = median([r["wall"] for r in runs])
    bare_wall = median([r["wall"] for r in bare_runs])
    grown = runs[0]["grown_kb"] / 1024
    clean = all(
        not r["errors"] and r["submits"] == JOBS and r["seeds"] == list(range(JOBS)) for r in runs
    )
    text += table(
        "Concurrency targets",
        ["target", "measured", "verdict"],
        [
            [
                "all complete, none lost or submitted twice",
                "yes" if clean else "no",
                verdict(clean),
            ],
            [
                "wall within 1.5x of ideal (median), strict ideal: first poll at or after T",
                f"{wall / ideal:.2f}x",
                verdict(wall <= 1.5 * ideal),
            ],
            [
                f"wall within 1.5x of T + one poll interval at the cap ({secs(loose)})",
                f"{wall / loose:.2f}x",
                verdict(wall <= 1.5 * loose),
            ],
            [
                "(reference) bare httpx, same schedule, strict ideal",
                f"{bare_wall / ideal:.2f}x",
                "-",
            ],
            [
                "< 50 MB extra memory (first run: fresh process)",
                f"{grown:.1f} MB",
                verdict(grown < 50),
            ],
        ],
    )
    return text


if __name__ == "__main__":
    main()
