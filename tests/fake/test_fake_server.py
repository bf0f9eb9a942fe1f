"""The fake over real sockets (stdlib server on loopback) and as an ASGI app."""

from __future__ import annotations

import httpx
import pytest
from fake_wire import AUTH, SEED_MODEL, Wire, seed_body
from runcomfy_client import APIConnectionError, AsyncRunComfy
from runcomfy_client.testing import FakeRunComfy, Fault


def test_loopback_server_runs_a_whole_job() -> None:
    fake = FakeRunComfy()
    with (
        fake.serve() as server,
        httpx.Client(base_url=server.url, headers=AUTH, timeout=5) as http,
    ):
        assert server.url.startswith("http://127.0.0.1:")
        wire = Wire(http)
        request_id = wire.submit()
        assert wire.poll_until_done(request_id)[-1]["status"] == "completed"
        result = wire.result(request_id)
        # URLs point back at the server that answered, so they can be fetched.
        assert result["output"]["images"][0].startswith(f"{server.url}/files/")
        assert http.get(result["output"]["images"][0]).content.startswith(b"\x89PNG")
    assert [r.route for r in fake.requests][:2] == ["submit", "status"]


def test_loopback_server_stops_when_closed() -> None:
    server = FakeRunComfy().serve()
    url = server.url
    server.close()
    try:
        httpx.get(f"{url}/v1/models", headers=AUTH, timeout=1)
    except httpx.TransportError:
        return
    raise AssertionError("the server still answers after close()")


def test_loopback_server_drops_the_connection_on_a_disconnect_fault() -> None:
    fake = FakeRunComfy()
    fake.add_fault(Fault(route="catalog", disconnect=True))
    with fake.serve() as server, httpx.Client(base_url=server.url, headers=AUTH, timeout=5) as http:
        try:
            http.get("/v1/models")
        except httpx.TransportError:
            pass
        else:
            raise AssertionError("expected the connection to be dropped")
        assert http.get("/v1/models").status_code == 200


async def test_asgi_app_answers_like_the_transport() -> None:
    fake = FakeRunComfy()
    transport = httpx.ASGITransport(app=fake.asgi_app())
    async with httpx.AsyncClient(
        transport=transport, base_url="http://asgi.test", headers=AUTH
    ) as http:
        submitted = await http.post(f"/v1/models/{SEED_MODEL}", json=seed_body())
        assert submitted.status_code == 200
        assert submitted.json()["status_url"].startswith("http://asgi.test/v1/requests/")
        unauthorised = await http.get("/v1/models", headers={"authorization": ""})
        assert unauthorised.status_code == 401


@pytest.mark.parametrize(
    ("after_accept", "error"), [(False, httpx.ConnectError), (True, httpx.ReadError)]
)
async def test_asgi_app_drops_the_connection_like_the_transport(
    after_accept: bool, error: type[httpx.TransportError]
) -> None:
    fake = FakeRunComfy()
    fake.add_fault(Fault(route="submit", disconnect=True, after_accept=after_accept))
    transport = httpx.ASGITransport(app=fake.asgi_app())
    async with httpx.AsyncClient(
        transport=transport, base_url="http://asgi.test", headers=AUTH
    ) as http:
        with pytest.raises(error) as raised:
            await http.post(f"/v1/models/{SEED_MODEL}", json=seed_body())
        assert raised.value.request.url.path == f"/v1/models/{SEED_MODEL}"
        assert (await http.post(f"/v1/models/{SEED_MODEL}", json=seed_body())).status_code == 200


async def test_a_client_over_asgi_sees_a_dropped_connection_as_api_connection_error() -> None:
    fake = FakeRunComfy()
    fake.add_fault(Fault(route="submit", disconnect=True, after_accept=True))
    transport = httpx.ASGITransport(app=fake.asgi_app())
    async with AsyncRunComfy(
        api_key="test-key", base_url="http://asgi.test", transport=transport, max_retries=0
    ) as client:
        with pytest.raises(APIConnectionError):
            await client.model(SEED_MODEL).submit(seed_body())
    assert len(fake.jobs) == 1  # it reached the server and was not submitted again
