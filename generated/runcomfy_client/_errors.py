# generated from templates/runtime/_errors.py by runcomfy-codegen; do not edit
"""Every exception the client raises, in one tree.

```
RunComfyError
├── APIStatusError            the server answered with an error (.status_code, .error_code, .body)
│   ├── BadRequestError       400 / 422: the input did not match the model's schema
│   ├── AuthenticationError   401 (or no API key configured): check RUNCOMFY_API_KEY
│   ├── PaymentRequiredError  402 / error_code 400002: the account has no balance left
│   ├── PermissionDeniedError 403: the resource exists but is not yours
│   ├── NotFoundError         404: unknown model id, or unknown / expired request id
│   ├── RateLimitError        429: slow down (retried automatically on GETs)
│   └── ServerError           5xx (retried automatically on GETs)
├── APIConnectionError        no usable answer: DNS, refused, reset, ... (.request_id)
│   └── APITimeoutError       the HTTP request timed out
├── ResponseFormatError       a 2xx answer that is not what the API documents
├── JobError                  about one job (.request_id, .status)
│   ├── JobCancelledError     the job was cancelled
│   ├── JobFailedError        the job failed on the server (.error_message, .error)
│   ├── JobNotReadyError      result() before the job finished
│   ├── CancelNotAllowedError cancel() on a running job (RunComfy only cancels queued jobs)
│   └── WaitTimeoutError      wait() ran out of time; the job keeps running unless cancelled
├── InputValidationError      the input failed validation before any request (also a ValueError)
├── InvalidIdentifierError    a model id or request id that could alter a request path (ValueError)
├── ConfigurationError        an invalid client option: base_url, a policy, headers (ValueError)
├── UnknownModelError         a model id this client was not generated for (a LookupError)
├── DownloadError             an output URL could not be saved (.url, .status_code)
│   └── UnsupportedURLError   not an http(s) URL (also a ValueError)
└── JournalError              a batch journal that cannot be used (unreadable, not a journal)
    ├── JournalMismatchError  it belongs to another input, model or shard (also a ValueError)
    └── JournalLockedError    another process is running the batch
```

Messages say what to do next. They never contain an API key: every message and attribute of
every error passes through ``_redaction`` (see its rule) when it is set.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._redaction import redact, redact_text

if TYPE_CHECKING:
    from pydantic import ValidationError
    from pydantic_core import ErrorDetails

    from ._status import JobStatus

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "CancelNotAllowedError",
    "ConfigurationError",
    "DownloadError",
    "InputValidationError",
    "InvalidIdentifierError",
    "JobCancelledError",
    "JobError",
    "JobFailedError",
    "JobNotReadyError",
    "JournalError",
    "JournalLockedError",
    "JournalMismatchError",
    "NotFoundError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseFormatError",
    "RunComfyError",
    "ServerError",
    "UnknownModelError",
    "UnsupportedURLError",
    "WaitTimeoutError",
]


class RunComfyError(Exception):
    """Base of every exception raised by this client."""

    def __init__(self, message: str) -> None:
        message = redact_text(message)
        super().__init__(message)
        self.message = message

    def __setattr__(self, name: str, value: object) -> None:
        # Every attribute, of every subclass, set by whatever code: the one place keys are
        # blanked out of errors. Dunders (__cause__, __notes__, ...) are Python's own.
        super().__setattr__(name, value if name.startswith("__") else redact(value))


class APIStatusError(RunComfyError):
    """The server answered with an HTTP error status, or with an ``error_code`` body.

    Attributes:
        status_code: the HTTP status (RunComfy also signals errors with 200 and an
            ``error_code`` body; then this is 200).
        error_code: RunComfy's numeric code (e.g. 404001), when the body has one.
        request_id: the job concerned, when known.
        body: the decoded JSON body, or the raw text when it was not JSON.
        headers: the answer's headers (names in lower case), e.g. ``retry-after``, ``date`` or a
            proxy's request id; empty when no answer came (a missing key).
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        error_code: int | str | None = None,
        request_id: str | None = None,
        body: object = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.error_code = error_code
        self.request_id = request_id
        self.body = body
        self.headers: dict[str, str] = dict(headers or {})


