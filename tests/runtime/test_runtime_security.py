"""The API key stays with the API: configuration, origins, ids that could change a path."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
import respx
from runcomfy_client import (
    APIConnectionError,
    AsyncClient,
    AuthenticationError,
    InvalidIdentifierError,
    ResponseFormatError,
    RunComfyError,
    SyncClient,
)
from runtime_support import (
    API_KEY,
    BASE_URL,
    CANCEL_PATH,
    REQUEST_ID,
    RESULT_PATH,
    STATUS_PATH,
    SUBMIT_PATH,
    AsyncEcho,
    Echo,
    assert_key_is_nowhere_in,
    error,
    make_client,
    resolve,
    status,
    submitted,
    succeeded,
    virtual_time,
)


def make_resource(flavour: str, client: Any) -> Any:
    return Echo(client) if flavour == "sync" else AsyncEcho(client)


async def test_missing_api_key_raises_authentication_error_at_the_first_call(
    api: respx.MockRouter, flavour: str
) -> None:
    submit = api.post(SUBMIT_PATH).mock(return_value=submitted())
    client = make_client(
        flavour, virtual_time(), api_key=None
    )  # constructing is fine without a key
    with pytest.raises(AuthenticationError, match="RUNCOMFY_API_KEY"):
        await resolve(make_resource(flavour, client).submit(prompt="x"))
    assert submit.call_count == 0


async def test_api_key_is_read_from_the_environment(
    api: respx.MockRouter, flavour: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RUNCOMFY_API_KEY", "from-env")
    route = api.get(STATUS_PATH).mock(return_value=status("in_progress"))
    client = make_client(flavour, virtual_time(), api_key=None)
    await resolve(client.job(REQUEST_ID).status())
    assert route.calls.last.request.headers["Authorization"] == "Bearer from-env"


def test_base_url_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNCOMFY_BASE_URL", "http://127.0.0.1:8765/")
    assert SyncClient(api_key="k").base_url == "http://127.0.0.1:8765"


def test_default_base_url_is_runcomfys() -> None:
    assert AsyncClient(api_key="k").base_url == "https://model-api.runcomfy.net"


@pytest.mark.parametrize("base_url", ["ftp://example.test", "model-api.runcomfy.net", "https://"])
def test_base_url_that_is_not_http_is_refused(base_url: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        SyncClient(api_key="k", base_url=base_url)


def test_api_key_is_not_in_the_client_repr(flavour: str) -> None:
    client = make_client(flavour, None)
    assert API_KEY not in repr(client)
    assert API_KEY not in repr(client._core)
    assert "api_key=set" in repr(client)


async def test_api_key_is_not_in_error_messages_even_when_the_server_echoes_it(
    api: respx.MockRouter, client: Any
) -> None:
    body = {
        "error_code": 401001,
        "error_message": f"bad token Bearer {API_KEY}",
        "detail": [{"header": f"Authorization: Bearer {API_KEY}", "n": 1}, API_KEY],
        API_KEY: "as a key too",
    }
    api.get(STATUS_PATH).mock(return_value=httpx.Response(401, json=body))
    with pytest.raises(AuthenticationError) as caught:
        await resolve(client.job(REQUEST_ID).status())
    assert_key_is_nowhere_in(caught.value)
    assert caught.value.body == {
        "error_code": 401001,
        "error_message": "bad token Bearer ***",
        "detail": [{"header": "Authorization: Bearer ***", "n": 1}, "***"],
        "***": "as a key too",
    }


async def test_api_key_is_not_in_an_error_body_that_is_not_json(
    api: respx.MockRouter, client: Any
) -> None:
    page = f"<html>Authorization: Bearer {API_KEY}</html>".encode()
    api.get(STATUS_PATH).mock(return_value=httpx.Response(502, content=page))
    with pytest.raises(RunComfyError) as caught:
        await resolve(client.job(REQUEST_ID).status())
    assert_key_is_nowhere_in(caught.value)


async def test_api_key_is_not_in_a_malformed_success_body(
    api: respx.MockRouter, client: Any
) -> None:
    api.get(STATUS_PATH).mock(return_value=httpx.Response(200, json=[f"Bearer {API_KEY}"]))
    with pytest.raises(ResponseFormatError) as caught:
        await resolve(client.job(REQUEST_ID).status())
    assert_key_is_nowhere_in(caught.value)
    assert caught.value.body == ["Bearer ***"]


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ReadError("Connection reset by peer"),
        httpx.ConnectError("Connection refused"),
        httpx.ReadTimeout("timed out"),
        httpx.DecodingError("Error -3 while decompressing data"),
    ],
    ids=lambda failure: type(failure).__name__,
)
async def test_api_key_is_not_in_the_chain_of_a_connection_error(
    api: respx.MockRouter, echo: Any, failure: httpx.RequestError
) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        # As httpx does: the exception keeps the request, whose headers carry the key.
        assert request.headers["Authorization"] == f"Bearer {API_KEY}"
        raise type(failure)(f"{failure} (Bearer {API_KEY})", request=request)

    api.post(SUBMIT_PATH).mock(return_value=submitted())
    api.get(STATUS_PATH).mock(side_effect=fail)
    with pytest.raises(APIConnectionError) as caught:
        await resolve(echo.run(prompt="x"))
    assert caught.value.request_id == REQUEST_ID
    assert isinstance(caught.value.__cause__, type(failure))  # the kind of failure is kept
    assert_key_is_nowhere_in(caught.value)


async def test_api_key_is_not_logged(
    api: respx.MockRouter, echo: Any, caplog: pytest.LogCaptureFixture
) -> None:
    api.post(SUBMIT_PATH).mock(return_value=submitted(status_url="https://evil.test/steal"))
    api.get(STATUS_PATH).mock(side_effect=[error(503), status("completed")])
    api.get(RESULT_PATH).mock(return_value=succeeded())
    with caplog.at_level(logging.DEBUG, logger="runcomfy_client"):
        await resolve(echo.run(prompt="x"))
    assert caplog.records  # something was logged, so the check below means something
    assert all(API_KEY not in record.getMessage() for record in caplog.records)


async def test_cross_origin_status_url_is_not_followed(api: respx.MockRouter, echo: Any) -> None:
    api.post(SUBMIT_PATH).mock(
        return_value=submitted(
            status_url=f"https://evil.test{STATUS_PATH}",
            result_url=f"http://api.runcomfy.test{RESULT_PATH}",  # same host, other scheme
            cancel_url=f"https://api.runcomfy.test:8443{CANCEL_PATH}",  # same host, other port
        )
    )
    own_status = api.get(STATUS_PATH).mock(return_value=status("completed"))
    api.get(RESULT_PATH).mock(return_value=succeeded())
    # Only BASE_URL is mocked: a request to any other origin would fail the test.
    await resolve(echo.run(prompt="x"))
    assert own_status.call_count == 1
    hosts = {call.request.url.host for call in api.calls}
    assert hosts == {"api.runcomfy.test"}
    assert {call.request.url.scheme for call in api.calls} == {"https"}


@pytest.mark.parametrize(
    "returned",
    [
        f"{BASE_URL}/proxy{STATUS_PATH}",  # same origin, another path
        f"{BASE_URL}/v1/requests/{REQUEST_ID}/status/../../../admin/keys",  # dot segments
        f"https://evil@api.runcomfy.test{STATUS_PATH}",  # userinfo
        f"{BASE_URL}{STATUS_PATH}\n",  # control characters: httpx.InvalidURL on every call
        f"{BASE_URL}/v1/requests/{REQUEST_ID}/st\tatus",
        f"{BASE_URL}{STATUS_PATH}\x00",
        f"{BASE_URL}{STATUS_PATH}?next=https://evil.test",
        "x" * 100_000,
    ],
)
async def test_only_the_status_url_built_from_the_request_id_is_requested(
    api: respx.MockRouter, echo: Any, returned: str, caplog: pytest.LogCaptureFixture
) -> None:
    api.post(SUBMIT_PATH).mock(return_value=submitted(status_url=returned))
    own = api.get(STATUS_PATH).mock(return_value=status("in_queue", 2))
    with caplog.at_level(logging.WARNING, logger="runcomfy_client"):
        job = await resolve(echo.submit(prompt="x"))
        assert (await resolve(job.status())).queue_position == 2
    assert own.call_count == 1
    assert [call.request.url.path for call in api.calls] == [SUBMIT_PATH, STATUS_PATH]
    (warning,) = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert "status_url" in warning and len(warning) < 600
    assert "\n" not in warning and "\x00" not in warning


async def test_a_returned_url_that_differs_is_reported_once_per_client(
    api: respx.MockRouter, echo: Any, caplog: pytest.LogCaptureFixture
) -> None:
    odd = {leaf: f"{BASE_URL}/other/{leaf}" for leaf in ("status", "result", "cancel")}
    api.post(SUBMIT_PATH).mock(
        return_value=submitted(
            status_url=odd["status"], result_url=odd["result"], cancel_url=odd["cancel"]
        )
    )
    with caplog.at_level(logging.WARNING, logger="runcomfy_client"):
        for _ in range(3):
            await resolve(echo.submit(prompt="x"))
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1


@pytest.mark.parametrize(
    "bad_id",
    ["../models/x", "abc/def", "abc?x=1", "abc#frag", "abc%2Fdef", "", "a" * 129, "abc def"],
)
def test_path_injection_request_ids_are_refused(flavour: str, bad_id: str) -> None:
    client = make_client(flavour, None)
    with pytest.raises(InvalidIdentifierError):
        client.job(bad_id)


@pytest.mark.parametrize(
    "bad_model",
    [
        "wan-ai/../../v1/requests/x/cancel",
        "wan-ai/./x",
        "wan-ai/x?y=1",
        "wan-ai/x#y",
        "wan-ai/x%2Fy",
        "wan-ai//x",
        "single-segment",
        "wan-ai/x\\y",
    ],
)
async def test_path_injection_model_ids_are_refused_before_any_request(
    api: respx.MockRouter, flavour: str, bad_model: str
) -> None:
    class Hostile(Echo if flavour == "sync" else AsyncEcho):  # type: ignore[misc]
        model_id = bad_model

    client = make_client(flavour, virtual_time())
    with pytest.raises(InvalidIdentifierError):
        await resolve(Hostile(client).submit(prompt="x"))
    assert api.calls.call_count == 0


def test_model_ids_with_dots_and_five_segments_are_accepted() -> None:
    from runcomfy_client._urls import Endpoints

    url = Endpoints(BASE_URL).submit("bytedance/seedance-2.5/image-to-video/1080p/v1.0")
    assert url == f"{BASE_URL}/v1/models/bytedance/seedance-2.5/image-to-video/1080p/v1.0"


async def test_server_returned_request_id_that_could_change_a_path_is_refused(
    api: respx.MockRouter, echo: Any
) -> None:
    api.post(SUBMIT_PATH).mock(return_value=httpx.Response(200, json={"request_id": "../x"}))
    with pytest.raises(RunComfyError, match="invalid request id"):
        await resolve(echo.submit(prompt="x"))


async def test_redirects_are_not_followed_with_the_key(api: respx.MockRouter, client: Any) -> None:
    moved = httpx.Response(302, headers={"Location": "https://evil.test/grab"})
    api.get(STATUS_PATH).mock(return_value=moved)
    with pytest.raises(RunComfyError):
        await resolve(client.job(REQUEST_ID).status())
    assert [call.request.url.host for call in api.calls] == ["api.runcomfy.test"]
