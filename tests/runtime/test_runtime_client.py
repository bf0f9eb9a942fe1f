"""Client construction, model lookup through the generated registry, resuming jobs, closing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import respx
from runcomfy_client import (
    AsyncRunComfy,
    InvalidIdentifierError,
    RunComfy,
    UnknownModelError,
)
from runcomfy_client.models.wan_ai.wan_2_6.image_to_image import (
    AsyncImageToImage,
    ImageToImage,
    ImageToImageOutput,
)
from runtime_support import (
    API_KEY,
    BASE_URL,
    REQUEST_ID,
    RESULT_PATH,
    STATUS_PATH,
    resolve,
    status,
)

WAN = "wan-ai/wan-2-6/image-to-image"


@pytest.fixture
async def generated_client(flavour: str) -> AsyncIterator[Any]:
    cls = RunComfy if flavour == "sync" else AsyncRunComfy
    client = cls(api_key=API_KEY, base_url=BASE_URL)
    yield client
    await resolve(client.close())


def test_model_returns_the_generated_resource_bound_to_the_client(
    generated_client: Any, flavour: str
) -> None:
    resource = generated_client.model(WAN)
    assert type(resource) is (ImageToImage if flavour == "sync" else AsyncImageToImage)
    assert resource.model_id == WAN
    assert resource._client is generated_client


def test_model_and_attribute_access_give_the_same_resource_class(generated_client: Any) -> None:
    by_attribute = generated_client.wan_ai.wan_2_6.image_to_image
    assert type(by_attribute) is type(generated_client.model(WAN))


def test_unknown_model_id_raises_unknown_model(generated_client: Any) -> None:
    with pytest.raises(UnknownModelError, match="regenerate"):
        generated_client.model("nobody/no-model")


def test_model_id_that_could_change_a_path_is_refused_by_model(generated_client: Any) -> None:
    with pytest.raises(InvalidIdentifierError):
        generated_client.model("wan-ai/../x")


async def test_job_resumed_with_a_model_id_returns_the_typed_output(
    api: respx.MockRouter, generated_client: Any
) -> None:
    api.get(STATUS_PATH).mock(return_value=status("completed"))
    body = {"status": "succeeded", "output": {"image": "https://files.test/out.png"}}
    api.get(RESULT_PATH).mock(return_value=httpx.Response(200, json=body))
    job = generated_client.job(REQUEST_ID, model=WAN)
    output = await resolve(job.wait())
    assert isinstance(output, ImageToImageOutput)
    assert job.model_id == WAN


def test_sync_transport_is_used_for_requests() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"status": "in_progress"})

    with RunComfy(api_key=API_KEY, base_url=BASE_URL, transport=httpx.MockTransport(handler)) as c:
        assert c.job(REQUEST_ID).status().is_running
    assert [r.url.path for r in seen] == [STATUS_PATH]


async def test_async_transport_is_used_for_requests() -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"status": "in_queue", "queue_position": 0})

    transport = httpx.MockTransport(handler)
    async with AsyncRunComfy(api_key=API_KEY, base_url=BASE_URL, transport=transport) as c:
        assert (await c.job(REQUEST_ID).status()).queue_position == 0


def test_closing_the_client_closes_the_http_client_it_created() -> None:
    with RunComfy(api_key=API_KEY) as client:
        pass
    assert client._driver.http.is_closed


def test_closing_the_client_leaves_a_given_http_client_open() -> None:
    with httpx.Client() as http:
        with RunComfy(api_key=API_KEY, http_client=http):
            pass
        assert not http.is_closed


async def test_async_close_leaves_a_given_http_client_open() -> None:
    async with httpx.AsyncClient() as http:
        async with AsyncRunComfy(api_key=API_KEY, http_client=http):
            pass
        assert not http.is_closed


def test_given_http_client_is_used(api: respx.MockRouter) -> None:
    route = api.get(STATUS_PATH).mock(return_value=status("in_progress"))
    with httpx.Client(headers={"User-Agent": "my-app/1.0"}) as http:
        RunComfy(api_key=API_KEY, base_url=BASE_URL, http_client=http).job(REQUEST_ID).status()
    assert route.calls.last.request.headers["User-Agent"] == "my-app/1.0"


def test_http_client_and_transport_together_are_refused() -> None:
    with pytest.raises(TypeError, match="not both"):
        RunComfy(http_client=httpx.Client(), transport=httpx.MockTransport(lambda r: None))  # type: ignore[arg-type,return-value]


def test_negative_max_retries_is_refused() -> None:
    with pytest.raises(ValueError, match="max_retries"):
        RunComfy(api_key=API_KEY, max_retries=-1)


def test_job_repr_shows_id_and_model_but_not_the_key(generated_client: Any) -> None:
    text = repr(generated_client.job(REQUEST_ID, model=WAN))
    assert REQUEST_ID in text and WAN in text and API_KEY not in text


def test_library_logging_is_quiet_by_default() -> None:
    import logging

    handlers = logging.getLogger("runcomfy_client").handlers
    # A NullHandler keeps Python's last-resort handler from printing our warnings to stderr.
    assert any(isinstance(h, logging.NullHandler) for h in handlers)


def test_importing_the_client_imports_no_model_module() -> None:
    import subprocess
    import sys

    code = (
        "import sys, runcomfy_client\n"
        "c = runcomfy_client.RunComfy()\n"
        "print(sorted(m for m in sys.modules if m.startswith('runcomfy_client.models.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
