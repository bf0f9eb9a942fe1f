# generated from templates/runtime/cli/_session.py by runcomfy-codegen; do not edit
"""What every command works with: a client (real or fake), the streams, and the fake if any."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

import httpx

from .._client import API_KEY_ENV

if TYPE_CHECKING:
    from .._clients import RunComfy
    from ..testing import FakeRunComfy

__all__ = ["FAKE_TIMINGS", "MissingKeyError", "Session", "make_fake"]

FAKE_TIMINGS = ("demo", "fast", "instant")


class MissingKeyError(Exception):
    """No API key and no ``--fake``: the message says how to fix it."""

    def __init__(self) -> None:
        super().__init__(
            f"no API key: set {API_KEY_ENV} (export {API_KEY_ENV}=<key from your RunComfy "
            "profile page>), or add --fake to run against an in-process fake server"
        )


def make_fake(
    timings: str, *, models: list[dict[str, Any]] | None = None, **options: Any
) -> FakeRunComfy:
    """A fake with the named timings: ``demo`` takes a few real seconds per job, ``fast`` runs
    through every state on virtual time (no waiting), ``instant`` finishes at the first poll."""
    from ..testing import FakeRunComfy, ManualClock, Timings

    if timings == "demo":
        return FakeRunComfy(models=models, timings=Timings.demo(), **options)
    if timings == "fast":
        return FakeRunComfy(models=models, clock=ManualClock(), **options)
    if timings == "instant":
        return FakeRunComfy(models=models, timings=Timings.instant(), **options)
    raise ValueError(f"unknown fake timings {timings!r}; choose from {', '.join(FAKE_TIMINGS)}")


@dataclass
class Session:
    """Built once per command from the global options."""

    fake_timings: str | None = None  # None: the real API (or --base-url)
    base_url: str | None = None
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    fake: FakeRunComfy | None = None
    _client: RunComfy | None = None

    def client(self) -> RunComfy:
        if self._client is None:
            if self.fake_timings is not None:
                self.fake = make_fake(self.fake_timings)
                self._client = self.fake.client()
            else:
                if not os.environ.get(API_KEY_ENV):
                    raise MissingKeyError
                from .._clients import RunComfy

                self._client = RunComfy(base_url=self.base_url)
        return self._client

    def download_http(self) -> httpx.Client | None:
        """The HTTP client for output downloads: the fake's transport when running in-process."""
        if self.fake is None:
            return None
        return httpx.Client(transport=self.fake.transport())

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
