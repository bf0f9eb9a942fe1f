"""Shared helpers of the benchmark scripts: timing, medians, subprocesses and table printing.

Every figure is a median of several runs, and every ratio is against a baseline measured in the
same run on the same machine, so the tables stay meaningful on a busy or slower machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(sys.executable).parent


def parse_args(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--quick", action="store_true", help="fewer sizes and repetitions (the whole set < 2 min)"
    )
    return parser.parse_args()


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(cmd: Sequence[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> float:
    """Wall time of one command (fails loudly: a broken run must not print a fast figure)."""
    start = time.perf_counter()
    done = subprocess.run(
        list(cmd), env=env, cwd=cwd, capture_output=True, text=True, check=False, timeout=900
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )
    return elapsed


def run_cpu(cmd: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall time and CPU time (user + system, the command's own subprocesses included) of one
    command; CPU time is the steadier figure on a shared machine."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = run(cmd, env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def env_with(**extra: str) -> dict[str, str]:
    """The environment for a measured process: ours, ``.pyc`` files written as on a user's
    machine (without them every import compiles from source), plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra)
    return env


def table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table (pasted as is into benchmarks/README.md)."""
    cells = [[str(c) for c in header], *[[_fmt(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [f"### {title}", ""]
    for index, row in enumerate(cells):
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if index == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    text = "\n".join(lines) + "\n"
    print(text, flush=True)
    return text


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
    return str(value)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def secs(seconds: float) -> str:
    return f"{seconds:.2f} s"


def ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:.2f}x" if baseline > 0 else "n/a"


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


SUMMARY_ENV = "RUNCOMFY_BENCH_SUMMARY"
"""``run_all.py`` points this at a file; each script adds its headline figures to it."""


def record(what: str, measured: str, baseline: str, goal: str, met: bool | None) -> None:
    """One row of the summary table that ``run_all.py`` prints last (no-op when a script runs
    alone). ``met`` None: a reference figure without a target."""
    path = os.environ.get(SUMMARY_ENV)
    if not path:
        return
    row = {"what": what, "measured": measured, "baseline": baseline, "goal": goal, "met": met}
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(row) + "\n")


def installed(module: str) -> bool:
    """True when ``module`` can be imported here (peers come with ``nox -s bench-peers``)."""
    import importlib.util

    return importlib.util.find_spec(module) is not None


PEERS_HINT = "not installed here: run `nox -s bench-peers`"
