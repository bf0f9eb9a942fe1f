# generated from templates/runtime/_decoding.py by runcomfy-codegen; do not edit
"""Reading an answer of the API: its body within a size cap, then the JSON object of a success or
the exception of an error.

Every answer passes through here: the drivers feed the raw body to a ``BodyReader`` (bounded
memory, whatever the server sends: a huge body, a compression bomb) and the core hands the
answer to ``decode_body`` (bounded depth; keys blanked out of everything it keeps, see
``_redaction``). Which exception an error answer becomes is ``_error_mapping``'s job.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from ._error_mapping import status_error
from ._errors import ResponseFormatError
from ._limits import DEFAULT_MAX_RESPONSE_BYTES
from ._protocol import HttpResponse
from ._redaction import excerpt, redact_headers, redact_json

__all__ = [
    "ACCEPT_ENCODING",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "MAX_JSON_DEPTH",
    "Answer",
    "BodyReader",
    "decode_body",
]

MAX_JSON_DEPTH = 64
"""RunComfy's answers nest a few levels; a deeper one is refused before anything recurses on it."""
ACCEPT_ENCODING = "gzip, deflate"
"""The encodings ``BodyReader`` decompresses itself (with a bounded output)."""
_KEPT_OVER_LIMIT = 4096  # what is kept of an oversized body, for the error's excerpt


class BodyReader:
    """Collects one answer's body from the raw bytes off the wire, decompressed, up to ``limit``.

    ``feed`` returns False once the body is known to exceed the limit (counted, or announced by
    ``Content-Length``: then only the first chunk is read, for the error's excerpt): the driver
    stops reading and the answer is marked ``over_limit``. gzip and deflate are decompressed here with a bounded output, so a small
    compressed body cannot expand into a huge one in memory; another ``Content-Encoding``
    raises ``httpx.DecodingError`` (the answer came, but cannot be read). ``decoded=True`` is
    for a body already decompressed (an in-memory answer, e.g. from ``httpx.MockTransport``).
    """

    def __init__(self, headers: Mapping[str, str], limit: int, *, decoded: bool = False) -> None:
        self.limit = limit
        self.over = False
        self._chunks: list[bytes] = []
        self._size = 0
        encoding = "" if decoded else headers.get("content-encoding", "").strip().lower()
        self._inflate: Any = None
        if encoding in ("gzip", "x-gzip"):
            self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._inflate = zlib.decompressobj(zlib.MAX_WBITS)
        elif encoding not in ("", "identity"):
            raise httpx.DecodingError(f"unsupported Content-Encoding {excerpt(encoding, 40)!r}")
        length = headers.get("content-length", "").strip()
        announced = int(length) if length.isascii() and length.isdigit() else 0
        self._announced_over = self._inflate is None and announced > limit

    def feed(self, raw: bytes) -> bool:
        """Take the next raw chunk; False when the body is over the limit (stop reading)."""
        if self.over:
            return False
        if self._announced_over:
            self._keep(raw[:_KEPT_OVER_LIMIT])
            self.over = True
            return False
        if self._inflate is None:
            self._keep(raw)
            return not self.over
        data = raw
        try:
            while data and not self.over:
                self._keep(self._inflate.decompress(data, self.limit - self._size + 1))
                data = self._inflate.unconsumed_tail
        except zlib.error as exc:
            raise httpx.DecodingError(f"the compressed body is corrupt: {exc}") from None
        return not self.over

    def answer(self, status_code: int, headers: Mapping[str, str]) -> HttpResponse:
        """The answer read so far (the whole of it, unless it went over the limit)."""
        if self._inflate is not None and not self.over:
            try:
                self._keep(self._inflate.flush())
            except zlib.error as exc:
                raise httpx.DecodingError(f"the compressed body is corrupt: {exc}") from None
        content = b"".join(self._chunks)
        if self.over or self._announced_over:
            return HttpResponse(status_code, headers, content[:_KEPT_OVER_LIMIT], self.limit)
        return HttpResponse(status_code, headers, content)

    def _keep(self, data: bytes) -> None:
        if self._size + len(data) > self.limit:
            self.over = True
            room = max(_KEPT_OVER_LIMIT - self._size, 0)
            data = data[:room]
        self._size += len(data)
        if data:
            self._chunks.append(data)


@dataclass(frozen=True, slots=True)
class Answer:
    """A decoded success: its JSON object, and what an error about it later must keep."""

    body: dict[str, Any]
    status_code: int
    headers: Mapping[str, str]

    def malformed(self, message: str, request_id: str | None) -> ResponseFormatError:
        """The error for an answer that is JSON but not what the API documents."""
        return ResponseFormatError(
            message,
            status_code=self.status_code,
            request_id=request_id,
            body=self.body,
            headers=self.headers,
        )


def decode_body(response: HttpResponse, *, request_id: str | None) -> Answer:
    """The JSON object of an answer, after turning every kind of error answer into an exception.

    RunComfy sometimes reports errors with HTTP 200 and an ``error_code`` body, so the body is
    checked on every answer, not only on 4xx/5xx. Everything kept (body, headers, excerpts) has
    keys blanked out; a body nested deeper than ``MAX_JSON_DEPTH`` counts as malformed.
    """
    headers = redact_headers(response.headers)
    body: object = None
    problem = ""
    if response.over_limit is not None:
        problem = (
            f"the answer is larger than {response.over_limit} bytes (max_response_bytes); "
            "it was not read"
        )
    elif response.content:
        body, problem = _parse(response.content)
    if not 200 <= response.status_code < 300:
        raise status_error(
            response.status_code,
            body if body is not None else excerpt(response.content),
            request_id,
            headers,
        )
    if problem or not isinstance(body, dict):
        text = excerpt(response.content)
        raise ResponseFormatError(
            f"HTTP {response.status_code}: expected a JSON object, got "
            + (f"{problem}: {text!r}" if problem else f"{text!r}"),
            status_code=response.status_code,
            request_id=request_id,
            body=body if body is not None else text,
            headers=headers,
        )
    if body.get("error_code") not in (None, "", 0):
        raise status_error(response.status_code, body, request_id, headers)
    return Answer(body, response.status_code, headers)


def _parse(content: bytes) -> tuple[object, str]:
    """``(value, "")``, or ``(None, what is wrong)``."""
    try:
        value = json.loads(content)
    except RecursionError:  # the decoder recursed to Python's limit: far past MAX_JSON_DEPTH
        return None, f"JSON nested deeper than {MAX_JSON_DEPTH} levels"
    except ValueError:  # JSONDecodeError, UnicodeDecodeError, ints of more than 4300 digits
        return None, "a body that is not JSON"
    # Each level opens a bracket: a body with fewer brackets than the limit cannot be too deep.
    opened = content.count(b"[") + content.count(b"{")
    if opened >= MAX_JSON_DEPTH and _deeper_than(value, MAX_JSON_DEPTH):
        return None, f"JSON nested deeper than {MAX_JSON_DEPTH} levels"
    return redact_json(value, content), ""


def _deeper_than(value: object, limit: int) -> bool:
    """True when ``value`` nests lists and objects more than ``limit`` levels (no recursion)."""
    level: list[object] = [value]
    depth = 0
    while level:
        nested: list[object] = []
        for item in level:
            if isinstance(item, dict):
                nested.extend(item.values())
            elif isinstance(item, list):
                nested.extend(item)
        if not nested:
            return False
        depth += 1
        if depth >= limit:
            return True
        level = nested
    return False
