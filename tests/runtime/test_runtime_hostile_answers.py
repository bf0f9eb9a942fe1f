"""Answers no honest server sends: each still ends as a typed error carrying the request_id, with
bounded memory and a short, printable message (issue: only RunComfyError leaves the client)."""

from __future__ import annotations

import gzip
import json
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import respx
from runcomfy_client import (
    APIConnectionError,
    APIStatusError,
    ConfigurationError,
    JobFailedError,
    RateLimitError,
    ResponseFormatError,
    ServerError,
    SyncClient,
)
from runcomfy_client._decoding import MAX_JSON_DEPTH, BodyReader
from runtime_support import (
    API_KEY,
    BASE_URL,
    REQUEST_ID,
    RESULT_PATH,
    STATUS_PATH,
    make_client,
    resolve,
    status,
    virtual_time,
)

CHUNK = 64 * 1024


def nested(depth: int) -> bytes:
    return json.dumps({"status": "in_queue", "x": json.loads("[" * depth + "]" * depth)}).encode()


@pytest.mark.parametrize("body", [b"[" * 100_000, b'{"a":' * 100_000, nested(MAX_JSON_DEPTH + 5)])
async def test_a_body_nested_too_deep_is_a_response_format_error_with_the_request_id(
    api: respx.MockRouter, client: Any, body: bytes
) -> None:
    api.get(STATUS_PATH).mock(return_value=httpx.Response(200, content=body))
    with pytest.raises(ResponseFormatError, match=r"nested deeper|not JSON") as caught:
        await resolve(client.job(REQUEST_ID).status())
    assert caught.value.request_id == REQUEST_ID
    assert len(str(caught.value)) < 600


async def test_a_body_nested_within_the_limit_is_read(api: respx.MockRouter, client: Any) -> None:
    api.get(STATUS_PATH).mock(return_value=httpx.Response(200, content=nested(20)))
    assert (await resolve(client.job(REQUEST_ID).status())).is_queued


async def test_a_deep_error_page_still_raises_its_status_error(
    api: respx.MockRouter, client: Any
) -> None:
    api.get(STATUS_PATH).mock(return_value=httpx.Response(404, content=b"[" * 100_000))
    with pytest.raises(APIStatusError) as caught:
        await resolve(client.job(REQUEST_ID).status())
    assert caught.value.status_code == 404 and caught.value.request_id == REQUEST_ID


@pytest.mark.parametrize("code", ["²²²", "٤٠٤٠٠١", "4²2", True, 4.04e5, {"x": 1}, "x" * 100_000])
async def test_an_odd_error_code_is_a_typed_error_with_a_short_message(
    api: respx.MockRouter, client: Any, code: object
) -> None:
    body = {"error_code": code, "error_message": "odd"}
    api.get(STATUS_PATH).mock(return_value=httpx.Response(200, json=body))
    with pytest.raises(APIStatusError) as caught:
        await resolve(client.job(REQUEST_ID).status())
    assert caught.value.request_id == REQUEST_ID
    assert len(str(caught.value)) < 600


async def test_server_text_in_messages_is_shortened_and_printable(
    api: respx.MockRouter, client: Any
) -> None:
    body = {"error_code": 404001, "error_message": "gone\x1b[31m\r\nInjected: line" + "x" * 50_000}
    api.get(STATUS_PATH).mock(return_value=httpx.Response(404, json=body))
    with pytest.raises(APIStatusError) as caught:
        await resolve(client.job(REQUEST_ID).status())
    message = str(caught.value)
    assert "\x1b" not in message and "\n" not in message and "\\x1b" in message
    assert len(message) < 600
    assert caught.value.body == body  # the body itself is kept whole


