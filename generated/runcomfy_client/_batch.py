# generated from templates/runtime/_batch.py by runcomfy-codegen; do not edit
"""``client.batch(model, inputs, ...)``: many inputs through one model, durable and resumable.

The batch logic is ``_batch_scheduler.Scheduler`` (no I/O); this module holds the two drivers
that run it (the clients' ``batch`` methods, in ``_batch_methods``, import it at their first call):

* ``BatchRun`` (``RunComfy.batch``): requests run on a thread pool with the client's blocking
  driver; the scheduler and the journal stay on the caller's thread, between ``next()`` calls;
* ``AsyncBatchRun`` (``AsyncRunComfy.batch``): requests run as asyncio tasks with the client's
  async driver, all on the event loop.

Both wait for "the next completion, or the scheduler's next timer" with the client's clock and
sleep (so a fake clock makes a whole batch take no real time), and differ only in that wait.
"""

from __future__ import annotations

import contextlib
import inspect
import os
import queue
from collections.abc import AsyncGenerator, Callable, Generator, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar, cast

import httpx
from pydantic import BaseModel

from ._batch_items import BatchItem, BatchProgress, BatchUpdate
from ._files import adownload, download
from ._http import MAX_IN_FLIGHT
from ._polling import WaitOptions
from ._protocol import Send

if TYPE_CHECKING:
    import asyncio
    from concurrent.futures import Future

    from ._batch_inputs import InputSource
    from ._batch_scheduler import BatchPlan, Dispatch, Fetch, Scheduler
    from ._client import AsyncClient, SyncClient
    from ._journal import JournalMeta

__all__ = ["AsyncBatchRun", "BatchRun"]

OutT = TypeVar("OutT")
OnBatchUpdate = Callable[[BatchUpdate], object]
JournalPath = str | os.PathLike[str] | None
_DOWNLOAD_TIMEOUT = 60.0


@dataclass(frozen=True, slots=True)
class _Setup:
    """A batch before it starts: what the driver needs besides the client."""

    plan: BatchPlan
    source: InputSource
    journal: JournalPath
    meta: JournalMeta
    on_update: OnBatchUpdate | None


def _setup(
    client: SyncClient | AsyncClient,
    resource: Any,
    inputs: Iterable[BaseModel | Mapping[str, Any]] | InputSource,
    *,
    journal: JournalPath,
    concurrency: int,
    on_update: OnBatchUpdate | None,
    download: str | os.PathLike[str] | None,
    shard: str | tuple[int, int] | None,
    retry_failed: bool,
    resubmit_uncertain: bool,
    poll_interval: float | None,
    max_poll_interval: float | None,
) -> _Setup:
    """Check every option now, at the call, not at the first item."""
    # The batch machinery (and sqlite3) is imported when a batch is made, not with the client.
    from ._batch_inputs import FileSource, IterableSource, Shard
    from ._batch_scheduler import BatchPlan
    from ._journal import JournalMeta

    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ValueError(f"concurrency must be a whole number >= 1, got {concurrency!r}")
    for name, value in (("poll_interval", poll_interval), ("max_poll_interval", max_poll_interval)):
        if value is not None and not value >= 0:
            raise ValueError(f"{name} must be >= 0, got {value!r}")
    parts = Shard.parse(shard) if shard is not None else None
    source: InputSource
    if isinstance(inputs, FileSource | IterableSource):
        source = inputs
    elif isinstance(inputs, str | bytes | os.PathLike | Mapping | BaseModel):
        raise TypeError(
            "inputs must be an iterable of inputs (mappings or input models), e.g. a list; "
            "for a JSONL file use the CLI: runcomfy-py batch MODEL FILE.jsonl"
        )
    else:
        source = IterableSource(cast(Iterable[Any], inputs), parts)
    plan = BatchPlan(
        core=client._core,
        model_id=resource.model_id,
        input_model=resource.input_model,
        parse_output=resource._parse_output,
        concurrency=concurrency,
        wait=WaitOptions(None, poll_interval, max_poll_interval),
        download=None if download is None else Path(download),
        retry_failed=retry_failed,
        resubmit_uncertain=resubmit_uncertain,
    )
    meta = JournalMeta(
        resource.model_id, source.key_name, source.description, "" if parts is None else str(parts)
    )
    return _Setup(plan, source, journal, meta, on_update)


