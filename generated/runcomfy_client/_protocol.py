# generated from templates/runtime/_protocol.py by runcomfy-codegen; do not edit
"""The vocabulary between the sans-I/O core and the I/O drivers.

The core (``_core.py``) is written as generators that *yield effects* and *receive outcomes*:

* ``Send(request)``  -> the driver performs it and sends back an ``HttpResponse`` or a
  ``TransportFailure`` (never raises for network problems, so the core decides on retries; an
  answer whose body cannot be read or decoded, e.g. a bad ``Content-Encoding``, is one too);
* ``Sleep(seconds)`` -> the driver sleeps (``time.sleep`` / ``asyncio.sleep``) and sends None;
* ``Emit(status)``   -> the driver hands a new ``JobStatus`` to the caller (callback or iterator).

Nothing here performs I/O, so the sync and async clients share every decision. How an answer
is read is ``_decoding.py``; which exception an error answer becomes, ``_error_mapping.py``.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias, TypeVar

import httpx

from ._status import JobStatus

__all__ = [
    "Effect",
    "Emit",
    "HttpRequest",
    "HttpResponse",
    "Outcome",
    "Send",
    "Sleep",
    "Step",
    "TransportFailure",
]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class HttpRequest:
    """One HTTP request. ``headers`` may hold the bearer key, so it is left out of ``repr``."""

    method: Literal["GET", "POST"]
    url: str
    json: Any = None
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)
    # "idempotent": retried on connection errors, 408, 429 and 5xx. "submit": retried only when
    # the request cannot have reached the server, because a repeated submit bills a second job.
    retry: Literal["idempotent", "submit"] = "idempotent"
    # Seconds the whole request may take, from sending to the last byte of the answer (None: no
    # limit); the drivers abandon it then (``_deadlines``).
    timeout: float | None = None

    def with_timeout(self, timeout: float | None) -> HttpRequest:
        """This request with another ``timeout`` (``dataclasses.replace``, without its cost:
        one per attempt)."""
        return HttpRequest(self.method, self.url, self.json, self.headers, self.retry, timeout)


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """An HTTP answer, its body decompressed. Header names are lower case.

    ``over_limit`` is set (to the limit) when the body was larger than the client's
    ``max_response_bytes``: reading stopped there and ``content`` holds only its start.
    """

    status_code: int
    headers: Mapping[str, str]
    content: bytes
    over_limit: int | None = None


@dataclass(frozen=True, slots=True)
class TransportFailure:
    """The request got no usable HTTP answer; ``error`` is httpx's exception.

    Any ``httpx.RequestError``: a ``TransportError`` (connect, read, timeout, ...) or a
    ``DecodingError`` (the body could not be decoded, e.g. a bad ``Content-Encoding``). The
    latter came after the server answered, so it counts as having reached the server: the submit
    POST is not repeated (it may have started a job), a GET is retried like after a reset.
    """

    error: httpx.RequestError

    @property
    def reached_server(self) -> bool:
        """False only when the request certainly was not sent (no connection was made)."""
        return not isinstance(
            self.error, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout
        )


@dataclass(frozen=True, slots=True)
class Send:
    request: HttpRequest


@dataclass(frozen=True, slots=True)
class Sleep:
    seconds: float


@dataclass(frozen=True, slots=True)
class Emit:
    status: JobStatus


Effect: TypeAlias = Send | Sleep | Emit
Outcome: TypeAlias = HttpResponse | TransportFailure | None
# A step of the lifecycle: yields effects, receives outcomes, returns T.
Step: TypeAlias = Generator[Effect, Outcome, T]
