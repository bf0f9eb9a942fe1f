"""(5) Polling: status requests and completion-to-return delay, ours against the peers' schedules.

Everything runs on virtual time (``polling_sim.py``): the real client polls a simulated queue
through ``httpx.MockTransport``, each request taking a round trip of 50-250 ms (uniform), so the
figures are exact and a ten-minute job takes milliseconds. For each job length T, the same jobs
(run time T x lognormal, 10 % spread: a model's durations vary from job to job) are run with:

* ours, learnt: the default ``AdaptivePollPolicy`` on a client that has already seen some jobs
  of the model finish (what it learns: ``client.durations``);
* ours, first job: the same policy on a fresh client (no duration known: a plain backoff);
* the previous default, ``PollPolicy()``: 0.5 s growing x1.5 up to 5 s;
* fal-client's schedule (a status request every 0.1 s), replicate's (every 0.5 s), and a fixed
  2 s poll: each pause taken after the answer, as those clients do.

"requests" counts status requests per job (the one result request is the same for all); "delay"
is the mean time between the job's completion on the server and ``wait()`` returning (the
status request that sees it, and the result request, included).

    python benchmarks/bench_polling.py [--quick] [--seed N]
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
from collections.abc import Callable, Sequence

from _common import record, table, verdict
from polling_sim import SimServer, fixed, measure
from runcomfy_client import AdaptivePollPolicy, PollPolicy
from runcomfy_client.testing import ManualClock

LENGTHS = (5, 10, 20, 30, 60, 120, 300, 600)
SPREAD = 0.1  # sigma of log(run time): about +-10 % between jobs of one model
LEARNT = 8  # jobs a "learnt" client has seen finish before the measured ones

Draw = Callable[[random.Random], tuple[float, float, float]]  # queue, slot, run


def _runs(rng: random.Random, length: float, spread: float) -> float:
    return length * math.exp(rng.gauss(0.0, spread))


def _schedule(
    policy: PollPolicy | None, jobs: Sequence[tuple[float, float, float]], *, learn: Draw | None
) -> tuple[float, float, float]:
    """Mean status requests, mean delay and worst delay of ``jobs`` under one schedule; with
    ``learn``, on one client that first sees ``LEARNT`` jobs drawn from it finish."""
    rtt = random.Random(7)
    counts, delays = [], []
    shared = None
    if learn is not None:
        shared = SimServer(ManualClock(), rtt)
        shared_client = shared.client(policy)
        history = random.Random(11)
        for _ in range(LEARNT):
            queue, slot, run = learn(history)
            measure(shared, shared_client, queue=queue, slot=slot, run=run)
    for queue, slot, run in jobs:
        if shared is not None:
            server, client = shared, shared_client
        else:
            server = SimServer(ManualClock(), rtt)
            client = server.client(policy)
        count, delay = measure(server, client, queue=queue, slot=slot, run=run)
        counts.append(count)
        delays.append(delay)
    return statistics.fmean(counts), statistics.fmean(delays), max(delays)


def _cell(result: tuple[float, float, float]) -> str:
    return f"{result[0]:.1f} / {result[1]:.2f} s"


def _peers(length: float, jobs: int, seed: int) -> dict[str, tuple[float, float, float]]:
    """Every schedule on the same jobs of length ``length`` (no queue)."""
    rng = random.Random(seed * 1000 + int(length))
    drawn = [(0.0, 1.0, _runs(rng, length, SPREAD)) for _ in range(jobs)]

    def learn(r: random.Random) -> tuple[float, float, float]:
        return 0.0, 1.0, _runs(r, length, SPREAD)

    few = drawn[: max(4, jobs // 5)]  # fal's 0.1 s schedule is stationary and costly to simulate
    return {
        "ours, learnt": _schedule(None, drawn, learn=learn),
        "ours, first job": _schedule(None, drawn, learn=None),
        "previous default": _schedule(PollPolicy(), drawn, learn=None),
        "fal 0.1 s": _schedule(fixed(0.1), few, learn=None),
        "replicate 0.5 s": _schedule(fixed(0.5), drawn[: max(8, jobs // 2)], learn=None),
        "fixed 2 s": _schedule(fixed(2.0), drawn, learn=None),
    }


def _limits(jobs: int, seed: int) -> list[list[object]]:
    """Where learning stops paying: wide spreads, wrong history, queues, two kinds of job."""
    rows: list[list[object]] = []
    cases: list[tuple[str, Draw, Draw]] = []
    for length in (60, 600):
        for spread in (0.0, 0.2, 0.3):
            cases.append(
                (
                    f"T={length} s, spread {spread:.0%}",
                    lambda r, t=length, s=spread: (0.0, 1.0, _runs(r, t, s)),
                    lambda r, t=length, s=spread: (0.0, 1.0, _runs(r, t, s)),
                )
            )
        for factor in (0.5, 2.0):
            cases.append(
                (
                    f"T={length} s, job takes {factor}x what was learnt",
                    lambda r, t=length, f=factor: (0.0, 1.0, f * _runs(r, t, SPREAD)),
                    lambda r, t=length: (0.0, 1.0, _runs(r, t, SPREAD)),
                )
            )
        cases.append(
            (
                f"T={length} s after a queue of 0-{length // 2} s",
                lambda r, t=length: _queued(r, t),
                lambda r, t=length: _queued(r, t),
            )
        )
        cases.append(
            (
                f"T={length} s or {2 * length} s (two kinds of input)",
                lambda r, t=length: (0.0, 1.0, _runs(r, t * r.choice((1, 2)), SPREAD)),
                lambda r, t=length: (0.0, 1.0, _runs(r, t * r.choice((1, 2)), SPREAD)),
            )
        )
    for name, draw, learn in cases:
        rng = random.Random(seed * 7919 + len(rows))
        drawn = [draw(rng) for _ in range(jobs)]
        ours = _schedule(None, drawn, learn=learn)
        first = _schedule(None, drawn, learn=None)
        two = _schedule(fixed(2.0), drawn, learn=None)
        rows.append(
            [
                name,
                _cell(ours),
                f"{ours[2]:.2f} s",
                _cell(first),
                _cell(two),
                verdict(ours[0] < two[0] and ours[1] < two[1]).replace("met", "both better"),
            ]
        )
    return rows


def _queued(rng: random.Random, length: float) -> tuple[float, float, float]:
    queue = rng.uniform(0.0, length / 2)
    ahead = rng.randint(1, 6)
    return queue, max(queue / ahead, 1e-3), _runs(rng, length, SPREAD)


def main() -> str:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer jobs per length")
    parser.add_argument("--seed", type=int, default=1, help="draws of job lengths and RTTs")
    args = parser.parse_args()
    jobs = 12 if args.quick else 40
    names = (
        "ours, learnt",
        "ours, first job",
        "previous default",
        "fal 0.1 s",
        "replicate 0.5 s",
        "fixed 2 s",
    )
    rows, wins = [], []
    results_by_length = []
    for length in LENGTHS:
        results = _peers(length, jobs, args.seed)
        ours, two = results["ours, learnt"], results["fixed 2 s"]
        results_by_length.append(
            (length, ours, two, results["fal 0.1 s"], results["replicate 0.5 s"])
        )
        won = ours[0] < two[0] and ours[1] < two[1]
        wins.append(won)
        rows.append(
            [
                f"{length} s",
                *(_cell(results[name]) for name in names),
                f"{two[0] / ours[0]:.2f}x / {two[1] / ours[1]:.2f}x",
                verdict(won),
            ]
        )
    worst = min(
        (two[0] / ours[0], two[1] / ours[1], length)
        for length, ours, two in ((r[0], r[1], r[2]) for r in results_by_length)
    )
    record(
        "polling, T = 5-600 s, model learnt (status requests / mean delay)",
        f"T=600 s: {_cell(results_by_length[-1][1])}; closest T={worst[2]} s: fixed 2 s / ours "
        f"{worst[0]:.2f}x requests, {worst[1]:.2f}x delay",
        f"fixed 2 s at 600 s: {_cell(results_by_length[-1][2])}; fal 0.1 s "
        f"{_cell(results_by_length[-1][3])}; replicate 0.5 s {_cell(results_by_length[-1][4])}",
        "fewer requests and less delay than fixed 2 s, every T",
        all(wins),
    )
    text = table(
        f"Polling a job of T seconds: status requests / mean delay (virtual time; {jobs} jobs "
        f"per T, run time T x lognormal {SPREAD:.0%}, RTT 50-250 ms, seed {args.seed})",
        [
            "T",
            *names,
            "fixed 2 s / ours, learnt (requests / delay)",
            "fewer and sooner than fixed 2 s",
        ],
        rows,
    )
    text += table(
        "Polling: where learning stops paying (ours, learnt vs the same jobs' first-job and "
        "fixed 2 s schedules)",
        [
            "case",
            "ours, learnt",
            "ours, learnt: worst delay",
            "ours, first job",
            "fixed 2 s",
            "vs fixed 2 s",
        ],
        _limits(max(8, jobs // 2), args.seed),
    )
    text += table(
        "Polling target",
        ["target", "verdict"],
        [
            [
                "fewer requests and less delay than a fixed 2 s poll, every T from 5 s to 600 s "
                "(learnt)",
                verdict(all(wins)),
            ],
            [
                f"pauses never above the cap ({AdaptivePollPolicy().max_interval:.0f} s): worst "
                "delay bounded",
                "by construction (contract suite)",
            ],
        ],
    )
    return text


if __name__ == "__main__":
    main()
