"""Fixtures of the runtime tests. Most tests run twice, once per client (``flavour``), with one
test body: calls go through ``resolve()``, which awaits what the async client returns."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
import respx
from runcomfy_client.testing import ManualClock
from runtime_support import BASE_URL, AsyncEcho, Echo, make_client, virtual_time


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # A developer's own key or base URL must not leak into (or change) the tests.
    monkeypatch.delenv("RUNCOMFY_API_KEY", raising=False)
    monkeypatch.delenv("RUNCOMFY_BASE_URL", raising=False)


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    """The mocked API; any request it has no route for fails the test (no network)."""
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        yield router


@pytest.fixture(name="fake_time")
def _fake_time() -> ManualClock:
    return virtual_time()


@pytest.fixture(params=["sync", "async"])
def flavour(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def client(flavour: str, fake_time: ManualClock) -> AsyncIterator[Any]:
    made = make_client(flavour, fake_time)
    yield made
    if flavour == "sync":
        made.close()
    else:
        await made.close()


@pytest.fixture
def echo(client: Any, flavour: str) -> Any:
    """The test model's resource on the current client."""
    return Echo(client) if flavour == "sync" else AsyncEcho(client)
