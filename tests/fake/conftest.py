"""Fixtures of the fake server tests: a fake on a frozen clock and raw HTTP to it."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fake_wire import AUTH, Wire
from runcomfy_client.testing import FakeRunComfy, ManualClock


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def fake(clock: ManualClock) -> FakeRunComfy:
    return FakeRunComfy(clock=clock)


@pytest.fixture
def http(fake: FakeRunComfy) -> Iterator[httpx.Client]:
    with httpx.Client(
        transport=fake.transport(),
        base_url="https://fake.runcomfy.test",
        headers=AUTH,
    ) as client:
        yield client


@pytest.fixture
def wire(http: httpx.Client) -> Wire:
    return Wire(http)
