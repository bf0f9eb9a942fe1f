"""Reading an answer of the API: the JSON object of a success, or the exception of an error.

Every answer passes through ``decode_body``; keys are blanked out of what it keeps (see
``_redaction``), and which exception an error answer becomes is ``_error_mapping``'s job.
"""

from __future__ import annotations

import json
from typing import Any

from ._error_mapping import status_error
from ._errors import ResponseFormatError
from ._protocol import HttpResponse
from ._redaction import excerpt, redact

__all__ = ["decode_body"]


def decode_body(response: HttpResponse, *, request_id: str | None) -> dict[str, Any]:
    """The JSON object of an answer, after turning every kind of error answer into an exception.

    RunComfy sometimes reports errors with HTTP 200 and an ``error_code`` body, so the body is
    checked on every answer, not only on 4xx/5xx.
    """
    body: object
    try:
        body = redact(json.loads(response.content)) if response.content else None
    except ValueError:  # JSONDecodeError and UnicodeDecodeError are both ValueErrors
        body = None
        text: object = excerpt(response.content)
    else:
        text = body
    if not 200 <= response.status_code < 300:
        raise status_error(response.status_code, body if body is not None else text, request_id)
    if not isinstance(body, dict):
        raise ResponseFormatError(
            f"HTTP {response.status_code}: expected a JSON object, got: "
            f"{excerpt(response.content)!r}",
            status_code=response.status_code,
            request_id=request_id,
            body=text,
        )
    if body.get("error_code") not in (None, "", 0):
        raise status_error(response.status_code, body, request_id)
    return body
