"""The README's Python examples run as written, against the fake server on loopback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from runcomfy_client.testing import FakeRunComfy

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


def test_readme_has_a_sync_and_an_async_example() -> None:
    assert any("RunComfy()" in b for b in BLOCKS)
    assert any("AsyncRunComfy()" in b for b in BLOCKS)


@pytest.mark.parametrize("block", BLOCKS, ids=[f"example-{i}" for i in range(len(BLOCKS))])
def test_readme_example_runs(block: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeRunComfy()  # real clock, default timings: a few polls, well under a second
    with fake.serve() as server:
        monkeypatch.setenv("RUNCOMFY_BASE_URL", server.url)
        monkeypatch.setenv("RUNCOMFY_API_KEY", "readme-key")
        exec(compile(block, str(README), "exec"), {"__name__": "readme_example"})
    assert len(fake.calls("submit")) == 1
