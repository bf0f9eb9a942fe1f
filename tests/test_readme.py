"""The README's examples run as written, against the fake server: every Python example, and the
shell demo of a batch run that is killed and resumed."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from runcomfy_client.testing import FakeRunComfy, ManualClock, Timings

README = Path(__file__).resolve().parents[1] / "README.md"
TEXT = README.read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", TEXT, re.DOTALL)
(BATCH_DEMO,) = re.findall(
    r"<!-- batch-demo -->\n```bash\n(.*?)```\n<!-- /batch-demo -->", TEXT, re.S
)


def test_readme_has_a_sync_an_async_a_fixture_and_a_batch_example() -> None:
    assert any("RunComfy()" in b for b in BLOCKS)
    assert any("AsyncRunComfy()" in b for b in BLOCKS)
    assert any("def test_" in b and "runcomfy_fake" in b for b in BLOCKS)
    assert any(".batch(" in b for b in BLOCKS)


@pytest.mark.parametrize("block", BLOCKS, ids=[f"example-{i}" for i in range(len(BLOCKS))])
def test_readme_example_runs(block: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # examples may write files (a batch journal)
    namespace: dict[str, Any] = {"__name__": "readme_example"}
    # Real clock; default timings: a few polls, well under a second (a batch: at the first poll).
    fake = FakeRunComfy(timings=Timings.instant() if ".batch(" in block else None)
    with fake.serve() as server:
        monkeypatch.setenv("RUNCOMFY_BASE_URL", server.url)
        monkeypatch.setenv("RUNCOMFY_API_KEY", "readme-key")
        exec(compile(block, str(README), "exec"), namespace)
    tests = [f for name, f in namespace.items() if name.startswith("test_") and callable(f)]
    if tests:  # an example of a user's test: run it as pytest would, with the fixture's fake
        fake = FakeRunComfy(clock=ManualClock())
        for test in tests:
            test(runcomfy_fake=fake)
    # Every example runs a model, and never submits the same input twice.
    submitted = Counter(json.dumps(r.json, sort_keys=True) for r in fake.calls("submit"))
    assert submitted and max(submitted.values()) == 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_readme_batch_demo_is_killed_and_resumed_without_a_double_submit(tmp_path: Path) -> None:
    """The shell demo as written (on a free port instead of 8765): the batch is killed mid-run
    and the same command finishes it; the fake's access log shows one submit per line."""
    script = BATCH_DEMO.replace("8765", str(_free_port()))
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("RUNCOMFY_BASE_URL", None)
    done = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = [json.loads(line) for line in (tmp_path / "results.jsonl").read_text().splitlines()]
    assert [r["line"] for r in results] == list(range(1, 9))
    # A kill during a submit leaves that line uncertain (reported, not sent again).
    assert {r["status"] for r in results} <= {"succeeded", "uncertain"}
    assert done.stdout.strip().splitlines()[-1] == "8", done.stdout
    assert "8 inputs" in done.stdout  # batch status, between the two runs