async def test_a_huge_failure_reason_is_shortened_in_the_message_only(
    api: respx.MockRouter, client: Any
) -> None:
    reason = "out of memory " * 20_000
    api.get(STATUS_PATH).mock(return_value=status("failed"))
    api.get(RESULT_PATH).mock(
        return_value=httpx.Response(200, json={"status": "failed", "error": reason})
    )
    with pytest.raises(JobFailedError) as caught:
        await resolve(client.job(REQUEST_ID).wait())
    assert len(str(caught.value)) < 1200 and caught.value.error_message == reason


@pytest.mark.parametrize("state", ["x" * 65, "in_queue\n", "in\x00queue", "", 7, ["in_queue"]])
async def test_a_status_that_cannot_be_shown_is_a_response_format_error(
    api: respx.MockRouter, client: Any, state: object
) -> None:
    api.get(STATUS_PATH).mock(return_value=httpx.Response(200, json={"status": state}))
    with pytest.raises(ResponseFormatError, match="no usable status") as caught:
        await resolve(client.job(REQUEST_ID).status())
    assert caught.value.request_id == REQUEST_ID and len(str(caught.value)) < 600


# ---- the size cap -------------------------------------------------------------------------------


class Counted:
    """A streamed body of ``chunks`` chunks; counts how many the client pulled."""

    def __init__(self, chunks: int, data: bytes = b"x" * CHUNK) -> None:
        self.chunks, self.data, self.pulled = chunks, data, 0

    def __iter__(self) -> Iterator[bytes]:
        for _ in range(self.chunks):
            self.pulled += 1
            yield self.data

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self:
            yield chunk


def streaming_client(flavour: str, answer: Any, **options: Any) -> Any:
    """A client whose every request gets ``answer()`` (an httpx.Response), streamed."""

    def handle(request: httpx.Request) -> httpx.Response:
        return answer()

    async def ahandle(request: httpx.Request) -> httpx.Response:
        return answer()

    transport = httpx.MockTransport(handle if flavour == "sync" else ahandle)
    return make_client(flavour, virtual_time(), transport=transport, **options)


async def test_an_answer_over_the_cap_is_not_read_further(flavour: str) -> None:
    body = Counted(1000)  # 64 MiB
    client = streaming_client(
        flavour,
        lambda: httpx.Response(200, content=body if flavour == "sync" else body.__aiter__()),
        max_response_bytes=1024 * 1024,
    )
    with pytest.raises(ResponseFormatError, match="larger than 1048576 bytes") as caught:
        await resolve(client.job(REQUEST_ID).status())
    assert body.pulled <= 1024 * 1024 // CHUNK + 2
    assert caught.value.request_id == REQUEST_ID
    assert caught.value.status_code == 200


async def test_an_announced_length_over_the_cap_is_not_read_past_its_start(flavour: str) -> None:
    body = Counted(10)

    def answer() -> httpx.Response:
        content = body if flavour == "sync" else body.__aiter__()
        return httpx.Response(200, content=content, headers={"Content-Length": str(10 * CHUNK)})

    client = streaming_client(flavour, answer, max_response_bytes=CHUNK)
    with pytest.raises(ResponseFormatError, match="larger than"):
        await resolve(client.job(REQUEST_ID).status())
    assert body.pulled == 1  # the start, for the error's excerpt


async def test_an_error_page_over_the_cap_still_raises_its_status_error(
    api: respx.MockRouter, flavour: str
) -> None:
    page = b"<html>upstream down</html>" + b" " * (2 * 1024 * 1024)
    api.get(STATUS_PATH).mock(return_value=httpx.Response(503, content=page))
    client = make_client(flavour, virtual_time(), max_response_bytes=1024 * 1024)
    with pytest.raises(ServerError, match="upstream down") as caught:
        await resolve(client.job(REQUEST_ID).status())
    assert caught.value.status_code == 503


async def test_a_compressed_answer_is_decompressed(api: respx.MockRouter, client: Any) -> None:
    packed = gzip.compress(json.dumps({"status": "in_progress"}).encode())
    api.get(STATUS_PATH).mock(
        return_value=httpx.Response(200, content=packed, headers={"Content-Encoding": "gzip"})
    )
    assert (await resolve(client.job(REQUEST_ID).status())).is_running
    sent = api.calls.last.request.headers["Accept-Encoding"]
    assert sent == "gzip, deflate"


