"""The README's Python examples run as written, against the fake server."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from runcomfy_client.testing import FakeRunComfy, ManualClock

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


def test_readme_has_a_sync_an_async_and_a_fixture_example() -> None:
    assert any("RunComfy()" in b for b in BLOCKS)
    assert any("AsyncRunComfy()" in b for b in BLOCKS)
    assert any("def test_" in b and "runcomfy_fake" in b for b in BLOCKS)


@pytest.mark.parametrize("block", BLOCKS, ids=[f"example-{i}" for i in range(len(BLOCKS))])
def test_readme_example_runs(block: str, monkeypatch: pytest.MonkeyPatch) -> None:
    namespace: dict[str, Any] = {"__name__": "readme_example"}
    fake = FakeRunComfy()  # real clock, default timings: a few polls, well under a second
    with fake.serve() as server:
        monkeypatch.setenv("RUNCOMFY_BASE_URL", server.url)
        monkeypatch.setenv("RUNCOMFY_API_KEY", "readme-key")
        exec(compile(block, str(README), "exec"), namespace)
    tests = [f for name, f in namespace.items() if name.startswith("test_") and callable(f)]
    if tests:  # an example of a user's test: run it as pytest would, with the fixture's fake
        fake = FakeRunComfy(clock=ManualClock())
        for test in tests:
            test(runcomfy_fake=fake)
    assert len(fake.calls("submit")) == 1