class BadRequestError(APIStatusError):
    """400 / 422: the server refused the input (see the message and ``body['detail']``)."""


class AuthenticationError(APIStatusError):
    """401, or error_code 400004: the API key is missing, wrong, expired or revoked.

    Also raised before any request when no key is configured (then ``status_code`` is 401 and
    ``body`` is None): pass ``api_key=...`` or set ``RUNCOMFY_API_KEY``.
    """


class PaymentRequiredError(APIStatusError):
    """402, or error_code 400002: the account has no remaining balance."""


class PermissionDeniedError(APIStatusError):
    """403: the resource exists but belongs to another account."""


class NotFoundError(APIStatusError):
    """404: unknown model id, or a request id that is unknown, deleted or expired."""


class RateLimitError(APIStatusError):
    """429: too many requests. GETs are retried (honouring ``Retry-After``) before it is raised."""


class ServerError(APIStatusError):
    """5xx: a server-side failure. GETs are retried before this is raised."""


class APIConnectionError(RunComfyError):
    """The request got no usable HTTP answer (DNS failure, refused or reset connection, a body
    that could not be read or decoded, ...).

    ``request_id`` is the job concerned, when known (None for the submit POST). The httpx
    exception is chained as ``__cause__`` only as a copy without its request, whose headers carry
    the API key.
    """

    def __init__(self, message: str, *, request_id: str | None = None) -> None:
        super().__init__(message)
        self.request_id = request_id


class APITimeoutError(APIConnectionError):
    """The HTTP request timed out (the client's ``timeout``)."""


