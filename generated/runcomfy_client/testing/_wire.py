# generated from templates/runtime/testing/_wire.py by runcomfy-codegen; do not edit
"""Requests and responses of the fake, independent of how they travel (transport, ASGI, socket)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

__all__ = [
    "FakeRequest",
    "FakeResponse",
    "RecordedRequest",
    "error_response",
    "json_response",
]


@dataclass(frozen=True, slots=True)
class FakeRequest:
    """An incoming request; ``target`` is the raw path and query, as sent (not percent-decoded)."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes = b""
    origin: str = ""

    @property
    def path(self) -> str:
        return self.target.partition("?")[0]

    @property
    def query(self) -> dict[str, str]:
        return dict(parse_qsl(self.target.partition("?")[2], keep_blank_values=True))

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        for key, value in self.headers.items():
            if key.lower() == wanted:
                return value
        return None


@dataclass(frozen=True, slots=True)
class FakeResponse:
    """An answer of the fake. ``disconnect`` means: drop the connection instead of answering."""

    status_code: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    disconnect: bool = False
    reached_server: bool = True

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """What the fake received, for assertions such as "the submit was sent once".

    ``route`` is one of ``submit``, ``status``, ``result``, ``cancel``, ``catalog``, ``model``,
    ``categories``, ``file`` or ``unknown``. The bearer key is not kept.
    """

    method: str
    path: str
    query: dict[str, str]
    route: str
    status_code: int
    json: Any = None
    model_id: str | None = None
    request_id: str | None = None
    authorized: bool = False


def json_response(
    status_code: int, body: Any, headers: dict[str, str] | None = None
) -> FakeResponse:
    data = json.dumps(body, ensure_ascii=False, sort_keys=False).encode("utf-8")
    all_headers = {"content-type": "application/json"}
    all_headers.update(headers or {})
    return FakeResponse(status_code, all_headers, data)


def error_response(
    status_code: int,
    error_code: int,
    message: str,
    *,
    detail: Any = None,
    headers: dict[str, str] | None = None,
) -> FakeResponse:
    """RunComfy's error body: ``{"error_code": 404001, "error_message": "...", "detail"?: ...}``."""
    body: dict[str, Any] = {"error_code": error_code, "error_message": message}
    if detail is not None:
        body["detail"] = detail
    return json_response(status_code, body, headers)
