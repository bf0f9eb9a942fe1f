"""The fake as an httpx transport (in-process, sync and async: ``httpx.MockTransport``) and as an
ASGI application."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any

import httpx

from ._wire import FakeRequest, FakeResponse

if TYPE_CHECKING:
    from ._fake import FakeRunComfy

__all__ = ["make_asgi_app", "mock_transport"]

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


def _origin(url: httpx.URL) -> str:
    port = f":{url.port}" if url.port is not None else ""
    return f"{url.scheme}://{url.host}{port}"


def _dropped(response: FakeResponse, request: httpx.Request | None) -> httpx.TransportError:
    """The error of a dropped connection. A connect error means the request never reached the
    server; a read error means it may have (the case in which a client must not submit again)."""
    if response.reached_server:
        return httpx.ReadError(
            "fake: connection dropped after the request was sent", request=request
        )
    return httpx.ConnectError("fake: connection refused", request=request)


def _to_httpx(response: FakeResponse, request: httpx.Request) -> httpx.Response:
    if response.disconnect:
        raise _dropped(response, request)
    return httpx.Response(
        response.status_code,
        headers=response.headers,
        content=response.body,
        request=request,
    )


def mock_transport(fake: FakeRunComfy) -> httpx.MockTransport:
    """Give it to ``httpx.Client(transport=...)`` or ``httpx.AsyncClient(transport=...)``."""

    def handle(request: httpx.Request) -> httpx.Response:
        # MockTransport has read the body (sync or async) before calling this.
        answer = fake.handle(
            FakeRequest(
                method=request.method,
                target=request.url.raw_path.decode("ascii"),
                headers=dict(request.headers.items()),
                body=request.content,
                origin=_origin(request.url),
            )
        )
        return _to_httpx(answer, request)

    return httpx.MockTransport(handle)


def make_asgi_app(fake: FakeRunComfy) -> Callable[[Scope, Receive, Send], Awaitable[None]]:
    """An ASGI 3 app; origins in returned URLs come from the ``Host`` header."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            raise RuntimeError(f"the fake speaks HTTP only, not {scope['type']}")
        chunks: list[bytes] = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        raw_path = scope.get("raw_path") or scope["path"].encode("utf-8")
        query = scope.get("query_string", b"")
        target = raw_path.decode("ascii", "replace") + (
            f"?{query.decode('ascii', 'replace')}" if query else ""
        )
        host = headers.get("host") or "{}:{}".format(*(scope.get("server") or ("127.0.0.1", 80)))
        request = FakeRequest(
            method=scope["method"],
            target=target,
            headers=headers,
            body=b"".join(chunks),
            origin=f"{scope.get('scheme', 'http')}://{host}",
        )
        response = fake.handle(request)
        if response.disconnect:
            # ASGI cannot drop a connection. Raise the httpx transport error the transport mode
            # raises: httpx.ASGITransport re-raises it (and httpx attaches the request), so a
            # client sees what it sees in the other modes; a server answers it with a bare 500.
            raise _dropped(response, None)
        await send(
            {
                "type": "http.response.start",
                "status": response.status_code,
                "headers": [
                    (k.encode("latin-1"), v.encode("latin-1")) for k, v in response.headers.items()
                ],
            }
        )
        await send({"type": "http.response.body", "body": response.body})

    return app
