# generated from templates/runtime/testing/_server.py by runcomfy-codegen; do not edit
"""The fake on a loopback socket, with the standard library only (no extra dependency)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import TYPE_CHECKING

from ._wire import FakeRequest

if TYPE_CHECKING:
    from ._fake import FakeRunComfy

__all__ = ["LoopbackServer"]


def _handler_for(fake: FakeRunComfy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "FakeRunComfy/1"
        # Headers and body go out in two writes; with Nagle on, the body waits for the
        # client's delayed ACK of the headers: ~40 ms per request on keep-alive connections.
        disable_nagle_algorithm = True

        def _answer(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            # HTTP/1.1 clients always send Host; it is the origin the client used to reach us.
            host = self.headers.get("host") or "127.0.0.1"
            request = FakeRequest(
                method=self.command,
                target=self.path,
                headers=dict(self.headers.items()),
                body=body,
                origin=f"http://{host}",
            )
            response = fake.handle(request)
            if response.disconnect:
                self.close_connection = True
                return
            self.send_response(response.status_code)
            for key, value in response.headers.items():
                self.send_header(key, value)
            self.send_header("content-length", str(len(response.body)))
            self.end_headers()
            self.wfile.write(response.body)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _answer

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: a test run or a demo should not print one line per poll."""

    return Handler


class _Server(ThreadingHTTPServer):
    # The default listen backlog of 5 overflows when an async client opens its pool of ~100
    # connections at once; the kernel then drops the handshake's last ACK and the client,
    # which believes it is connected, gets a reset (httpx.ReadError) on its request.
    request_queue_size = 1024


class LoopbackServer:
    """A threaded HTTP server for one fake; ``url`` is its base URL (port 0: any free port)."""

    def __init__(self, fake: FakeRunComfy, host: str = "127.0.0.1", port: int = 0) -> None:
        self.fake = fake
        self._server = _Server((host, port), _handler_for(fake))
        self._server.daemon_threads = True
        # A short poll interval makes close() quick: shutdown() waits for the loop to look.
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="fake-runcomfy", daemon=True
        )
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        host = str(self._server.server_address[0])
        return f"http://{host}:{self.port}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LoopbackServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