@pytest.mark.parametrize(
    ("encoding", "content"), [("gzip", b"\x1f\x8b not gzip at all"), ("br", b"x"), ("zstd", b"x")]
)
async def test_a_body_that_cannot_be_decompressed_is_a_connection_error_with_the_request_id(
    flavour: str, encoding: str, content: bytes
) -> None:
    def answer() -> httpx.Response:
        chunks = Counted(1, content)
        stream = chunks if flavour == "sync" else chunks.__aiter__()
        return httpx.Response(200, content=stream, headers={"Content-Encoding": encoding})

    client = streaming_client(flavour, answer)
    with pytest.raises(APIConnectionError, match="DecodingError") as caught:
        await resolve(client.job(REQUEST_ID).status())
    assert caught.value.request_id == REQUEST_ID


async def test_a_streamed_compressed_answer_is_decompressed(flavour: str) -> None:
    packed = zlib.compress(json.dumps({"status": "in_queue", "queue_position": 4}).encode())

    def answer() -> httpx.Response:
        chunks = Counted(1, packed)
        stream = chunks if flavour == "sync" else chunks.__aiter__()
        return httpx.Response(200, content=stream, headers={"Content-Encoding": "deflate"})

    client = streaming_client(flavour, answer)
    assert (await resolve(client.job(REQUEST_ID).status())).queue_position == 4


def test_a_compression_bomb_is_stopped_with_flat_memory() -> None:
    bomb = zlib.compress(b"\0" * (64 * 1024 * 1024), 9)  # ~64 KiB that inflate to 64 MiB
    assert len(bomb) < 100 * 1024
    tracemalloc.start()
    try:
        reader = BodyReader({"content-encoding": "deflate"}, limit=1024 * 1024)
        for start in range(0, len(bomb), 8192):
            if not reader.feed(bomb[start : start + 8192]):
                break
        answer = reader.answer(200, {})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert answer.over_limit == 1024 * 1024 and len(answer.content) <= 4096
    assert peak < 4 * 1024 * 1024  # the limit plus zlib's window, not the 64 MiB


@pytest.mark.parametrize("length", ["²²", "-1", "1e9", ""])
def test_an_announced_length_that_is_not_a_number_is_ignored(length: str) -> None:
    reader = BodyReader({"content-length": length}, limit=10)
    assert reader.feed(b"12345")
    assert reader.answer(200, {}).content == b"12345"


@pytest.mark.parametrize("value", [0, -1, 1.5, True, "16"])
def test_max_response_bytes_must_be_a_positive_whole_number(value: Any) -> None:
    with pytest.raises(ConfigurationError, match="max_response_bytes"):
        SyncClient(api_key=API_KEY, base_url=BASE_URL, max_response_bytes=value)


# ---- headers kept on errors ---------------------------------------------------------------------


async def test_errors_built_from_answers_keep_their_headers(
    api: respx.MockRouter, flavour: str
) -> None:
    limited = httpx.Response(
        429, json={"error_code": 429001}, headers={"Retry-After": "120", "X-Request-Id": "gw-9"}
    )
    api.get(STATUS_PATH).mock(return_value=limited)
    client = make_client(flavour, virtual_time(), max_retries=0)
    with pytest.raises(RateLimitError) as caught:
        await resolve(client.job(REQUEST_ID).status())
    assert caught.value.headers["retry-after"] == "120"
    assert caught.value.headers["x-request-id"] == "gw-9"

    api.get(STATUS_PATH).mock(
        return_value=httpx.Response(200, json={"no": "status"}, headers={"X-Request-Id": "gw-10"})
    )
    with pytest.raises(ResponseFormatError) as malformed:
        await resolve(client.job(REQUEST_ID).status())
    assert malformed.value.headers["x-request-id"] == "gw-10"