def _fetch_client(scheduler: Scheduler, effect: Fetch) -> bool:
    """Whether a download goes through the API client's own HTTP client: only when every URL is
    on the API's origin (a fake server serving its own files). It never carries the key: the
    core adds it per request. Other hosts get a plain client."""
    from ._files import output_urls

    urls = output_urls(effect.output)
    return bool(urls) and all(scheduler.core.endpoints.is_same_origin(url) for url in urls)


class _RunBase:
    def __init__(self, setup: _Setup) -> None:
        self._setup = setup
        self._scheduler: Scheduler | None = None

    @property
    def progress(self) -> BatchProgress | None:
        """The batch's counts now (None before the first item is asked for)."""
        return None if self._scheduler is None else self._scheduler.progress()

    def _open(self, request_slots: int) -> Scheduler:
        """The scheduler, told how many requests its driver performs at once."""
        import dataclasses

        from ._batch_scheduler import Scheduler
        from ._journal import Journal

        setup = self._setup
        plan = dataclasses.replace(setup.plan, request_slots=request_slots)
        journal = Journal.open(setup.journal, setup.meta)
        self._scheduler = Scheduler(plan, journal, setup.source)
        return self._scheduler


class BatchRun(_RunBase, Generic[OutT]):
    """A running batch (blocking): iterate for one ``BatchItem`` per input, as each finishes.

    Nothing starts before the first item is asked for. Leaving the loop early (or ``close()``)
    stops the batch; the journal keeps its state, so the same call resumes it.
    """

    def __init__(self, client: SyncClient, setup: _Setup) -> None:
        super().__init__(setup)
        self._client = client
        self._items: Generator[BatchItem[OutT], None, None] | None = None

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> BatchItem[OutT]:
        if self._items is None:
            self._items = self._run()
        return next(self._items)

    def close(self) -> None:
        """Stop the batch (requests in flight are abandoned; the journal is closed)."""
        if self._items is not None:
            self._items.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _run(self) -> Generator[BatchItem[OutT], None, None]:
        from concurrent.futures import ThreadPoolExecutor

        workers = min(MAX_IN_FLIGHT, self._setup.plan.concurrency * 2)
        scheduler = self._open(workers)
        driver, on_update = self._client._driver, self._setup.on_update
        done: queue.SimpleQueue[tuple[int, Future[Any]]] = queue.SimpleQueue()
        in_flight = 0
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="runcomfy-batch")
        downloads: list[httpx.Client] = []  # made at the first download (a TLS context)

        def perform(effect: Dispatch) -> Any:
            if isinstance(effect, Send):
                return driver.perform(effect)
            if _fetch_client(scheduler, effect):
                http = driver.http
            else:
                if not downloads:
                    downloads.append(httpx.Client(follow_redirects=True, timeout=_DOWNLOAD_TIMEOUT))
                http = downloads[0]
            try:
                return download(effect.output, effect.directory, http_client=http)
            except (OSError, httpx.HTTPError) as exc:
                return exc

        completions: list[tuple[int, Any]] = []
        try:
            while True:
                actions = scheduler.advance(completions)
                completions = []
                if on_update is not None:
                    for update in actions.updates:
                        on_update(update)
                yield from actions.items
                if actions.finished:
                    if actions.error is not None:
                        raise actions.error
                    return
                for token, effect in actions.dispatch:
                    pool.submit(perform, effect).add_done_callback(_signal(done.put, token))
                    in_flight += 1
                wait = None if actions.wake_at is None else actions.wake_at - scheduler.core.clock()
                if in_flight:
                    with contextlib.suppress(queue.Empty):
                        completions.append(_outcome(*done.get(timeout=_real(wait))))
                    while not done.empty():
                        completions.append(_outcome(*done.get_nowait()))
                    in_flight -= len(completions)
                elif wait is not None:
                    driver.sleep(max(0.0, wait))
                else:  # pragma: no cover - a scheduler bug: fail rather than hang
                    raise RuntimeError("batch scheduler stalled: nothing in flight, nothing due")
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
            for http in downloads:
                http.close()
            scheduler.journal.close()


