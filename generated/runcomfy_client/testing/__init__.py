# generated from templates/runtime/testing/__init__.py by runcomfy-codegen; do not edit
"""A fake RunComfy Model API for tests and demos: no API key, no network, no cost.

Three ways to use it::

    fake = FakeRunComfy()
    client = fake.client()                 # RunComfy wired to the fake through an httpx transport
    aclient = fake.async_client()          # the same for AsyncRunComfy
    with fake.serve(port=8765) as server:  # a real HTTP server on loopback (server.url)
        ...
    # and in pytest: the ``runcomfy_fake`` fixture, installed with the client

Knobs: ``Timings`` (how long states last, in seconds and in polls), ``failure_rate`` and
``seed``, ``JobScript`` for how the next jobs end, ``Fault`` for 429/5xx/dropped connections,
an injectable ``clock`` (``ManualClock``), and ``fake.requests`` / ``fake.calls(route)``, the
record of every request received.
"""

from __future__ import annotations

from ._fake import DEFAULT_BASE_URL, FakeRunComfy
from ._lifecycle import FakeJob
from ._scenario import Fault, JobScript, ManualClock, Timings
from ._wire import FakeRequest, FakeResponse, RecordedRequest

__all__ = [
    "DEFAULT_BASE_URL",
    "FakeJob",
    "FakeRequest",
    "FakeResponse",
    "FakeRunComfy",
    "Fault",
    "JobScript",
    "ManualClock",
    "RecordedRequest",
    "Timings",
]
