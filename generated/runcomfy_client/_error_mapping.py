# generated from templates/runtime/_error_mapping.py by runcomfy-codegen; do not edit
"""Which exception an error answer becomes: by RunComfy's ``error_code`` first, then by the HTTP
status, each with a hint saying what to do."""

from __future__ import annotations

import json
from collections.abc import Mapping

from ._errors import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    PaymentRequiredError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)
from ._redaction import excerpt
from ._urls import is_request_id

__all__ = ["error_class", "status_error"]

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
    known = error_code is not None and not isinstance(error_code, bool)
    by_code = _BY_ERROR_CODE.get(str(error_code)) if known else None
    if by_code is not None:
        return by_code
    if status_code in _BY_STATUS:
        return _BY_STATUS[status_code]
    if status_code >= 500:
        return ServerError
    # A 200 carrying an error_code: guess from the code's HTTP-like prefix (403003 -> 403).
    # ASCII digits only: "²²²".isdigit() is true, and int() refuses it.
    prefix = str(error_code)[:3]
    if not (len(prefix) == 3 and prefix.isascii() and prefix.isdigit()):
        return APIStatusError
    if int(prefix) in _BY_STATUS:
        return _BY_STATUS[int(prefix)]
    return ServerError if int(prefix) >= 500 else APIStatusError


def status_error(
    status_code: int,
    body: object,
    request_id: str | None,
    headers: Mapping[str, str] | None = None,
) -> APIStatusError:
    """The exception for an error answer, with the server's code, message and headers.

    Every part taken from the answer is shown shortened (``excerpt``): a server cannot make a
    message huge or put control characters in it.
    """
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
        given = body.get("request_id")
        if request_id is None and isinstance(given, str) and is_request_id(given):
            request_id = given
    elif body is not None:
        server_message = str(body)
    cls = error_class(status_code, error_code)
    parts = [f"HTTP {status_code}"]
    if error_code is not None:
        parts.append(f"error_code {excerpt(str(error_code), 40)}")
    if request_id:
        parts.append(f"request {request_id}")
    message = ", ".join(parts) + ": " + (excerpt(server_message) or "(no message)")
    hint = _HINTS.get(cls)
    if hint:
        message += f" ({hint})"
    code = (
        error_code
        if isinstance(error_code, int | str) and not isinstance(error_code, bool)
        else None
    )
    return cls(
        message,
        status_code=status_code,
        error_code=code,
        request_id=request_id,
        body=body,
        headers=headers,
    )
