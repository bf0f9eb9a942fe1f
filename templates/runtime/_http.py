"""The two drivers that run the core's effect generators: one blocking, one asyncio.

They are deliberately tiny: perform ``Send`` with httpx, ``Sleep`` with the client's ``sleep``
(``time.sleep`` / ``asyncio.sleep`` unless the client was given another), hand ``Emit`` to a
callback or an iterator. No decision is made here.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, TypeVar

import httpx

from ._protocol import (
    Effect,
    Emit,
    HttpRequest,
    HttpResponse,
    Outcome,
    Send,
    Sleep,
    Step,
    TransportFailure,
)
from ._status import JobStatus

__all__ = ["AsyncDriver", "SyncDriver"]

T = TypeVar("T")
OnUpdate = Callable[[JobStatus], object]
MAX_IN_FLIGHT = 100  # httpx's default pool size (httpx.Limits(max_connections=100))


def _build(http: httpx.Client | httpx.AsyncClient, request: HttpRequest) -> httpx.Request:
    return http.build_request(
        request.method, request.url, json=request.json, headers=dict(request.headers)
    )


def _read(response: httpx.Response) -> HttpResponse:
    headers = {name.lower(): value for name, value in response.headers.items()}
    return HttpResponse(response.status_code, headers, response.content)


class SyncDriver:
    """Runs effect generators with a blocking ``httpx.Client``."""

    def __init__(self, http: httpx.Client, sleep: Callable[[float], None] = time.sleep) -> None:
        self.http = http
        self.sleep = sleep

    def perform(self, effect: Send | Sleep) -> Outcome:
        if isinstance(effect, Sleep):
            if effect.seconds > 0:
                self.sleep(effect.seconds)
            return None
        try:
            # Redirects are not followed: the API never redirects, and a redirect could lead the
            # key elsewhere.
            response = self.http.send(_build(self.http, effect.request), follow_redirects=False)
            try:
                response.read()
            finally:
                response.close()
        except httpx.RequestError as exc:  # transport errors, and a body that cannot be decoded
            return TransportFailure(exc)
        return _read(response)

    def run(self, step: Step[T], on_update: OnUpdate | None = None) -> T:
        """Run ``step`` to completion; ``Emit`` goes to ``on_update``."""
        outcome: Outcome = None
        try:
            while True:
                try:
                    effect = step.send(outcome)
                except StopIteration as stop:
                    result: T = stop.value
                    return result
                outcome = self._handle(effect, on_update)
        finally:
            step.close()

    def iterate(self, step: Step[Any]) -> Iterator[JobStatus]:
        """Run ``step``, yielding each emitted status to the caller."""
        outcome: Outcome = None
        try:
            while True:
                try:
                    effect = step.send(outcome)
                except StopIteration:
                    return
                if isinstance(effect, Emit):
                    outcome = None
                    yield effect.status
                else:
                    outcome = self.perform(effect)
        finally:
            step.close()

    def _handle(self, effect: Effect, on_update: OnUpdate | None) -> Outcome:
        if isinstance(effect, Emit):
            if on_update is not None:
                on_update(effect.status)
            return None
        return self.perform(effect)


class AsyncDriver:
    """Runs effect generators with an ``httpx.AsyncClient``. Cancelling the awaiting task stops
    at once: the ``CancelledError`` leaves the sleep or the request and closes the generator."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        max_in_flight: int = MAX_IN_FLIGHT,
    ) -> None:
        self.http = http
        self.sleep = sleep
        # Requests beyond the connection pool's size wait here, not in httpcore's pool: the pool
        # rescans every queued request against every connection each time one is queued or
        # released, so 1,000 jobs polling at once made the client CPU-bound (quadratic).
        self._slots = asyncio.Semaphore(max_in_flight)

    async def perform(self, effect: Send | Sleep) -> Outcome:
        if isinstance(effect, Sleep):
            if effect.seconds > 0:
                await self.sleep(effect.seconds)
            return None
        try:
            async with self._slots:
                # Not following redirects: see SyncDriver.perform.
                response = await self.http.send(
                    _build(self.http, effect.request), follow_redirects=False
                )
                try:
                    await response.aread()
                finally:
                    await response.aclose()
        except httpx.RequestError as exc:  # transport errors, and a body that cannot be decoded
            return TransportFailure(exc)
        return _read(response)

    async def run(self, step: Step[T], on_update: OnUpdate | None = None) -> T:
        """Run ``step`` to completion; ``Emit`` goes to ``on_update`` (awaited if it is async)."""
        outcome: Outcome = None
        try:
            while True:
                try:
                    effect = step.send(outcome)
                except StopIteration as stop:
                    result: T = stop.value
                    return result
                if isinstance(effect, Emit):
                    outcome = None
                    if on_update is not None:
                        maybe = on_update(effect.status)
                        if inspect.isawaitable(maybe):
                            await maybe
                else:
                    outcome = await self.perform(effect)
        finally:
            step.close()

    async def iterate(self, step: Step[Any]) -> AsyncIterator[JobStatus]:
        """Run ``step``, yielding each emitted status to the caller."""
        outcome: Outcome = None
        try:
            while True:
                try:
                    effect = step.send(outcome)
                except StopIteration:
                    return
                if isinstance(effect, Emit):
                    outcome = None
                    yield effect.status
                else:
                    outcome = await self.perform(effect)
        finally:
            step.close()
