"""Fixtures of the batch tests: a fake on virtual time, and one runner for both clients."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from batch_support import Collect
from runcomfy_client import BatchItem
from runcomfy_client.testing import FakeRunComfy, ManualClock


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RUNCOMFY_API_KEY", raising=False)
    monkeypatch.delenv("RUNCOMFY_BASE_URL", raising=False)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def fake(clock: ManualClock) -> FakeRunComfy:
    return FakeRunComfy(clock=clock)


@pytest.fixture(params=["sync", "async"])
def flavour(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def collect(fake: FakeRunComfy, flavour: str) -> Iterator[Collect]:
    """``await collect(model, inputs, **options)``: every item of a batch, with the client of
    the current flavour (on the fake's virtual time); ``client_options`` go to the client."""
    clients: list[Any] = []

    async def run(
        model: Any, inputs: Any, *, client_options: dict[str, Any] | None = None, **options: Any
    ) -> list[BatchItem[Any]]:
        if flavour == "sync":
            client = fake.client(**(client_options or {}))
            clients.append(client)
            return list(client.batch(model, inputs, **options))
        client = fake.async_client(**(client_options or {}))
        clients.append(client)
        return [item async for item in client.batch(model, inputs, **options)]

    yield run
    for client in clients:
        if flavour == "sync":
            client.close()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``slow`` tests run only when asked for (``pytest -m slow``, ``nox -s batch_kill``)."""
    if "slow" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="heavy variant: run with -m slow (nox -s batch_kill)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
