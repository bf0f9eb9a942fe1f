"""Fixtures of the CLI tests: the runner with a test key, and a fake on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cli_runner import Cli
from runcomfy_client.testing import FakeRunComfy


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.delenv("RUNCOMFY_BASE_URL", raising=False)
    monkeypatch.setenv("RUNCOMFY_API_KEY", "sk-cli-test")
    return Cli()


@pytest.fixture
def served() -> Iterator[tuple[FakeRunComfy, str]]:
    """A fake on loopback (poll-driven states, so fast polling finishes a job at once)."""
    fake = FakeRunComfy()
    with fake.serve() as server:
        yield fake, server.url
