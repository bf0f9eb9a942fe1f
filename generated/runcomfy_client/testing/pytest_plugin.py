# generated from templates/runtime/testing/pytest_plugin.py by runcomfy-codegen; do not edit
"""The ``runcomfy_fake`` pytest fixture, registered through the ``pytest11`` entry point.

Installing the client makes it available in every test suite::

    def test_my_pipeline(runcomfy_fake):
        client = runcomfy_fake.client()
        out = client.wan_ai.wan_2_6.image_to_image.run(prompt="...", image_urls=[...])
        assert len(runcomfy_fake.calls("submit")) == 1

    @pytest.mark.runcomfy_fake(failure_rate=1.0)   # keyword arguments of FakeRunComfy
    def test_failures_are_reported(runcomfy_fake): ...

This module imports nothing heavy at load time: pytest loads it in every session of every
project that has the client installed, and a broken import here would break all of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from . import FakeRunComfy

MARKER = "runcomfy_fake"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(**options): FakeRunComfy keyword arguments for the runcomfy_fake fixture",
    )


@pytest.fixture
def runcomfy_fake(request: pytest.FixtureRequest) -> Iterator[FakeRunComfy]:
    """A fresh ``FakeRunComfy`` per test; ``client()`` and ``async_client()`` are wired to it."""
    from . import FakeRunComfy, ManualClock

    # A frozen clock: clients from runcomfy_fake.client() then run on virtual time (instant).
    options: dict[str, object] = {"clock": ManualClock()}
    for marker in reversed(list(request.node.iter_markers(MARKER))):
        options.update(marker.kwargs)  # the closest marker (the test's own) wins
    yield FakeRunComfy(**options)  # type: ignore[arg-type]
