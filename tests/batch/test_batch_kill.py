"""``kill -9`` of a real ``runcomfy-py batch`` process at chosen moments, then the same command.

The fake runs in this process on loopback; the batch is a separate process. The fake's request
hook (the one ``fake-server --access-log`` prints from) sends SIGKILL to the batch when the n-th
request of a route arrives, *before* the fake answers it: killed while submitting (the job was
created, its answer never read), while polling, while downloading. No sleeps: the moments are
requests, chosen from a seed. Then the same command runs to the end, and:
* 0 lost request ids: every job the fake created for a non-uncertain input is the one in the
  results; 0 double submits (uncertain inputs aside, which are reported as such);
* every output collected (the fake's own output, its file downloaded);
* ``--resubmit-uncertain`` then finishes the uncertain ones, submitting only those again.

One seed runs by default; ``nox -s batch_kill`` (``pytest -m slow``) runs many more.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from batch_support import SEED, body, check_outcome, read_results, submits_by_key, write_jsonl
from runcomfy_client.testing import FakeRunComfy, RecordedRequest

INPUTS = 16
CONCURRENCY = 4


class Killer:
    """The fake's request hook: an access log, and SIGKILL for the batch at the n-th request
    of a route (counted over the whole test)."""

    def __init__(self) -> None:
        self.log: list[str] = []
        self.seen: Counter[str] = Counter()
        self.pid: int | None = None
        self.target: tuple[str, int] | None = None
        self.killed = threading.Event()

    def __call__(self, request: RecordedRequest) -> None:
        self.log.append(f"{request.method} {request.path} {request.status_code:03d}")
        self.seen[request.route] += 1
        if self.target == (request.route, self.seen[request.route]) and self.pid is not None:
            os.kill(self.pid, signal.SIGKILL)
            self.killed.set()


@pytest.fixture
def served() -> Iterator[tuple[FakeRunComfy, Killer, str]]:
    killer = Killer()
    fake = FakeRunComfy(on_request=killer)
    with fake.serve() as server:
        yield fake, killer, server.url


def run_batch(url: str, folder: Path, killer: Killer, *extra: str) -> int:
    command = [
        sys.executable,
        "-m",
        "runcomfy_client.cli",
        "batch",
        SEED,
        str(folder / "in.jsonl"),
        "--journal",
        str(folder / "runs.db"),
        "--out",
        str(folder / "results.jsonl"),
        "--download",
        str(folder / "out"),
        "--concurrency",
        str(CONCURRENCY),
        "--poll-interval",
        "0.001",
        "--max-poll-interval",
        "0.01",
        "--quiet",
        *extra,
    ]
    env = {**os.environ, "RUNCOMFY_BASE_URL": url, "RUNCOMFY_API_KEY": "sk-kill-test"}
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    killer.pid = process.pid
    _, err = process.communicate(timeout=120)
    killer.pid = None
    if process.returncode not in (0, 3, -signal.SIGKILL):
        raise AssertionError(f"batch exited {process.returncode}: {err[-2000:]}")
    return process.returncode


def kill_plan(seed: int) -> list[tuple[str, int]]:
    """Three kills: while submitting, while polling, while downloading (counts are cumulative:
    each is the n-th such request since the test began)."""
    rng = random.Random(seed)
    submit = rng.randint(1, INPUTS // 2)
    status = rng.randint(1, 2 * INPUTS)
    return [("submit", submit), ("status", status), ("file", rng.randint(1, INPUTS // 2))]


def kill_and_resume(seed: int, served: tuple[FakeRunComfy, Killer, str], folder: Path) -> None:
    fake, killer, url = served
    write_jsonl(folder / "in.jsonl", [*[body(n) for n in range(1, INPUTS + 1)], "{bad line"])
    codes = []
    for route, count in kill_plan(seed):
        killer.target = (route, killer.seen[route] + count)
        codes.append(run_batch(url, folder, killer))
    killer.target = None
    assert -signal.SIGKILL in codes, f"no kill happened: {codes}"
    assert run_batch(url, folder, killer) == 3  # the bad line, and maybe uncertain inputs

    results = read_results(folder / "results.jsonl")
    assert sorted(results) == list(range(1, INPUTS + 2))
    assert results[INPUTS + 1]["status"] == "failed"
    statuses = {n: results[n]["status"] for n in range(1, INPUTS + 1)}
    uncertain = {n for n, status in statuses.items() if status == "uncertain"}
    assert set(statuses.values()) <= {"succeeded", "uncertain"}, statuses
    check_outcome(fake, results, range(1, INPUTS + 1))
    for n, line in results.items():
        if line["status"] == "succeeded":
            (saved,) = line["files"]
            assert Path(saved).read_bytes().startswith(b"\x89PNG"), f"line {n}: no file"
    # The access log says the same: one accepted submit per input, uncertain ones aside.
    accepted = sum(
        1 for entry in killer.log if entry.startswith("POST /v1/models/") and entry.endswith(" 200")
    )
    assert INPUTS - len(uncertain) <= accepted <= INPUTS

    assert run_batch(url, folder, killer, "--resubmit-uncertain") == 3  # the bad line only
    final = read_results(folder / "results.jsonl")
    assert all(final[n]["status"] == "succeeded" for n in range(1, INPUTS + 1))
    check_outcome(fake, final, range(1, INPUTS + 1), resubmitted=uncertain)
    twice = {n for n, count in submits_by_key(fake).items() if count > 1}
    assert twice <= uncertain


@pytest.mark.parametrize("seed", [0])
def test_kill_9_while_submitting_polling_and_downloading_then_resume(
    seed: int, served: tuple[FakeRunComfy, Killer, str], tmp_path: Path
) -> None:
    kill_and_resume(seed, served, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(1, 31))
def test_kill_9_many_seeds(
    seed: int, served: tuple[FakeRunComfy, Killer, str], tmp_path: Path
) -> None:
    kill_and_resume(seed, served, tmp_path)


def test_a_kill_while_the_results_are_written_leaves_the_old_file_whole(tmp_path: Path) -> None:
    """The results file is written to a temporary file and renamed: a death in the middle
    leaves the previous results as they were, and no partial file under the real name."""
    from runcomfy_client.cli._batch_report import write_results

    target = tmp_path / "results.jsonl"
    target.write_text('{"line": 1}\n', encoding="utf-8")

    def lines() -> Iterator[dict[str, int]]:
        yield {"line": 1}
        raise KeyboardInterrupt  # dies half way

    with pytest.raises(KeyboardInterrupt):
        write_results(lines(), str(target), stdout=None)  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == '{"line": 1}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["results.jsonl"]
