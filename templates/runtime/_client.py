"""The client classes the generated ``RunComfy`` / ``AsyncRunComfy`` extend.

Everything but I/O lives in ``_BaseClient`` and the shared core; ``SyncClient`` and
``AsyncClient`` differ only in the httpx client and driver they hold, and in the type of
``sleep``.
"""

from __future__ import annotations

import importlib
import logging
import platform
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import httpx

from ._batch_methods import AsyncBatchMethods, SyncBatchMethods
from ._errors import ConfigurationError, UnknownModelError
from ._limits import DEFAULT_MAX_RESPONSE_BYTES

# The machinery a client runs on (core, drivers, policies, jobs) is imported when the first
# client is built or used, not with the package (``_public.LAZY`` does the same for its names).
if TYPE_CHECKING:
    from ._jobs import AsyncJob, Job
    from ._polling import JobDurations, PollPolicy
    from ._resource import AsyncModelResource, SyncModelResource
    from ._retry import RetryPolicy

__all__ = ["AsyncClient", "SyncClient", "model_ids"]

logger = logging.getLogger("runcomfy_client")

DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_RETRIES = 2


def model_ids() -> list[str]:
    """The ids of the models this client was generated for, sorted."""
    from ._registry import MODELS  # lazily: importing the client imports no model module

    return sorted(MODELS)


