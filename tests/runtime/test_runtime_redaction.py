"""The redaction rule (``_redaction``): the exact key, long enough to be a secret, wherever it
would show (message, attribute, repr, log record), in one place, even when the server echoes
it; and never a garbled message when the key is short."""

from __future__ import annotations

import gc
import json
import logging
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import respx
from runcomfy_client import (
    APIConnectionError,
    InvalidIdentifierError,
    JobFailedError,
    NotFoundError,
    ResponseFormatError,
    RunComfyError,
)
from runcomfy_client._redaction import MIN_SECRET_LENGTH, redact_text, register_secret
from runtime_support import (
    API_KEY,
    REQUEST_ID,
    RESULT_PATH,
    STATUS_PATH,
    SUBMIT_PATH,
    AsyncEcho,
    Echo,
    assert_key_is_nowhere_in,
    make_client,
    resolve,
    status,
    submitted,
    virtual_time,
)

NOT_FOUND = "Request 'nonexistent-id' does not exist or has expired."


@pytest.mark.parametrize("short_key", ["e", "k", "x-1", "a" * (MIN_SECRET_LENGTH - 1)])
async def test_a_short_key_garbles_no_message(
    api: respx.MockRouter, flavour: str, short_key: str
) -> None:
    api.get(STATUS_PATH).mock(
        return_value=httpx.Response(404, json={"error_code": 404001, "error_message": NOT_FOUND})
    )
    client = make_client(flavour, virtual_time(), api_key=short_key)
    with pytest.raises(NotFoundError) as caught:
        await resolve(client.job(REQUEST_ID).status())
    assert NOT_FOUND in str(caught.value) and "***" not in str(caught.value)
    assert caught.value.body["error_message"] == NOT_FOUND


async def test_a_short_key_garbles_no_connection_error(flavour: str) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    client = make_client(
        flavour, virtual_time(), api_key="k", transport=httpx.MockTransport(refuse), max_retries=0
    )
    with pytest.raises(APIConnectionError, match="Name or service not known"):
        await resolve(client.job(REQUEST_ID).status())


def test_the_exact_key_is_redacted_once_it_is_long_enough() -> None:
    long_key = "K" * MIN_SECRET_LENGTH
    release = register_secret(long_key)
    release_short = register_secret("s" * (MIN_SECRET_LENGTH - 1))
    try:
        assert redact_text(f"a {long_key}!") == "a ***!"
        assert redact_text("s" * (MIN_SECRET_LENGTH - 1)) == "s" * (MIN_SECRET_LENGTH - 1)
        assert redact_text("K" * (MIN_SECRET_LENGTH - 1)) == "K" * (MIN_SECRET_LENGTH - 1)
    finally:
        release()
        release_short()
    assert redact_text(long_key) == long_key  # released: no longer anyone's key


def test_a_key_stays_redacted_while_any_client_holding_it_lives(flavour: str) -> None:
    key = "rc-shared-key-456"
    first, second = make_client(flavour, None, api_key=key), make_client(flavour, None, api_key=key)
    del first
    gc.collect()
    assert redact_text(key) == "***"
    del second
    gc.collect()
    assert redact_text(key) == key


def echoing(spelling: str) -> dict[str, Any]:
    return {"error_code": 401001, "error_message": f"invalid token {spelling}"}


@pytest.mark.parametrize(
    "spelling",
    [API_KEY, quote(API_KEY, safe=""), json.dumps(API_KEY)[1:-1], repr(API_KEY)[1:-1]],
    ids=["plain", "percent-encoded", "json", "repr"],
)
async def test_an_echoed_key_is_not_in_the_error_in_any_spelling(
    api: respx.MockRouter, client: Any, spelling: str
) -> None:
    api.get(STATUS_PATH).mock(
        return_value=httpx.Response(
            401, json=echoing(spelling), headers={"X-Echo": f"Bearer {spelling}"}
        )
    )
    with pytest.raises(RunComfyError) as caught:
        await resolve(client.job(REQUEST_ID).status())
    assert_key_is_nowhere_in(caught.value)
    assert_key_is_nowhere_in(caught.value, spelling)
    assert caught.value.headers["x-echo"] == "Bearer ***"  # type: ignore[attr-defined]


async def test_an_echoed_key_is_not_in_a_job_failure(api: respx.MockRouter, client: Any) -> None:
    api.get(STATUS_PATH).mock(return_value=status("failed"))
    error = {"message": f"auth {API_KEY} rejected", "type": API_KEY, API_KEY: [API_KEY]}
    api.get(RESULT_PATH).mock(
        return_value=httpx.Response(200, json={"status": "failed", "error": error})
    )
    with pytest.raises(JobFailedError) as caught:
        await resolve(client.job(REQUEST_ID).wait())
    assert_key_is_nowhere_in(caught.value)
    assert caught.value.error_message == "auth *** rejected"


@pytest.mark.parametrize(
    "answer",
    [
        {"error_code": API_KEY, "error_message": "x"},
        {"status": API_KEY},
        {"status": "in_queue", "queue_position": 1, "note": API_KEY},
    ],
    ids=["error_code", "status", "extra field"],
)
async def test_an_echoed_key_is_in_no_attribute_of_any_error(
    api: respx.MockRouter, client: Any, answer: dict[str, Any]
) -> None:
    api.get(STATUS_PATH).mock(return_value=httpx.Response(200, json=answer))
    try:
        result = await resolve(client.job(REQUEST_ID).status())
    except RunComfyError as exc:
        assert_key_is_nowhere_in(exc)
    else:
        assert API_KEY not in repr(result)


async def test_a_submit_answer_with_the_key_as_request_id_is_refused(
    api: respx.MockRouter, flavour: str
) -> None:
    api.post(SUBMIT_PATH).mock(return_value=httpx.Response(200, json={"request_id": API_KEY}))
    client = make_client(flavour, virtual_time())
    echo = Echo(client) if flavour == "sync" else AsyncEcho(client)
    with pytest.raises(ResponseFormatError, match="request id") as caught:
        await resolve(echo.submit(prompt="x"))
    assert_key_is_nowhere_in(caught.value)


def test_the_key_is_refused_as_a_request_id(flavour: str) -> None:
    client = make_client(flavour, None)
    with pytest.raises(InvalidIdentifierError, match="API key") as caught:
        client.job(API_KEY)
    assert_key_is_nowhere_in(caught.value)


async def test_no_log_record_shows_an_echoed_key(
    api: respx.MockRouter, echo: Any, caplog: pytest.LogCaptureFixture
) -> None:
    api.post(SUBMIT_PATH).mock(
        return_value=submitted(status_url=f"https://evil.test/steal?key={API_KEY}")
    )
    api.get(STATUS_PATH).mock(return_value=status("completed"))
    api.get(RESULT_PATH).mock(
        return_value=httpx.Response(200, json={"status": "succeeded", "output": {"image": "u"}})
    )
    with caplog.at_level(logging.DEBUG, logger="runcomfy_client"):
        await resolve(echo.run(prompt="x"))
    assert any("status_url" in r.getMessage() for r in caplog.records)
    assert all(API_KEY not in r.getMessage() for r in caplog.records)


def test_a_record_logged_with_the_key_as_an_argument_is_redacted(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from runcomfy_client._redaction import logger

    client = make_client("sync", None)  # its key is redacted while it lives
    with caplog.at_level(logging.WARNING, logger="runcomfy_client"):
        logger.warning("token %s and %r", API_KEY, {"k": API_KEY})
    client.close()
    (record,) = caplog.records
    assert API_KEY not in record.getMessage() and "***" in record.getMessage()
