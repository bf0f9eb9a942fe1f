# generated from templates/runtime/_jobs.py by runcomfy-codegen; do not edit
"""Handles on submitted jobs: ``Job`` (blocking) and ``AsyncJob`` (asyncio).

Both are thin: each method runs one step of the shared core (``_core.py``) with the client's
driver, so the two behave the same by construction.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._contract import DEFAULT_WAIT_TIMEOUT
from ._core import JobRef
from ._polling import WaitOptions
from ._status import JobStatus

if TYPE_CHECKING:
    from ._client import AsyncClient, SyncClient

__all__ = ["AsyncJob", "Job", "JobStatus"]

OutT = TypeVar("OutT")
OnUpdate = Callable[[JobStatus], object]


class _JobBase(Generic[OutT]):
    def __init__(self, ref: JobRef, parse: Callable[[dict[str, Any]], OutT]) -> None:
        self._ref = ref
        self._parse = parse

    @property
    def request_id(self) -> str:
        """RunComfy's id of the job; resume with ``client.job(request_id, model=...)``."""
        return self._ref.request_id

    @property
    def model_id(self) -> str | None:
        """The model the job runs, when known."""
        return self._ref.model_id

    @property
    def last_status(self) -> JobStatus | None:
        """The last status seen by any call on this handle (no request is made)."""
        return self._ref.last_status

    def __repr__(self) -> str:
        last = self._ref.last_status.status if self._ref.last_status else None
        return (
            f"{type(self).__name__}(request_id={self.request_id!r}, model_id={self.model_id!r}, "
            f"last_status={last!r})"
        )


class Job(_JobBase[OutT]):
    """A submitted job (blocking API). Get one from ``submit()`` or ``client.job(request_id)``."""

    def __init__(
        self, client: SyncClient, ref: JobRef, parse: Callable[[dict[str, Any]], OutT]
    ) -> None:
        super().__init__(ref, parse)
        self._client = client

    def status(self) -> JobStatus:
        """Ask the server for the job's current status (one request, retried on failures)."""
        return self._client._driver.run(self._client._core.status(self._ref))

    def result(self) -> OutT:
        """The typed output of a finished job (one request).

        Raises ``JobNotReadyError`` while the job is queued or running, ``JobFailedError`` or
        ``JobCancelledError`` if it ended without an output.
        """
        return self._client._driver.run(self._client._core.result(self._ref, self._parse))

    def cancel(self) -> bool:
        """Cancel the job if it is still queued.

        Returns True when the job is (now) cancelled, False when it had already finished, in
        which case nothing happens. Raises ``CancelNotAllowedError`` once the job is running:
        RunComfy only cancels queued jobs.
        """
        return self._client._driver.run(self._client._core.cancel(self._ref))

    def wait(
        self,
        *,
        timeout: float | None = DEFAULT_WAIT_TIMEOUT,
        on_update: OnUpdate | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
    ) -> OutT:
        """Poll until the job ends and return its typed output.

        Args:
            timeout: seconds to wait in total (None: no limit). When it runs out,
                ``WaitTimeoutError`` carries the ``request_id`` and the last status; the job
                keeps running unless ``cancel_on_timeout`` is set.
            on_update: called with each new status (state or queue position), once each.
            poll_interval: the shortest gap between status requests (default 0.5 s; the
                first request goes out at once).
            max_poll_interval: the longest gap (default 5 s). In between, the client's poll
                policy decides: by default gaps grow x1.5 while the model is new to the client,
                and once it has seen some of the model's jobs finish, they are long early and
                short around the time the job should end (``AdaptivePollPolicy``).
            cancel_on_timeout: on timeout, ask the server to cancel the job first.
        """
        options = WaitOptions(timeout, poll_interval, max_poll_interval, cancel_on_timeout)
        step = self._client._core.wait(self._ref, self._parse, options)
        return self._client._driver.run(step, on_update)

    def updates(
        self,
        *,
        timeout: float | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
    ) -> Iterator[JobStatus]:
        """Iterate over the job's status changes until it ends (the last one is terminal).

        Polls like ``wait`` but fetches no result. ``timeout`` (default: none) raises
        ``WaitTimeoutError``; leaving the loop early stops polling.
        """
        options = WaitOptions(timeout, poll_interval, max_poll_interval)
        return self._client._driver.iterate(self._client._core.watch(self._ref, options))


class AsyncJob(_JobBase[OutT]):
    """A submitted job (asyncio API); the same methods as ``Job``, awaited."""

    def __init__(
        self, client: AsyncClient, ref: JobRef, parse: Callable[[dict[str, Any]], OutT]
    ) -> None:
        super().__init__(ref, parse)
        self._client = client

    async def status(self) -> JobStatus:
        """Ask the server for the job's current status. See ``Job.status``."""
        return await self._client._driver.run(self._client._core.status(self._ref))

    async def result(self) -> OutT:
        """The typed output of a finished job. See ``Job.result``."""
        return await self._client._driver.run(self._client._core.result(self._ref, self._parse))

    async def cancel(self) -> bool:
        """Cancel the job if it is still queued. See ``Job.cancel``."""
        return await self._client._driver.run(self._client._core.cancel(self._ref))

    async def wait(
        self,
        *,
        timeout: float | None = DEFAULT_WAIT_TIMEOUT,
        on_update: OnUpdate | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
    ) -> OutT:
        """Poll until the job ends and return its typed output. See ``Job.wait``; ``on_update``
        may also be a coroutine function. Cancelling the awaiting task stops polling at once
        (the job itself is not cancelled)."""
        options = WaitOptions(timeout, poll_interval, max_poll_interval, cancel_on_timeout)
        step = self._client._core.wait(self._ref, self._parse, options)
        return await self._client._driver.run(step, on_update)

    def updates(
        self,
        *,
        timeout: float | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
    ) -> AsyncIterator[JobStatus]:
        """Iterate (``async for``) over the job's status changes. See ``Job.updates``."""
        options = WaitOptions(timeout, poll_interval, max_poll_interval)
        return self._client._driver.iterate(self._client._core.watch(self._ref, options))