def unknown_model(model_id: str) -> UnknownModelError:
    """The error for a model id this client does not know, naming the closest ones."""
    known = model_ids()
    import difflib  # only for this message: not loaded with the package

    close = difflib.get_close_matches(model_id, known, n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
    return UnknownModelError(
        f"unknown model {model_id!r}: {hint}this client knows {len(known)} models "
        "(runcomfy_client.model_ids(), or `runcomfy-py models`); to add one, put its schema "
        "folder in schemas/ and regenerate"
    )


def _lookup(model_id: str, *, async_: bool) -> Any:
    """The generated resource class of ``model_id``; model modules are imported only here."""
    from ._registry import MODELS
    from ._registry_types import import_resource
    from ._urls import check_model_id

    check_model_id(model_id)

    entry = MODELS.get(model_id)
    if entry is None:
        raise unknown_model(model_id)
    return import_resource(entry, async_=async_)


def _identity(output: dict[str, Any]) -> dict[str, Any]:
    return output


def user_agent() -> str:
    """``runcomfy-client/<version> python/<x.y> httpx/<version>``, sent with every request."""
    package = importlib.import_module(__package__ or "runcomfy_client")
    version = getattr(package, "__version__", "unknown")
    python = ".".join(platform.python_version_tuple()[:2])
    return f"runcomfy-client/{version} python/{python} httpx/{httpx.__version__}"


_HTTPX_USER_AGENT = f"python-httpx/{httpx.__version__}"
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # a header name (RFC 9110 token)
_VISIBLE = re.compile(r"[\x21-\x7e]+")  # what a bearer key may hold
_OWN_HEADERS = {"authorization": "pass api_key=... instead", "host": "set base_url instead"}


def _checked_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    """``default_headers`` that httpx can send and that do not override the key or the host."""
    checked: dict[str, str] = {}
    for name, value in (headers or {}).items():
        if not isinstance(name, str) or not _TOKEN.fullmatch(name):
            raise ConfigurationError(f"default_headers: {name!r} is not a valid header name")
        if name.lower() in _OWN_HEADERS:
            raise ConfigurationError(
                f"default_headers: {name} is set by the client; {_OWN_HEADERS[name.lower()]}"
            )
        if not isinstance(value, str) or not value.isascii() or any(c in value for c in "\r\n\0"):
            raise ConfigurationError(
                f"default_headers: the value of {name} must be a one-line ASCII string"
            )
        checked[name] = value
    return checked


class _BaseClient:
    def __init__(
        self,
        *,
        api_key: str | None,
        base_url: str | None,
        max_retries: int,
        timeout: float | None,
        retry_policy: RetryPolicy | None,
        poll_policy: PollPolicy | None,
        durations: JobDurations | None,
        default_headers: Mapping[str, str] | None,
        clock: Callable[[], float] | None,
        sleep: object,
        http_client: httpx.Client | httpx.AsyncClient | None,
        max_response_bytes: int,
    ) -> None:
        from ._core import Core
        from ._credentials import resolve_credentials
        from ._urls import resolve_base_url

        # The key is only checked when a request is made, so a client can be built (and the
        # package imported) without one; the first call then raises AuthenticationError.
        credentials = resolve_credentials(api_key)
        if credentials.key and not _VISIBLE.fullmatch(credentials.key):
            raise ConfigurationError(
                f"the API key from {credentials.describe()} holds characters an HTTP header cannot "
                "carry (spaces, line breaks, non-ASCII): check how it was copied"
            )
        url, url_source = resolve_base_url(base_url)
        if (
            isinstance(max_response_bytes, bool)
            or not isinstance(max_response_bytes, int)
            or max_response_bytes < 1
        ):
            raise ConfigurationError(
                f"max_response_bytes must be a whole number of bytes >= 1, not {max_response_bytes!r}"
            )
        if (clock is None) != (sleep is None):
            raise ConfigurationError(
                "clock and sleep go together: pass both (e.g. a testing.ManualClock's clock and "
                "its sleep) or neither"
            )
        if timeout is not None and not (
            isinstance(timeout, int | float) and not isinstance(timeout, bool) and timeout > 0
        ):
            raise ConfigurationError(
                f"timeout must be a number of seconds > 0 (or None: no limit), not {timeout!r}"
            )
        headers = _checked_headers(default_headers)
        if http_client is None or http_client.headers.get("user-agent") == _HTTPX_USER_AGENT:
            headers = {"User-Agent": user_agent(), **headers}  # else the given client's own
        self._resources: dict[str, Any] = {}
        self._core = Core(
            api_key=credentials,
            base_url=url,
            max_retries=max_retries,
            retry_policy=retry_policy,
            poll_policy=poll_policy,
            clock=clock or time.monotonic,
            headers=headers,
            durations=durations,
            request_timeout=timeout,
        )
        # Where the key and the URL come from, never the key: `-v` on the CLI shows this line.
        logger.debug(
            "RunComfy API key: %s; base URL %s (from %s)",
            credentials.describe() if credentials.key else f"none ({credentials.problem})",
            self._core.endpoints.base_url,
            url_source,
        )

    def _resource(self, model_id: str, *, async_: bool) -> Any:
        """The model's resource on this client, made once (it holds nothing but the client)."""
        resource = self._resources.get(model_id)
        if resource is None:
            resource = self._resources[model_id] = _lookup(model_id, async_=async_)(self)
        return resource

    @property
    def retry_policy(self) -> RetryPolicy:
        """How failed requests are retried (the ``retry_policy`` option)."""
        return self._core.retry_policy

    @property
    def poll_policy(self) -> PollPolicy:
        """How often ``wait`` / ``run`` / ``updates`` poll (the ``poll_policy`` option)."""
        return self._core.poll_policy

    @property
    def durations(self) -> JobDurations:
        """Recent run durations per model, learnt from the jobs this client saw finish (the
        ``durations`` option); the default poll policy reads them."""
        return self._core.durations

    @property
    def base_url(self) -> str:
        return self._core.endpoints.base_url

    @property
    def max_retries(self) -> int:
        return self._core.max_retries

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, api_key={self._core.key_state})"


