"""The shortcuts taken for speed keep every guarantee they stand in for.

* answers skip the redaction walk when their bytes cannot hold a key: every way JSON can spell a
  key (escapes, UTF-16 and UTF-32, byte-order marks, keys of objects, headers) is still blanked;
* answers skip the depth walk when they have fewer brackets than the limit: brackets inside
  strings do not fool it, and a deep answer is still refused;
* the same-origin check passes the client's own URLs by prefix: look-alike hosts still fail;
* the drivers reuse parsed URLs: every job's requests still go to that job's URLs;
* the deadline timer drops cancelled calls: its queue stays small however many requests end.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import respx
from runcomfy_client import ResponseFormatError
from runcomfy_client._deadlines import RequestGuard, _timer
from runcomfy_client._decoding import MAX_JSON_DEPTH, decode_body
from runcomfy_client._protocol import HttpResponse
from runcomfy_client._redaction import MASK, register_secret
from runcomfy_client._urls import Endpoints
from runtime_support import API_KEY, BASE_URL, resolve, status

HEADERS = {"content-type": "application/json"}


@pytest.fixture(autouse=True)
def _key_registered() -> Iterator[None]:
    release = register_secret(API_KEY)
    yield
    release()


def _escaped(text: str) -> str:
    return "".join(f"\\u{ord(c):04x}" for c in text)


def _bodies() -> list[tuple[str, bytes]]:
    plain = json.dumps({"request_id": "r1", "status": "in_queue", "note": f"key {API_KEY}"})
    one_escaped = API_KEY[:3] + _escaped(API_KEY[3]) + API_KEY[4:]
    return [
        ("plain", plain.encode()),
        ("every character escaped", f'{{"note": "{_escaped(API_KEY)}"}}'.encode()),
        ("one character escaped", f'{{"note": "{one_escaped}"}}'.encode()),
        ("as an object key", json.dumps({API_KEY: 1}).encode()),
        ("utf-8 with a byte-order mark", b"\xef\xbb\xbf" + plain.encode()),
        ("utf-16-le", plain.encode("utf-16-le")),
        ("utf-16-be", plain.encode("utf-16-be")),
        ("utf-16 with a byte-order mark", plain.encode("utf-16")),
        ("utf-32", plain.encode("utf-32")),
    ]


@pytest.mark.parametrize(("spelling", "body"), _bodies(), ids=[name for name, _ in _bodies()])
def test_a_key_in_an_answer_is_blanked_however_the_json_spells_it(
    spelling: str, body: bytes
) -> None:
    answer = decode_body(HttpResponse(200, HEADERS, body), request_id="r1")
    shown = json.dumps(answer.body)
    assert API_KEY not in shown and MASK in shown, spelling


def test_a_key_in_a_header_is_blanked() -> None:
    headers = {**HEADERS, "x-echo": f"Bearer {API_KEY}"}
    answer = decode_body(HttpResponse(200, headers, b'{"status": "in_queue"}'), request_id="r1")
    assert answer.headers["x-echo"] == f"Bearer {MASK}"


def test_an_answer_without_a_key_is_returned_as_sent() -> None:
    body = {"request_id": "r1", "status": "completed", "output": {"images": ["https://a/b.png"]}}
    answer = decode_body(HttpResponse(200, HEADERS, json.dumps(body).encode()), request_id="r1")
    assert answer.body == body


def test_brackets_inside_strings_do_not_make_an_answer_too_deep() -> None:
    body = {"status": "in_queue", "note": "[{" * MAX_JSON_DEPTH}
    answer = decode_body(HttpResponse(200, HEADERS, json.dumps(body).encode()), request_id="r1")
    assert answer.body == body


def test_a_deep_answer_is_still_refused() -> None:
    deep = b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH
    body = b'{"status": "in_queue", "x": ' + deep + b"}"
    with pytest.raises(ResponseFormatError, match="deeper"):
        decode_body(HttpResponse(200, HEADERS, body), request_id="r1")


@pytest.mark.parametrize(
    "url",
    [
        "https://api.runcomfy.test.evil.com/v1/requests/r/status",
        "https://api.runcomfy.test@evil.com/v1/requests/r/status",
        "https://api.runcomfy.test:8443/v1/requests/r/status",
        "http://api.runcomfy.test/v1/requests/r/status",
        "https://evil.com/https://api.runcomfy.test/v1",
    ],
)
def test_look_alike_urls_are_not_the_apis_origin(url: str) -> None:
    assert not Endpoints.parse(BASE_URL).is_same_origin(url)


@pytest.mark.parametrize(
    "url",
    [
        f"{BASE_URL}/v1/requests/r/status",
        "HTTPS://API.RUNCOMFY.TEST/v1/requests/r/status",  # no prefix match: the full check
        "https://api.runcomfy.test:443/v1/requests/r/status",
    ],
)
def test_the_apis_own_urls_are_its_origin(url: str) -> None:
    assert Endpoints.parse(BASE_URL).is_same_origin(url)


async def test_every_job_is_asked_at_its_own_urls_however_many_there_are(
    api: respx.MockRouter, client: Any
) -> None:
    ids = [f"job-{n:04d}" for n in range(300)]  # more than any cache of parsed URLs holds
    routes = {
        request_id: api.get(f"/v1/requests/{request_id}/status").mock(
            return_value=status("in_queue", n)
        )
        for n, request_id in enumerate(ids)
    }
    for round_ in range(2):
        for n, request_id in enumerate(ids):
            seen = await resolve(client.job(request_id).status())
            assert seen.queue_position == n
            assert routes[request_id].call_count == round_ + 1


def test_ended_requests_leave_nothing_in_the_deadline_timer() -> None:
    guard = RequestGuard()
    for _ in range(5000):
        ticket = guard.start(60.0)
        guard.stop(ticket)
        assert ticket.timer is not None and ticket.timer.function is None
    assert len(_timer._queue) < 200


def test_the_package_and_the_blocking_client_do_not_load_asyncio() -> None:
    # asyncio and what it loads (subprocess, signal, concurrent.futures) were a tenth of the
    # import; only the async client needs them.
    code = (
        "import sys, runcomfy_client\n"
        "runcomfy_client.RunComfy(api_key='rc-test-key-12345').close()\n"
        "loaded = sorted(m for m in ('asyncio', 'difflib', 'subprocess') if m in sys.modules)\n"
        "print(','.join(loaded))\n"
        "runcomfy_client.AsyncRunComfy(api_key='rc-test-key-12345')\n"
        "print('asyncio' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == ["True"], done.stdout  # nothing listed, then asyncio for async
