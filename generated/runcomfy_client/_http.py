# generated from templates/runtime/_http.py by runcomfy-codegen; do not edit
"""The two drivers that run the core's effect generators: one blocking, one asyncio.

They are deliberately tiny: perform ``Send`` with httpx, ``Sleep`` with the client's ``sleep``
(``time.sleep`` / ``asyncio.sleep`` unless the client was given another), hand ``Emit`` to a
callback or an iterator. No decision is made here. Every request passes through ``perform``:
its body is read within the size cap (``_decoding.BodyReader``) and the request within its time
budget (``_deadlines``).
"""

from __future__ import annotations

import inspect
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from typing import Any, TypeVar

import httpx

from ._deadlines import RequestGuard, async_budget, per_operation, timed_out
from ._decoding import DEFAULT_MAX_RESPONSE_BYTES, BodyReader
from ._protocol import (
    Effect,
    Emit,
    HttpRequest,
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


class _Requests:
    """Builds the httpx request of each ``HttpRequest`` with its client's ``build_request``, from
    the parts it keeps instead of rebuilding them every time: the parsed URL (a job's status URL
    is polled again and again), the header set and the per-operation timeouts. Held by one
    driver (the header sets carry the client's key, so they live and die with it); each part is
    bounded, and dropped whole when full.
    """

    _KEEP = 256

    def __init__(self, http: httpx.Client | httpx.AsyncClient) -> None:
        self.http = http
        self._urls: dict[str, httpx.URL] = {}
        self._headers: dict[tuple[tuple[str, str], ...], httpx.Headers] = {}
        self._timeouts: dict[float | None, httpx.Timeout] = {}

    def build(
        self, request: HttpRequest, extensions: dict[str, Any] | None = None
    ) -> httpx.Request:
        return self.http.build_request(
            request.method,
            self._url(request.url),
            json=request.json,
            headers=self._header_set(request.headers),
            timeout=self._timeout(request.timeout),
            extensions=extensions,
        )

    def _url(self, url: str) -> httpx.URL:
        return _kept(self._urls, url, lambda: httpx.URL(url), self._KEEP)

    def _header_set(self, headers: Mapping[str, str]) -> httpx.Headers:
        # build_request merges these into a new Headers object; this one is never changed.
        key = tuple(headers.items())
        return _kept(self._headers, key, lambda: httpx.Headers(dict(key)), self._KEEP)

    def _timeout(self, budget: float | None) -> httpx.Timeout:
        # Keyed by the budget alone: the client's configured timeout does not change.
        return _kept(
            self._timeouts, budget, lambda: per_operation(self.http.timeout, budget), self._KEEP
        )


K = TypeVar("K")
V = TypeVar("V")


def _kept(table: dict[K, V], key: K, make: Callable[[], V], keep: int) -> V:
    """``table[key]``, made and kept the first time; a full table is emptied first."""
    value = table.get(key)
    if value is None:
        if len(table) >= keep:
            table.clear()
        value = table[key] = make()
    return value


def _headers(response: httpx.Response) -> dict[str, str]:
    return {name.lower(): value for name, value in response.headers.items()}


def _reader(response: httpx.Response, headers: dict[str, str], limit: int) -> BodyReader:
    """A reader for the body; an in-memory answer (a transport that built the whole response,
    such as ``httpx.MockTransport``) was read and decoded by httpx already."""
    if response.is_stream_consumed:
        reader = BodyReader(headers, limit, decoded=True)
        reader.feed(response.content)
        return reader
    return BodyReader(headers, limit)


class SyncDriver:
    """Runs effect generators with a blocking ``httpx.Client``."""

    def __init__(
        self,
        http: httpx.Client,
        sleep: Callable[[float], None] = time.sleep,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self.http = http
        self.sleep = sleep
        self.max_response_bytes = max_response_bytes
        self._guard = RequestGuard()
        self._requests = _Requests(http)

    def perform(self, effect: Send | Sleep) -> Outcome:
        if isinstance(effect, Sleep):
            if effect.seconds > 0:
                self.sleep(effect.seconds)
            return None
        budget = effect.request.timeout
        ticket = self._guard.start(budget)
        try:
            # Redirects are not followed: the API never redirects, and a redirect could lead the
            # key elsewhere.
            trace = {"trace": self._guard.tracer(ticket)} if budget is not None else None
            request = self._requests.build(effect.request, trace)
            response = self.http.send(request, stream=True, follow_redirects=False)
            try:
                self._guard.attach(ticket, response.extensions.get("network_stream"))
                headers = _headers(response)
                body = _reader(response, headers, self.max_response_bytes)
                for chunk in () if response.is_stream_consumed else response.iter_raw():
                    if not body.feed(chunk):
                        break  # over the cap: the rest is never read
                return body.answer(response.status_code, headers)
            finally:
                response.close()
        except httpx.RequestError as exc:  # transport errors, and a body that cannot be decoded
            # Shut down at the deadline: the read failed because its time was up.
            return TransportFailure(timed_out(budget) if ticket.expired else exc)
        finally:
            self._guard.stop(ticket)

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
        sleep: Callable[[float], Awaitable[None]] | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        max_in_flight: int = MAX_IN_FLIGHT,
    ) -> None:
        # asyncio (and what it loads: subprocess, signal, concurrent.futures) is imported by
        # the async client only: importing the package, or using the blocking client, spares it.
        import asyncio

        self.http = http
        self.sleep = asyncio.sleep if sleep is None else sleep
        self.max_response_bytes = max_response_bytes
        self.max_in_flight = max_in_flight  # read by the batch: a submit must not wait here
        self._requests = _Requests(http)
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
            async with async_budget(effect.request.timeout), self._slots:
                # Not following redirects: see SyncDriver.perform.
                request = self._requests.build(effect.request)
                response = await self.http.send(request, stream=True, follow_redirects=False)
                try:
                    headers = _headers(response)
                    body = _reader(response, headers, self.max_response_bytes)
                    if not response.is_stream_consumed:
                        async for chunk in response.aiter_raw():
                            if not body.feed(chunk):
                                break  # over the cap: the rest is never read
                    return body.answer(response.status_code, headers)
                finally:
                    await response.aclose()
        except httpx.RequestError as exc:  # transport errors, and a body that cannot be decoded
            return TransportFailure(exc)

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
