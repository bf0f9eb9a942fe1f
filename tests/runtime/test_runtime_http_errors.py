"""HTTP errors, retries and malformed answers, on both clients."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
import respx
from runcomfy_client import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    PaymentRequiredError,
    PermissionDeniedError,
    RateLimitError,
    ResponseFormatError,
    ServerError,
)
from runcomfy_client.testing import ManualClock
from runtime_support import (
    REQUEST_ID,
    RESULT_PATH,
    STATUS_PATH,
    SUBMIT_PATH,
    error,
    resolve,
    status,
    submitted,
    virtual_time,
)


@pytest.mark.parametrize(
    ("status_code", "error_code", "expected"),
    [
        (400, 400001, BadRequestError),
        (401, 401001, AuthenticationError),
        (402, None, PaymentRequiredError),
        (400, 400002, PaymentRequiredError),
        (403, 403001, PermissionDeniedError),
        (404, 404001, NotFoundError),
        (422, 422001, BadRequestError),
    ],
)
async def test_error_answer_raises_the_matching_error_with_code_and_message(
    api: respx.MockRouter, client: Any, status_code: int, error_code: int | None, expected: type
) -> None:
    api.get(STATUS_PATH).mock(return_value=error(status_code, error_code, "server says no"))
    with pytest.raises(expected) as caught:
        await resolve(client.job(REQUEST_ID).status())
    assert caught.value.status_code == status_code
    assert caught.value.error_code == error_code
    assert caught.value.request_id == REQUEST_ID
    assert "server says no" in str(caught.value)


async def test_validation_detail_is_kept_on_the_error_body(
    api: respx.MockRouter, echo: Any
) -> None:
    detail = [{"loc": ["body", "prompt"], "msg": "too long"}]
    body = {"error_code": 422001, "detail": detail}
    api.post(SUBMIT_PATH).mock(return_value=httpx.Response(422, json=body))
    with pytest.raises(BadRequestError, match="too long") as caught:
        await resolve(echo.submit(prompt="x"))
    assert caught.value.body == body


async def test_error_code_in_a_200_answer_raises(api: respx.MockRouter, client: Any) -> None:
    body = {"error_code": 404001, "error_message": "request expired"}
    api.get(STATUS_PATH).mock(return_value=httpx.Response(200, json=body))
    with pytest.raises(NotFoundError, match="request expired") as caught:
        await resolve(client.job(REQUEST_ID).status())
    assert caught.value.status_code == 200


async def test_429_is_retried_after_retry_after_seconds(
    api: respx.MockRouter, client: Any, fake_time: ManualClock
) -> None:
    limited = httpx.Response(429, headers={"Retry-After": "3"}, json={"message": "slow down"})
    api.get(STATUS_PATH).mock(side_effect=[limited, status("in_progress")])
    assert (await resolve(client.job(REQUEST_ID).status())).status == "in_progress"
    assert fake_time.sleeps == [3.0]


async def test_429_retry_after_http_date_is_honoured_relative_to_the_answers_date(
    api: respx.MockRouter, client: Any, fake_time: ManualClock
) -> None:
    sent = format_datetime(datetime.fromtimestamp(1_700_000_000, UTC), usegmt=True)
    when = format_datetime(datetime.fromtimestamp(1_700_000_007, UTC), usegmt=True)
    limited = httpx.Response(429, headers={"Retry-After": when, "Date": sent})
    api.get(STATUS_PATH).mock(side_effect=[limited, status("in_progress")])
    await resolve(client.job(REQUEST_ID).status())
    assert fake_time.sleeps == [7.0]


async def test_429_raises_rate_limit_once_retries_are_used_up(
    api: respx.MockRouter, client: Any
) -> None:
    route = api.get(STATUS_PATH).mock(
        return_value=httpx.Response(429, headers={"Retry-After": "1"})
    )
    with pytest.raises(RateLimitError):
        await resolve(client.job(REQUEST_ID).status())
    assert route.call_count == 3  # the first try + max_retries (2)


@pytest.mark.parametrize("status_code", [500, 503])
async def test_5xx_on_get_is_retried_then_succeeds(
    api: respx.MockRouter, client: Any, fake_time: ManualClock, status_code: int
) -> None:
    api.get(STATUS_PATH).mock(
        side_effect=[error(status_code), error(status_code), status("in_progress")]
    )
    assert (await resolve(client.job(REQUEST_ID).status())).status == "in_progress"
    assert fake_time.sleeps == [0.5, 1.0]  # exponential backoff, jitter off


@pytest.mark.parametrize("status_code", [500, 503])
async def test_5xx_raises_server_error_once_retries_are_used_up(
    api: respx.MockRouter, client: Any, status_code: int
) -> None:
    route = api.get(STATUS_PATH).mock(return_value=error(status_code, 500001, "boom"))
    with pytest.raises(ServerError, match="boom") as caught:
        await resolve(client.job(REQUEST_ID).status())
    assert caught.value.status_code == status_code
    assert route.call_count == 3


async def test_max_retries_zero_makes_a_single_attempt(api: respx.MockRouter, flavour: str) -> None:
    from runtime_support import make_client

    route = api.get(STATUS_PATH).mock(return_value=error(503))
    client = make_client(flavour, virtual_time(), max_retries=0)
    with pytest.raises(ServerError):
        await resolve(client.job(REQUEST_ID).status())
    assert route.call_count == 1


async def test_5xx_on_submit_is_not_retried(api: respx.MockRouter, echo: Any) -> None:
    route = api.post(SUBMIT_PATH).mock(return_value=error(503))
    with pytest.raises(ServerError):
        await resolve(echo.submit(prompt="x"))
    assert route.call_count == 1


async def test_connection_reset_on_get_is_retried_then_succeeds(
    api: respx.MockRouter, client: Any
) -> None:
    reset = httpx.ReadError("Connection reset by peer")
    api.get(STATUS_PATH).mock(side_effect=[reset, status("in_queue", 1)])
    assert (await resolve(client.job(REQUEST_ID).status())).queue_position == 1


async def test_connection_reset_on_submit_is_not_retried(api: respx.MockRouter, echo: Any) -> None:
    # The request may have reached RunComfy: a second POST could start and bill a second job.
    route = api.post(SUBMIT_PATH).mock(side_effect=httpx.ReadError("Connection reset by peer"))
    with pytest.raises(APIConnectionError, match="may have reached"):
        await resolve(echo.submit(prompt="x"))
    assert route.call_count == 1


async def test_connect_error_on_submit_is_retried(api: respx.MockRouter, echo: Any) -> None:
    refused = httpx.ConnectError("Connection refused")
    route = api.post(SUBMIT_PATH).mock(side_effect=[refused, submitted()])
    job = await resolve(echo.submit(prompt="x"))
    assert job.request_id == REQUEST_ID
    assert route.call_count == 2


async def test_read_timeout_raises_api_timeout_after_retries(
    api: respx.MockRouter, client: Any
) -> None:
    route = api.get(STATUS_PATH).mock(side_effect=httpx.ReadTimeout("timed out"))
    with pytest.raises(APITimeoutError):
        await resolve(client.job(REQUEST_ID).status())
    assert route.call_count == 3


async def test_malformed_json_raises_response_format_error_quoting_the_body(
    api: respx.MockRouter, client: Any
) -> None:
    api.get(STATUS_PATH).mock(return_value=httpx.Response(200, content=b'{"status": "in_q'))
    with pytest.raises(ResponseFormatError, match=r'\{"status": "in_q') as caught:
        await resolve(client.job(REQUEST_ID).status())
    assert caught.value.request_id == REQUEST_ID


async def test_long_malformed_body_is_quoted_to_200_characters(
    api: respx.MockRouter, client: Any
) -> None:
    api.get(STATUS_PATH).mock(return_value=httpx.Response(200, content=b"<" + b"x" * 500))
    with pytest.raises(ResponseFormatError) as caught:
        await resolve(client.job(REQUEST_ID).status())
    assert "<" + "x" * 199 + "..." in str(caught.value)
    assert "x" * 200 not in str(caught.value)


async def test_json_that_is_not_an_object_raises_response_format_error(
    api: respx.MockRouter, client: Any
) -> None:
    api.get(STATUS_PATH).mock(return_value=httpx.Response(200, json=["in_queue"]))
    with pytest.raises(ResponseFormatError):
        await resolve(client.job(REQUEST_ID).status())


async def test_status_answer_without_status_raises_response_format_error(
    api: respx.MockRouter, client: Any
) -> None:
    api.get(STATUS_PATH).mock(return_value=httpx.Response(200, json={"request_id": REQUEST_ID}))
    with pytest.raises(ResponseFormatError, match="no usable status"):
        await resolve(client.job(REQUEST_ID).status())


async def test_html_error_page_raises_the_status_error_with_an_excerpt(
    api: respx.MockRouter, client: Any
) -> None:
    page = b"<html><body>502 Bad Gateway</body></html>"
    api.get(STATUS_PATH).mock(return_value=httpx.Response(502, content=page))
    with pytest.raises(ServerError, match="502 Bad Gateway"):
        await resolve(client.job(REQUEST_ID).status())


async def test_unexpected_status_code_raises_the_base_status_error(
    api: respx.MockRouter, client: Any
) -> None:
    api.get(STATUS_PATH).mock(return_value=httpx.Response(409, json={"message": "conflict"}))
    with pytest.raises(APIStatusError, match="conflict") as caught:
        await resolve(client.job(REQUEST_ID).status())
    assert type(caught.value) is APIStatusError


async def test_submit_answer_without_request_id_raises_response_format_error(
    api: respx.MockRouter, echo: Any
) -> None:
    api.post(SUBMIT_PATH).mock(return_value=httpx.Response(200, json={"status": "in_queue"}))
    with pytest.raises(ResponseFormatError, match="no request_id"):
        await resolve(echo.submit(prompt="x"))


async def test_output_not_matching_the_output_model_keeps_the_raw_body(
    api: respx.MockRouter, echo: Any
) -> None:
    api.post(SUBMIT_PATH).mock(return_value=submitted())
    api.get(STATUS_PATH).mock(return_value=status("completed"))
    body = {"status": "succeeded", "output": {"video": "https://files.test/v.mp4"}}
    api.get(RESULT_PATH).mock(return_value=httpx.Response(200, json=body))
    with pytest.raises(ResponseFormatError, match="output schema") as caught:
        await resolve(echo.run(prompt="x"))
    assert caught.value.body == body


async def test_retry_that_would_outlast_the_wait_timeout_is_not_made(
    api: respx.MockRouter, client: Any, fake_time: ManualClock
) -> None:
    limited = httpx.Response(429, headers={"Retry-After": "30"})
    route = api.get(STATUS_PATH).mock(side_effect=[limited, status("completed")])
    with pytest.raises(RateLimitError) as caught:
        await resolve(client.job(REQUEST_ID).wait(timeout=10.0))
    assert caught.value.request_id == REQUEST_ID
    assert route.call_count == 1
    assert fake_time.sleeps == []


async def test_retry_within_the_wait_timeout_is_made(
    api: respx.MockRouter, client: Any, fake_time: ManualClock
) -> None:
    limited = httpx.Response(429, headers={"Retry-After": "3"})
    api.get(STATUS_PATH).mock(side_effect=[limited, status("completed")])
    api.get(RESULT_PATH).mock(return_value=httpx.Response(200, json={"output": {"a": 1}}))
    assert await resolve(client.job(REQUEST_ID).wait(timeout=10.0)) == {"a": 1}
    assert fake_time.sleeps == [3.0]


async def test_connections_dropping_during_wait_raise_connection_error_with_the_request_id(
    api: respx.MockRouter, echo: Any
) -> None:
    api.post(SUBMIT_PATH).mock(return_value=submitted())
    api.get(STATUS_PATH).mock(side_effect=httpx.ReadError("Connection reset by peer"))
    with pytest.raises(APIConnectionError) as caught:
        await resolve(echo.run(prompt="x"))
    assert type(caught.value) is APIConnectionError
    assert caught.value.request_id == REQUEST_ID


async def test_status_timeouts_during_wait_raise_api_timeout_with_the_request_id(
    api: respx.MockRouter, client: Any
) -> None:
    api.get(STATUS_PATH).mock(side_effect=httpx.ReadTimeout("timed out"))
    with pytest.raises(APITimeoutError) as caught:
        await resolve(client.job(REQUEST_ID).wait())
    assert caught.value.request_id == REQUEST_ID


async def test_connection_error_on_submit_has_no_request_id(
    api: respx.MockRouter, echo: Any
) -> None:
    api.post(SUBMIT_PATH).mock(side_effect=httpx.ReadError("Connection reset by peer"))
    with pytest.raises(APIConnectionError) as caught:
        await resolve(echo.submit(prompt="x"))
    assert caught.value.request_id is None


def badly_encoded(request: httpx.Request) -> httpx.Response:
    """An answer that says gzip but is not: httpx raises DecodingError (not a TransportError)."""
    body = httpx.ByteStream(b'{"status": "in_queue"}')
    return httpx.Response(200, headers={"Content-Encoding": "gzip"}, stream=body)


async def test_undecodable_body_on_submit_is_a_connection_error_and_not_retried(
    api: respx.MockRouter, echo: Any
) -> None:
    # The server answered, so a job may have started: the POST must not be repeated.
    route = api.post(SUBMIT_PATH).mock(side_effect=badly_encoded)
    with pytest.raises(APIConnectionError, match=r"DecodingError.*may have reached") as caught:
        await resolve(echo.submit(prompt="x"))
    assert route.call_count == 1
    assert isinstance(caught.value.__cause__, httpx.DecodingError)


async def test_undecodable_body_on_get_is_retried_then_succeeds(
    api: respx.MockRouter, client: Any
) -> None:
    route = api.get(STATUS_PATH).mock(side_effect=[badly_encoded, status("in_queue", 1)])
    assert (await resolve(client.job(REQUEST_ID).status())).queue_position == 1
    assert route.call_count == 2


async def test_undecodable_body_on_get_raises_connection_error_once_retries_are_used_up(
    api: respx.MockRouter, client: Any
) -> None:
    route = api.get(STATUS_PATH).mock(side_effect=badly_encoded)
    with pytest.raises(APIConnectionError, match="DecodingError") as caught:
        await resolve(client.job(REQUEST_ID).status())
    assert caught.value.request_id == REQUEST_ID
    assert route.call_count == 3
