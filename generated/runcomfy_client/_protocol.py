# generated from templates/runtime/_protocol.py by runcomfy-codegen; do not edit
"""The vocabulary between the sans-I/O core and the I/O drivers, and how an answer is read.

The core (``_core.py``) is written as generators that *yield effects* and *receive outcomes*:

* ``Send(request)``  -> the driver performs it and sends back an ``HttpResponse`` or a
  ``TransportFailure`` (never raises for network problems, so the core decides on retries; an
  answer whose body cannot be read or decoded, e.g. a bad ``Content-Encoding``, is one too);
* ``Sleep(seconds)`` -> the driver sleeps (``time.sleep`` / ``asyncio.sleep``) and sends None;
* ``Emit(status)``   -> the driver hands a new ``JobStatus`` to the caller (callback or iterator).

Nothing here performs I/O, so the sync and async clients share every decision.
"""

from __future__ import annotations

import json
from collections.abc import Generator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias, TypeVar

import httpx

from ._errors import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    PaymentRequiredError,
    PermissionDeniedError,
    RateLimitError,
    ResponseFormatError,
    ServerError,
)
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
    "decode_body",
    "excerpt",
    "redact",
]

T = TypeVar("T")
EXCERPT_CHARS = 200


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


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """An HTTP answer, body read in full. Header names are lower case."""

    status_code: int
    headers: Mapping[str, str]
    content: bytes


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


def excerpt(content: bytes | str, secret: str | None = None) -> str:
    """The first 200 characters of a body, for messages (the API key blanked out, just in case)."""
    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
    if secret:
        text = text.replace(secret, "***")
    return text[:EXCERPT_CHARS] + ("..." if len(text) > EXCERPT_CHARS else "")


def redact(value: T, secret: str | None) -> T:
    """``value`` with ``secret`` blanked out of every string in it (dict keys and values, list
    and tuple items, recursively); other values are kept as they are."""
    if not secret:
        return value
    found: object = value
    if isinstance(value, str):
        found = value.replace(secret, "***")
    elif isinstance(value, dict):
        found = {redact(key, secret): redact(item, secret) for key, item in value.items()}
    elif isinstance(value, list):
        found = [redact(item, secret) for item in value]
    elif isinstance(value, tuple):
        found = tuple(redact(item, secret) for item in value)
    return found  # type: ignore[return-value]  # same shape, same type


def decode_body(
    response: HttpResponse, *, request_id: str | None, secret: str | None
) -> dict[str, Any]:
    """The JSON object of an answer, after turning every kind of error answer into an exception.

    RunComfy sometimes reports errors with HTTP 200 and an ``error_code`` body, so the body is
    checked on every answer, not only on 4xx/5xx.
    """
    body: object
    try:
        body = json.loads(response.content) if response.content else None
    except ValueError:  # JSONDecodeError and UnicodeDecodeError are both ValueErrors
        body = None
        text: object = excerpt(response.content, secret)
    else:
        text = body
    if not 200 <= response.status_code < 300:
        raise status_error(
            response.status_code, body if body is not None else text, request_id, secret
        )
    if not isinstance(body, dict):
        raise ResponseFormatError(
            f"HTTP {response.status_code}: expected a JSON object, got: "
            f"{excerpt(response.content, secret)!r}",
            status_code=response.status_code,
            request_id=request_id,
            body=redact(text, secret),
        )
    if body.get("error_code") not in (None, "", 0):
        raise status_error(response.status_code, body, request_id, secret)
    return body


_BY_ERROR_CODE: dict[str, type[APIStatusError]] = {
    "400002": PaymentRequiredError,  # InsufficientResources: no remaining balance
    "400004": AuthenticationError,  # UserAccountError: missing/expired/revoked token
    "400001": BadRequestError,  # InvalidResourceIdentifier, e.g. a wrong model id
    "403001": PermissionDeniedError,
    "404001": NotFoundError,
}
_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: PaymentRequiredError,
    403: PermissionDeniedError,
    404: NotFoundError,
    422: BadRequestError,
    429: RateLimitError,
}
_HINTS: dict[type[APIStatusError], str] = {
    BadRequestError: "check the input against the model's schema (see body['detail'])",
    AuthenticationError: "check the API key (api_key=... or RUNCOMFY_API_KEY)",
    PaymentRequiredError: "the account has no remaining balance; top it up on runcomfy.com",
    PermissionDeniedError: "this resource belongs to another account",
    NotFoundError: "check the model id, or the request id (results expire)",
    RateLimitError: "too many requests; wait a moment and retry",
    ServerError: "RunComfy had a problem; retry later",
}


def error_class(status_code: int, error_code: object) -> type[APIStatusError]:
    """The exception for an HTTP status and RunComfy ``error_code`` (the code wins)."""
    by_code = _BY_ERROR_CODE.get(str(error_code)) if error_code is not None else None
    if by_code is not None:
        return by_code
    if status_code in _BY_STATUS:
        return _BY_STATUS[status_code]
    if status_code >= 500:
        return ServerError
    # A 200 carrying an error_code: guess from the code's HTTP-like prefix (403003 -> 403).
    prefix = str(error_code)[:3]
    if prefix.isdigit() and int(prefix) in _BY_STATUS:
        return _BY_STATUS[int(prefix)]
    if prefix.isdigit() and int(prefix) >= 500:
        return ServerError
    return APIStatusError


def status_error(
    status_code: int, body: object, request_id: str | None, secret: str | None
) -> APIStatusError:
    """The exception for an error answer, with the server's code and message when present."""
    error_code: object = None
    server_message = ""
    if isinstance(body, dict):
        error_code = body.get("error_code")
        for key in ("error_message", "message", "error", "detail"):
            value = body.get(key)
            if isinstance(value, str) and value:
                server_message = value
                break
        if not server_message and body.get("detail") is not None:
            server_message = json.dumps(body["detail"], ensure_ascii=False, default=str)
        request_id = request_id or _str_or_none(body.get("request_id"))
    elif body is not None:
        server_message = str(body)
    cls = error_class(status_code, error_code)
    parts = [f"HTTP {status_code}"]
    if error_code is not None:
        parts.append(f"error_code {error_code}")
    if request_id:
        parts.append(f"request {request_id}")
    message = ", ".join(parts) + ": " + (excerpt(server_message, secret) or "(no message)")
    hint = _HINTS.get(cls)
    if hint:
        message += f" ({hint})"
    code = error_code if isinstance(error_code, int | str) else None
    return cls(
        message,
        status_code=status_code,
        error_code=code,
        request_id=request_id,
        body=redact(body, secret),  # a server may echo the Authorization header back
    )


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None
