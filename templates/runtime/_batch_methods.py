"""The ``batch`` methods the clients get; the batch machinery (``_batch``, the scheduler, the
journal and sqlite3) is imported at the first call, not with the client."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, overload

from pydantic import BaseModel

if TYPE_CHECKING:
    from ._batch import AsyncBatchRun, BatchRun, JournalPath, OnBatchUpdate
    from ._client import AsyncClient, SyncClient
    from ._resource import AsyncModelResource, SyncModelResource

__all__ = ["DEFAULT_CONCURRENCY", "AsyncBatchMethods", "SyncBatchMethods"]

ModelOutT = TypeVar("ModelOutT", bound=BaseModel)
DEFAULT_CONCURRENCY = 10


class SyncBatchMethods:
    """``batch`` of the blocking client (``RunComfy``)."""

    @overload
    def batch(
        self,
        model: SyncModelResource[Any, ModelOutT],
        inputs: Iterable[BaseModel | Mapping[str, Any]],
        *,
        journal: JournalPath = None,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_update: OnBatchUpdate | None = None,
        download: str | os.PathLike[str] | None = None,
        shard: str | tuple[int, int] | None = None,
        retry_failed: bool = False,
        resubmit_uncertain: bool = False,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
    ) -> BatchRun[ModelOutT]: ...
    @overload
    def batch(
        self,
        model: str,
        inputs: Iterable[BaseModel | Mapping[str, Any]],
        *,
        journal: JournalPath = None,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_update: OnBatchUpdate | None = None,
        download: str | os.PathLike[str] | None = None,
        shard: str | tuple[int, int] | None = None,
        retry_failed: bool = False,
        resubmit_uncertain: bool = False,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
    ) -> BatchRun[Any]: ...
    def batch(
        self,
        model: Any,
        inputs: Iterable[BaseModel | Mapping[str, Any]],
        *,
        journal: JournalPath = None,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_update: OnBatchUpdate | None = None,
        download: str | os.PathLike[str] | None = None,
        shard: str | tuple[int, int] | None = None,
        retry_failed: bool = False,
        resubmit_uncertain: bool = False,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
    ) -> BatchRun[Any]:
        """Run ``model`` on every input, ``concurrency`` jobs at a time; iterate over the result
        for one ``BatchItem`` per input, as each finishes.

        Args:
            model: a model id or a model resource (``client.wan_ai.wan_2_6.image_to_image``).
            inputs: any iterable of input models or mappings (wire names), read lazily; each is
                validated before it is sent, and a bad one fails alone (its item says why).
            journal: a SQLite file recording every input and job. Run the same call again after
                a crash: nothing with a request id is submitted again, jobs in flight are
                collected, missing downloads fetched. An input whose submit answer was lost is
                ``uncertain``, resubmitted only with ``resubmit_uncertain``. Other inputs than
                the journal's are refused (``JournalMismatchError``). None: state in memory.
            concurrency: jobs in flight at most; fewer while RunComfy rate-limits (429).
            on_update: called with a ``BatchUpdate`` on each change (progress counts included).
            download: save each output's files into ``DIR/<key>/``.
            shard: ``"K/N"``: run only every N-th input from the K-th (one shard per machine).
            retry_failed: submit failed and cancelled inputs of the journal again.
            resubmit_uncertain: submit uncertain inputs again (a job may run twice).
            poll_interval, max_poll_interval: polling of each job, as in ``Job.wait``. Without
                ``max_poll_interval``, once the model's usual run time is known (from the
                journal's earlier runs or this batch's first jobs) pauses are capped at a tenth
                of it: a job seen finished late holds its slot, so it costs the batch
                throughput. Give ``max_poll_interval`` to poll as sparsely as a single wait.

        Raises (while iterating) what stops the whole batch, after the jobs in flight were
        collected: ``AuthenticationError``, ``PaymentRequiredError``, ``NotFoundError`` (unknown
        model), or the last connection / server error when RunComfy stayed unreachable.
        """
        from ._batch import BatchRun, _resource, _setup  # the batch machinery: on first use

        client: SyncClient = self  # type: ignore[assignment]  # a mixin of SyncClient
        setup = _setup(
            client,
            _resource(client, model),
            inputs,
            journal=journal,
            concurrency=concurrency,
            on_update=on_update,
            download=download,
            shard=shard,
            retry_failed=retry_failed,
            resubmit_uncertain=resubmit_uncertain,
            poll_interval=poll_interval,
            max_poll_interval=max_poll_interval,
        )
        return BatchRun(client, setup)


class AsyncBatchMethods:
    """``batch`` of the asyncio client (``AsyncRunComfy``)."""

    @overload
    def batch(
        self,
        model: AsyncModelResource[Any, ModelOutT],
        inputs: Iterable[BaseModel | Mapping[str, Any]],
        *,
        journal: JournalPath = None,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_update: OnBatchUpdate | None = None,
        download: str | os.PathLike[str] | None = None,
        shard: str | tuple[int, int] | None = None,
        retry_failed: bool = False,
        resubmit_uncertain: bool = False,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
    ) -> AsyncBatchRun[ModelOutT]: ...
    @overload
    def batch(
        self,
        model: str,
        inputs: Iterable[BaseModel | Mapping[str, Any]],
        *,
        journal: JournalPath = None,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_update: OnBatchUpdate | None = None,
        download: str | os.PathLike[str] | None = None,
        shard: str | tuple[int, int] | None = None,
        retry_failed: bool = False,
        resubmit_uncertain: bool = False,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
    ) -> AsyncBatchRun[Any]: ...
    def batch(
        self,
        model: Any,
        inputs: Iterable[BaseModel | Mapping[str, Any]],
        *,
        journal: JournalPath = None,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_update: OnBatchUpdate | None = None,
        download: str | os.PathLike[str] | None = None,
        shard: str | tuple[int, int] | None = None,
        retry_failed: bool = False,
        resubmit_uncertain: bool = False,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
    ) -> AsyncBatchRun[Any]:
        """``async for item in client.batch(model, inputs, ...)``: see ``RunComfy.batch``.
        Not a coroutine: it returns the async iterator at once."""
        from ._batch import AsyncBatchRun, _resource, _setup

        client: AsyncClient = self  # type: ignore[assignment]  # a mixin of AsyncClient
        setup = _setup(
            client,
            _resource(client, model),
            inputs,
            journal=journal,
            concurrency=concurrency,
            on_update=on_update,
            download=download,
            shard=shard,
            retry_failed=retry_failed,
            resubmit_uncertain=resubmit_uncertain,
            poll_interval=poll_interval,
            max_poll_interval=max_poll_interval,
        )
        return AsyncBatchRun(client, setup)
