# generated from templates/runtime/cli/_session.py by runcomfy-codegen; do not edit
"""What every command works with: the output, a client (real or fake), and the fake if any."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

import httpx

from .._core import require_key
from .._credentials import resolve_credentials
from .._urls import Endpoints, resolve_base_url
from ._exit import UsageError
from ._output import Output

if TYPE_CHECKING:
    from .._clients import AsyncRunComfy, RunComfy
    from ..testing import FakeRunComfy

__all__ = ["FAKE_TIMINGS", "Session", "make_fake"]

FAKE_TIMINGS = ("demo", "fast", "instant")


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


def checked_base_url(explicit: str | None) -> str:
    """``--base-url``, else the environment's; a bad one is a usage error naming its source."""
    url, source = resolve_base_url(explicit)
    try:
        Endpoints.parse(url)
    except ValueError as exc:
        where = "--base-url" if source == "base_url" else source
        raise UsageError(f"{where}: {exc}") from None
    return url


@dataclass
class Session:
    """Built once per command from the global options."""

    output: Output = field(default_factory=Output)
    fake_timings: str | None = None  # None: the real API (or --base-url)
    base_url: str | None = None
    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    fake: FakeRunComfy | None = None
    _client: RunComfy | None = None

    @property
    def out(self) -> TextIO:
        return self.output.out

    @property
    def err(self) -> TextIO:
        return self.output.err

    @property
    def uses_fake(self) -> bool:
        return self.fake_timings is not None

    def client(self) -> RunComfy:
        if self._client is None:
            if self.fake_timings is not None:
                self.fake = make_fake(self.fake_timings)
                self._client = self.fake.client()
            else:
                self._check_real_api()
                from .._clients import RunComfy

                self._client = RunComfy(base_url=self.base_url)  # None: the environment's
        return self._client

    def async_client(self) -> AsyncRunComfy:
        """An asyncio client, for a command that drives many jobs at once (``batch``); the
        caller closes it."""
        if self.fake_timings is not None:
            self.fake = self.fake or make_fake(self.fake_timings)
            return self.fake.async_client()
        self._check_real_api()
        from .._clients import AsyncRunComfy

        return AsyncRunComfy(base_url=self.base_url)

    def _check_real_api(self) -> None:
        checked_base_url(self.base_url)
        # No key, an expired one or an unreadable token file: stop before any request
        # (AuthenticationError, exit 77), as the client itself would at its first one.
        require_key(resolve_credentials(), now=time.time())

    def download_http(self) -> httpx.Client | None:
        """The HTTP client for output downloads: the fake's transport when running in-process."""
        if self.fake is None:
            return None
        return httpx.Client(transport=self.fake.transport())

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
