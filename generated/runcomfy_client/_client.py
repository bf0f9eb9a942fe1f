# generated from templates/runtime/_client.py by runcomfy-codegen; do not edit
"""The client classes the generated ``RunComfy`` / ``AsyncRunComfy`` extend.

Everything but I/O lives in ``_BaseClient`` and the shared core; ``SyncClient`` and
``AsyncClient`` differ only in the httpx client and driver they hold.
"""

from __future__ import annotations

import os
from types import TracebackType
from typing import Any, Self

import httpx

from ._batch import AsyncBatchMethods, SyncBatchMethods
from ._core import Core
from ._errors import UnknownModelError
from ._http import AsyncDriver, SyncDriver
from ._jobs import AsyncJob, Job
from ._resource import AsyncModelResource, SyncModelResource
from ._urls import DEFAULT_BASE_URL, check_model_id, check_request_id

__all__ = ["AsyncClient", "SyncClient"]

API_KEY_ENV = "RUNCOMFY_API_KEY"
BASE_URL_ENV = "RUNCOMFY_BASE_URL"
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_RETRIES = 2


def _lookup(model_id: str, *, async_: bool) -> Any:
    """The generated resource class of ``model_id``; model modules are imported only here."""
    check_model_id(model_id)
    from ._registry import MODELS  # lazily: importing the client imports no model module
    from ._registry_types import import_resource

    entry = MODELS.get(model_id)
    if entry is None:
        raise UnknownModelError(
            f"unknown model {model_id!r}: this client knows {len(MODELS)} models "
            "(see runcomfy_client._registry.MODELS); add its schema folder and regenerate"
        )
    return import_resource(entry, async_=async_)


def _identity(output: dict[str, Any]) -> dict[str, Any]:
    return output


class _BaseClient:
    def __init__(
        self,
        *,
        api_key: str | None,
        base_url: str | None,
        max_retries: int,
    ) -> None:
        # The key is only checked when a request is made, so a client can be built (and the
        # package imported) without one; the first call then raises AuthenticationError.
        key = api_key if api_key is not None else os.environ.get(API_KEY_ENV)
        url = base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
        self._core = Core(api_key=key, base_url=url, max_retries=max_retries)

    @property
    def base_url(self) -> str:
        return self._core.endpoints.base_url

    @property
    def max_retries(self) -> int:
        return self._core.max_retries

    def __repr__(self) -> str:
        key = "set" if self._core.has_api_key else "missing"
        return f"{type(self).__name__}(base_url={self.base_url!r}, api_key={key})"


class SyncClient(_BaseClient, SyncBatchMethods):
    """The blocking RunComfy client.

    Args:
        api_key: else ``RUNCOMFY_API_KEY``; a missing key raises ``AuthenticationError`` at the
            first request, not here.
        base_url: else ``RUNCOMFY_BASE_URL``, else ``https://model-api.runcomfy.net``. The API key
            is only ever sent to this URL's origin.
        http_client: an ``httpx.Client`` to use (and not close) instead of our own.
        max_retries: retries of one request on connection errors, 408, 429 and 5xx (default 2);
            the submit POST is retried only when it cannot have reached the server.
        timeout: seconds per HTTP request of our own ``httpx.Client`` (default 60).
        transport: an ``httpx.BaseTransport`` for our own client (e.g. the fake server).
    """

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        http_client: httpx.Client | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        timeout: float = DEFAULT_TIMEOUT,
        *,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if http_client is not None and transport is not None:
            raise TypeError("pass http_client or transport, not both")
        super().__init__(api_key=api_key, base_url=base_url, max_retries=max_retries)
        self._owns_http = http_client is None
        http = http_client or httpx.Client(timeout=timeout, transport=transport)
        self._driver = SyncDriver(http)

    def model(self, model_id: str) -> SyncModelResource[Any, Any]:
        """The resource of a model by id, e.g. ``client.model("wan-ai/wan-2-6/image-to-image")``."""
        resource: SyncModelResource[Any, Any] = _lookup(model_id, async_=False)(self)
        return resource

    def job(self, request_id: str, *, model: str | None = None) -> Job[Any]:
        """A handle on an existing job, e.g. one submitted by another process.

        With ``model`` (its model id), ``result()`` / ``wait()`` return the typed output;
        without, they return the output as a plain dict.
        """
        check_request_id(request_id)
        if model is None:
            return Job(self, self._core.job_ref(request_id), _identity)
        resource = self.model(model)
        return Job(self, self._core.job_ref(request_id, model), resource._parse_output)

    def close(self) -> None:
        """Close the HTTP client if this client created it."""
        if self._owns_http:
            self._driver.http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncClient(_BaseClient, AsyncBatchMethods):
    """The asyncio RunComfy client; the same arguments as ``SyncClient`` with
    ``httpx.AsyncClient`` / ``httpx.AsyncBaseTransport``."""

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        http_client: httpx.AsyncClient | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        timeout: float = DEFAULT_TIMEOUT,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if http_client is not None and transport is not None:
            raise TypeError("pass http_client or transport, not both")
        super().__init__(api_key=api_key, base_url=base_url, max_retries=max_retries)
        self._owns_http = http_client is None
        http = http_client or httpx.AsyncClient(timeout=timeout, transport=transport)
        self._driver = AsyncDriver(http)

    def model(self, model_id: str) -> AsyncModelResource[Any, Any]:
        """The resource of a model by id. See ``SyncClient.model``."""
        resource: AsyncModelResource[Any, Any] = _lookup(model_id, async_=True)(self)
        return resource

    def job(self, request_id: str, *, model: str | None = None) -> AsyncJob[Any]:
        """A handle on an existing job. See ``SyncClient.job``."""
        check_request_id(request_id)
        if model is None:
            return AsyncJob(self, self._core.job_ref(request_id), _identity)
        resource = self.model(model)
        return AsyncJob(self, self._core.job_ref(request_id, model), resource._parse_output)

    async def close(self) -> None:
        """Close the HTTP client if this client created it."""
        if self._owns_http:
            await self._driver.http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
