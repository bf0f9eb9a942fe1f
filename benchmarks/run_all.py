"""Run every benchmark in turn, each in its own interpreter; ``--quick`` for the short set.

    python benchmarks/run_all.py [--quick]      # or: nox -s bench [-- --quick]

The quick set takes under two minutes on a 2-core machine; the full set about ten.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import SUMMARY_ENV, table

HERE = Path(__file__).resolve().parent
SCRIPTS = (
    "bench_generate.py",
    "bench_wide_schema.py",
    "bench_import.py",
    "bench_client.py",
    "bench_validation.py",
    "bench_concurrency.py",
    "bench_polling.py",
    "bench_batch.py",
)


def main() -> int:
    extra = [arg for arg in sys.argv[1:] if arg == "--quick"]
    failed = []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-summary-") as tmp:
        summary = Path(tmp) / "summary.jsonl"
        summary.touch()
        env = {**os.environ, SUMMARY_ENV: str(summary)}
        for script in SCRIPTS:
            print(f"## {script} {' '.join(extra)}".rstrip(), flush=True)
            began = time.perf_counter()
            done = subprocess.run(
                [sys.executable, str(HERE / script), *extra], env=env, check=False
            )
            print(f"({script}: {time.perf_counter() - began:.0f} s)\n", flush=True)
            if done.returncode != 0:
                failed.append(script)
        rows = [json.loads(line) for line in summary.read_text(encoding="utf-8").splitlines()]
    table(
        "Summary: the performance targets, each against its baseline measured in this run",
        ["what", "measured", "baseline (same run)", "goal", "verdict"],
        [
            [
                r["what"],
                r["measured"],
                r["baseline"],
                r["goal"],
                "-" if r["met"] is None else ("met" if r["met"] else "MISSED"),
            ]
            for r in rows
        ],
    )
    print(f"all benchmarks: {time.perf_counter() - start:.0f} s", flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
