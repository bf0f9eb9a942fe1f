# generated from templates/runtime/_error_mapping.py by runcomfy-codegen; do not edit
"""Which exception an error answer becomes: by RunComfy's ``error_code`` first, then by the HTTP
status, each with a hint saying what to do."""

from __future__ import annotations

import json

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


def status_error(status_code: int, body: object, request_id: str | None) -> APIStatusError:
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
    message = ", ".join(parts) + ": " + (excerpt(server_message) or "(no message)")
    hint = _HINTS.get(cls)
    if hint:
        message += f" ({hint})"
    code = error_code if isinstance(error_code, int | str) else None
    return cls(
        message,
        status_code=status_code,
        error_code=code,
        request_id=request_id,
        body=body,
    )


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None