class SyncClient(_BaseClient, SyncBatchMethods):
    """The blocking RunComfy client.

    Args:
        api_key: else ``RUNCOMFY_API_KEY``, else ``RUNCOMFY_TOKEN``, else the token file of
            RunComfy's CLI (``runcomfy login``; see ``_credentials``). A missing or expired key
            raises ``AuthenticationError`` at the first request, not here.
        base_url: else ``RUNCOMFY_BASE_URL``, else ``RUNCOMFY_MODEL_API_BASE``, else
            ``https://model-api.runcomfy.net``; with or without a trailing ``/v1``. The API key
            is only ever sent to this URL's origin.
        http_client: an ``httpx.Client`` to use (and not close) instead of our own.
        max_retries: retries of one request on connection errors, 408, 429 and 5xx (default 2);
            the submit POST is retried only when it cannot have reached the server.
        timeout: seconds one HTTP request may take in all, from connecting to the last byte of
            the answer (default 60; None: no limit). It also caps each of httpx's own
            timeouts, of our client or of the one given.
        transport: an ``httpx.BaseTransport`` for our own client (e.g. the fake server).
        retry_policy: pauses between retries and the statuses retried (``RetryPolicy``).
        poll_policy: pauses between status requests of ``wait`` / ``run`` / ``updates``
            (default ``AdaptivePollPolicy()``: dense around the time this model's jobs usually
            finish; ``PollPolicy`` for a plain backoff, or a subclass deciding from a
            ``PollContext``).
        durations: the ``JobDurations`` this client learns run durations into and polls by
            (default: its own); pass one to several clients to share what they learn.
        default_headers: extra headers sent with every request (not ``Authorization``: that is
            ``api_key``). ``User-Agent`` is ``runcomfy-client/<version> python/<x.y>
            httpx/<version>`` unless given here or set on the ``http_client`` given.
        clock, sleep: the client's time, as a pair: ``clock()`` returns seconds on a monotonic
            scale (default ``time.monotonic``) and ``sleep(seconds)`` pauses (default
            ``time.sleep``). Pass both, e.g. a ``runcomfy_client.testing.ManualClock`` and its
            ``sleep``, to run waits, polls and retries on virtual time.
        max_response_bytes: the largest API answer read (default 16 MiB, decompressed); a
            larger one is not read further and raises ``ResponseFormatError`` (a larger error
            page still raises its status error, with the start of the page).
    """

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        http_client: httpx.Client | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        timeout: float | None = DEFAULT_TIMEOUT,
        *,
        transport: httpx.BaseTransport | None = None,
        retry_policy: RetryPolicy | None = None,
        poll_policy: PollPolicy | None = None,
        durations: JobDurations | None = None,
        default_headers: Mapping[str, str] | None = None,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], None] | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        if http_client is not None and transport is not None:
            raise TypeError("pass http_client or transport, not both")
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            max_retries=max_retries,
            timeout=timeout,
            retry_policy=retry_policy,
            poll_policy=poll_policy,
            durations=durations,
            default_headers=default_headers,
            clock=clock,
            sleep=sleep,
            http_client=http_client,
            max_response_bytes=max_response_bytes,
        )
        from ._http import SyncDriver

        self._owns_http = http_client is None
        http = http_client or httpx.Client(timeout=timeout, transport=transport)
        self._driver = SyncDriver(http, sleep or time.sleep, max_response_bytes)

    def model(self, model_id: str) -> SyncModelResource[Any, Any]:
        """The resource of a model by id, e.g. ``client.model("wan-ai/wan-2-6/image-to-image")``."""
        resource: SyncModelResource[Any, Any] = self._resource(model_id, async_=False)
        return resource

    def job(self, request_id: str, *, model: str | None = None) -> Job[Any]:
        """A handle on an existing job, e.g. one submitted by another process.

        With ``model`` (its model id), ``result()`` / ``wait()`` return the typed output;
        without, they return the output as a plain dict.
        """
        from ._jobs import Job
        from ._urls import check_request_id

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
    ``httpx.AsyncClient`` / ``httpx.AsyncBaseTransport``, and a ``sleep`` that is a coroutine
    function (default ``asyncio.sleep``; a ``ManualClock``'s is ``asleep``)."""

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        http_client: httpx.AsyncClient | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        timeout: float | None = DEFAULT_TIMEOUT,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        retry_policy: RetryPolicy | None = None,
        poll_policy: PollPolicy | None = None,
        durations: JobDurations | None = None,
        default_headers: Mapping[str, str] | None = None,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        if http_client is not None and transport is not None:
            raise TypeError("pass http_client or transport, not both")
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            max_retries=max_retries,
            timeout=timeout,
            retry_policy=retry_policy,
            poll_policy=poll_policy,
            durations=durations,
            default_headers=default_headers,
            clock=clock,
            sleep=sleep,
            http_client=http_client,
            max_response_bytes=max_response_bytes,
        )
        from ._http import AsyncDriver

        self._owns_http = http_client is None
        http = http_client or httpx.AsyncClient(timeout=timeout, transport=transport)
        self._driver = AsyncDriver(http, sleep, max_response_bytes)

    def model(self, model_id: str) -> AsyncModelResource[Any, Any]:
        """The resource of a model by id. See ``SyncClient.model``."""
        resource: AsyncModelResource[Any, Any] = self._resource(model_id, async_=True)
        return resource

    def job(self, request_id: str, *, model: str | None = None) -> AsyncJob[Any]:
        """A handle on an existing job. See ``SyncClient.job``."""
        from ._jobs import AsyncJob
        from ._urls import check_request_id

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
