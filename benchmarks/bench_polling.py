"""(5) Polling efficiency: status requests and completion-to-return delay for a job of T seconds.

The fake runs on a ``ManualClock`` and the client on the same virtual time (``fake.client()``
makes its pauses advance the clock), so a 10-minute job takes milliseconds and the figures are
exact: no network or scheduler noise. For each T the job is submitted, ``wait()`` is called with
the default poll policy (first poll at once, then 0.5 s growing x1.5 up to 5 s, each gap
shortened by up to 10 % at random), and the same job is run with fixed 1 s polling for
comparison. The delay is the virtual time between the job's completion (T after submit) and
``wait()`` returning. The policy's jitter is random, so each T is run several times: the table
shows the median and the worst run.

    python benchmarks/bench_polling.py [--quick]
"""

from __future__ import annotations

from _common import median, parse_args, table, verdict
from runcomfy_client import PollPolicy
from runcomfy_client.testing import FakeRunComfy, ManualClock, Timings

MODEL = "wan-ai/wan-2-6/image-to-image"
BODY = {"prompt": "a lighthouse", "image_urls": ["https://example.com/a.png"]}


def _job(duration: float, fixed: float | None) -> tuple[int, float]:
    """Status requests and completion-to-return delay of one job of ``duration`` seconds."""
    clock = ManualClock()
    timings = Timings(queue_seconds=0, run_seconds=duration, queue_polls=0, run_polls=0)
    fake = FakeRunComfy(clock=clock, timings=timings, model_ids=[MODEL])
    with fake.client() as client:
        job = client.model(MODEL).submit(BODY)
        submitted = clock()
        if fixed is None:
            job.wait(timeout=None)
        else:
            job.wait(timeout=None, poll_interval=fixed, max_poll_interval=fixed)
        returned = clock()
    return len(fake.calls("status")), returned - (submitted + duration)


def main() -> str:
    args = parse_args(__doc__ or "")
    reps = 5 if args.quick else 25
    durations = (1, 5, 10, 30, 60, 120, 300, 600)
    cap = PollPolicy().max_interval
    rows, ok_delay, ok_requests = [], True, True
    for duration in durations:
        ours = [_job(duration, None) for _ in range(reps)]
        fixed = [_job(duration, 1.0) for _ in range(3)]
        requests = [n for n, _ in ours]
        delays = [d for _, d in ours]
        fixed_requests = max(n for n, _ in fixed)
        ok_delay &= max(delays) <= cap
        if duration >= 10:
            ok_requests &= max(requests) < fixed_requests
        rows.append(
            [
                f"{duration} s",
                f"{median(requests):.0f} (max {max(requests)})",
                f"{median(delays):.2f} s (max {max(delays):.2f} s)",
                fixed_requests,
                f"{max(n for n, _ in fixed) / median(requests):.1f}x",
                f"{max(d for _, d in fixed):.2f} s",
            ]
        )
    text = table(
        f"Polling a job of T seconds (default policy: {reps} runs each; virtual time)",
        [
            "T",
            "status requests",
            "completion -> return",
            "fixed 1 s: requests",
            "fixed / ours",
            "fixed 1 s: delay",
        ],
        rows,
    )
    text += table(
        "Polling targets",
        ["target", "verdict"],
        [
            [f"delay <= backoff cap ({cap:.0f} s), every run", verdict(ok_delay)],
            ["fewer requests than fixed 1 s polling for T >= 10 s", verdict(ok_requests)],
        ],
    )
    return text


if __name__ == "__main__":
    main()