class AsyncBatchRun(_RunBase, Generic[OutT]):
    """A running batch (asyncio): ``async for item in client.batch(...)``. See ``BatchRun``;
    ``on_update`` may also be a coroutine function."""

    def __init__(self, client: AsyncClient, setup: _Setup) -> None:
        super().__init__(setup)
        self._client = client
        self._items: AsyncGenerator[BatchItem[OutT], None] | None = None

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> BatchItem[OutT]:
        if self._items is None:
            self._items = self._run()
        return await anext(self._items)

    async def close(self) -> None:
        """Stop the batch (requests in flight are cancelled; the journal is closed)."""
        if self._items is not None:
            await self._items.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def _run(self) -> AsyncGenerator[BatchItem[OutT], None]:
        import asyncio  # with the async client only: the blocking one never loads it

        scheduler = self._open(self._client._driver.max_in_flight)
        driver, on_update = self._client._driver, self._setup.on_update
        done: asyncio.Queue[tuple[int, asyncio.Task[Any]]] = asyncio.Queue()
        tasks: dict[int, asyncio.Task[Any]] = {}
        downloads: list[httpx.AsyncClient] = []  # made at the first download (a TLS context)

        async def perform(effect: Dispatch) -> Any:
            if isinstance(effect, Send):
                return await driver.perform(effect)
            if _fetch_client(scheduler, effect):
                http = driver.http
            else:
                if not downloads:
                    downloads.append(
                        httpx.AsyncClient(follow_redirects=True, timeout=_DOWNLOAD_TIMEOUT)
                    )
                http = downloads[0]
            try:
                return await adownload(effect.output, effect.directory, http_client=http)
            except (OSError, httpx.HTTPError) as exc:
                return exc

        completions: list[tuple[int, Any]] = []
        try:
            while True:
                actions = scheduler.advance(completions)
                completions = []
                if on_update is not None:
                    for update in actions.updates:
                        maybe = on_update(update)
                        if inspect.isawaitable(maybe):
                            await maybe
                for item in actions.items:
                    yield item
                if actions.finished:
                    if actions.error is not None:
                        raise actions.error
                    return
                for token, effect in actions.dispatch:
                    task = asyncio.create_task(perform(effect))
                    task.add_done_callback(_signal(done.put_nowait, token))
                    tasks[token] = task
                wait = None if actions.wake_at is None else actions.wake_at - scheduler.core.clock()
                if tasks:
                    if wait is None or wait > 0:
                        with contextlib.suppress(TimeoutError):
                            done.put_nowait(await asyncio.wait_for(done.get(), wait))
                    else:
                        await asyncio.sleep(0)  # due now: still let the tasks run
                    for token, task in _drain(done):
                        del tasks[token]
                        completions.append(_outcome(token, task))
                elif wait is not None:
                    await driver.sleep(max(0.0, wait))
                else:  # pragma: no cover - a scheduler bug: fail rather than hang
                    raise RuntimeError("batch scheduler stalled: nothing in flight, nothing due")
        finally:
            for task in tasks.values():
                task.cancel()
            await asyncio.gather(*tasks.values(), return_exceptions=True)
            for http in downloads:
                await http.aclose()
            scheduler.journal.close()


FinishedT = TypeVar("FinishedT", bound="Future[Any] | asyncio.Task[Any]")


def _signal(
    put: Callable[[tuple[int, FinishedT]], None], token: int
) -> Callable[[FinishedT], None]:
    """A done-callback that queues (token, the finished future or task) for the driver."""

    def done(finished: FinishedT) -> None:
        put((token, finished))

    return done


def _real(wait: float | None) -> float | None:
    return None if wait is None else max(0.0, wait)


def _drain(
    done: asyncio.Queue[tuple[int, asyncio.Task[Any]]],
) -> list[tuple[int, asyncio.Task[Any]]]:
    found = []
    while not done.empty():
        found.append(done.get_nowait())
    return found


def _outcome(token: int, finished: Future[Any] | asyncio.Task[Any]) -> tuple[int, Any]:
    return token, finished.result()  # perform never raises for I/O failures; a bug does


def _resource(client: Any, model: Any) -> Any:
    if isinstance(model, str):
        return client.model(model)
    if hasattr(model, "model_id") and hasattr(model, "input_model"):
        return model
    raise TypeError(f"model must be a model id or a model resource, got {type(model).__name__}")