class ResponseFormatError(RunComfyError):
    """A successful answer whose body is not what the API documents (not JSON, nested too deep,
    larger than ``max_response_bytes``, missing fields, or an output that does not match the
    model's output schema).

    ``body`` holds the decoded body (or the start of the raw text), so nothing the server sent
    is lost; ``headers`` the answer's headers (lower-case names; empty when not known).
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        request_id: str | None = None,
        body: object = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.request_id = request_id
        self.body = body
        self.headers: dict[str, str] = dict(headers or {})


class JobError(RunComfyError):
    """About one job: ``request_id`` and the last known ``status`` (a JobStatus, or None)."""

    def __init__(self, message: str, *, request_id: str, status: JobStatus | None = None) -> None:
        super().__init__(message)
        self.request_id = request_id
        self.status = status


class JobCancelledError(JobError):
    """The job was cancelled before it produced an output."""


class JobFailedError(JobError):
    """The job failed on the server. ``error_message`` is the server's explanation and
    ``error`` the raw ``error`` value of the result body (None when there was none)."""

    def __init__(
        self,
        message: str,
        *,
        request_id: str,
        status: JobStatus | None = None,
        error_message: str | None = None,
        error: object = None,
    ) -> None:
        super().__init__(message, request_id=request_id, status=status)
        self.error_message = error_message
        self.error = error


class JobNotReadyError(JobError):
    """``result()`` was called before the job finished; ``status`` says where it is."""


class CancelNotAllowedError(JobError):
    """RunComfy answered ``not_cancellable``: only queued jobs can be cancelled."""


class WaitTimeoutError(JobError):
    """``wait()`` ran out of time. The job itself keeps running (unless ``cancel_on_timeout``);
    resume it later with ``client.job(err.request_id, model=...)``.

    ``timeout`` is the limit that ran out; ``cancel_outcome`` is None when no cancel was asked,
    else ``"cancelled"``, ``"not_cancellable"``, ``"finished"`` or ``"cancel failed"``.
    """

    def __init__(
        self,
        message: str,
        *,
        request_id: str,
        status: JobStatus | None = None,
        timeout: float,
        cancel_outcome: str | None = None,
    ) -> None:
        super().__init__(message, request_id=request_id, status=status)
        self.timeout = timeout
        self.cancel_outcome = cancel_outcome


class InputValidationError(RunComfyError, ValueError):
    """The input failed validation; nothing was sent.

    When it comes from the model's pydantic validation, the pydantic ``ValidationError`` is the
    ``__cause__`` (and ``validation_error``), and ``errors()`` returns its error list with each
    ``loc`` spelled with the wire (JSON) field names. The message names every field and rule.
    """

    def __init__(
        self,
        message: str,
        *,
        errors: Sequence[Mapping[str, Any]] = (),
        validation_error: ValidationError | None = None,
    ) -> None:
        super().__init__(message)
        self._errors = [dict(item) for item in errors]
        self.validation_error = validation_error

    def errors(self) -> list[dict[str, Any]]:
        """One dict per problem (``loc``, ``msg``, ``type``, ...), like pydantic's ``errors()``."""
        return [dict(item) for item in self._errors]

    @classmethod
    def from_pydantic(
        cls, error: ValidationError, *, model_name: str, aliases: Mapping[str, str]
    ) -> InputValidationError:
        """Build from pydantic's error, renaming Python field names to their wire names."""
        details: list[ErrorDetails] = error.errors(include_url=False)
        renamed: list[dict[str, Any]] = []
        lines: list[str] = []
        for item in details:
            loc = tuple(item["loc"])
            if loc and isinstance(loc[0], str):
                loc = (aliases.get(loc[0], loc[0]), *loc[1:])
            renamed.append({**item, "loc": loc})
            where = ".".join(str(part) for part in loc) or "(input)"
            lines.append(f"  {where}: {item['msg']} [{item['type']}]")
        count = len(details)
        noun = "problem" if count == 1 else "problems"
        message = f"{model_name}: {count} input {noun}; nothing was sent:\n" + "\n".join(lines)
        return cls(message, errors=renamed, validation_error=error)


class InvalidIdentifierError(RunComfyError, ValueError):
    """A model id or request id that is malformed or could change the request path
    (``../``, ``?``, ``#``, ``%2F``, ...). Nothing was sent."""


class ConfigurationError(RunComfyError, ValueError):
    """An option given to a client (``base_url``, ``max_retries``, a policy, ``default_headers``,
    ...) or to one call (``poll_interval``) is invalid. Nothing was sent."""


class UnknownModelError(RunComfyError, LookupError):
    """A model id that is not in this client's registry. Add its schema folder and regenerate."""


class DownloadError(RunComfyError):
    """An output URL could not be downloaded; no partial file is left behind.

    The job itself is not affected: its output URLs stay valid (until the host expires them)
    and can be fetched again.

    Attributes:
        url: the URL that was being fetched.
        status_code: the HTTP status of an error answer; None when the failure was not an HTTP
            error status (connection or timeout, size cap, a URL that is not http(s)).
        headers: the headers of that error answer (lower-case names); empty otherwise.
    """

    def __init__(
        self,
        message: str,
        *,
        url: str,
        status_code: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.url = url
        self.status_code = status_code
        self.headers: dict[str, str] = dict(headers or {})


class UnsupportedURLError(DownloadError, ValueError):
    """Only http(s) URLs are fetched (not ``file:``, ``ftp:``, ``data:``, relative paths)."""


class JournalError(RunComfyError):
    """A batch journal that cannot be used: missing, unreadable, or not a journal."""


class JournalMismatchError(JournalError, ValueError):
    """The journal belongs to another batch: the input changed since it was started (the
    message names the lines), or the model or shard differs. Nothing was sent."""


class JournalLockedError(JournalError):
    """Another process has the journal open (is running the batch). Nothing was sent."""
