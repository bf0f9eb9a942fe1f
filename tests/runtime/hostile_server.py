"""A loopback HTTP/1.1 server that misbehaves on purpose, for the deadline tests and the
hostile-server fuzzer (``tests/fuzz/server_fuzz.py``).

Each request is answered as ``plan(request)`` says (a ``Reply``): normally, with its headers or
its body trickled a byte at a time, not at all, or by dropping the connection at a chosen
point. Connections are kept alive, so a later request can run on a reused connection. The
server records what happened (``events``); ``hung_up`` is set when a client closed a
connection while the server was still trickling to it, which is how the tests see that a
deadline was enforced without timing anything.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["HostileServer", "Reply", "Request"]

Mode = Literal[
    "normal",
    "trickle_headers",  # the status line and headers, one byte per interval, forever
    "trickle_body",  # headers at once, then the body one byte per interval, forever
    "stall",  # read the request, then send nothing
    "drop",  # read the request, then close the connection without a byte
    "drop_in_headers",  # half of the headers, then close
    "drop_in_body",  # headers and half of the body, then close
]
SAFETY_SECONDS = 30.0  # a trickle or stall never outlives this, even if no client gives up


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Reply:
    """An answer. ``pad`` spaces follow ``body``, made on the fly (a huge body that never sits in
    memory: after a JSON document it stays valid JSON)."""

    status: int = 200
    body: bytes = b"{}"
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    mode: Mode = "normal"
    interval: float = 0.02
    pad: int = 0


class HostileServer:
    def __init__(self, plan: Callable[[Request], Reply]) -> None:
        self.plan = plan
        self.requests: list[Request] = []
        self.events: list[str] = []
        self.hung_up = threading.Event()
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=64)
        self._listener.settimeout(0.1)
        self._threads: list[threading.Thread] = []
        self._accept = threading.Thread(target=self._serve, name="hostile-server", daemon=True)
        self._accept.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def close(self) -> None:
        self._stop.set()
        self._accept.join(timeout=5)
        self._listener.close()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> HostileServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- serving -------------------------------------------------------------------------------

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            thread = threading.Thread(target=self._connection, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _connection(self, conn: socket.socket) -> None:
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        buffer = b""
        with conn:
            while not self._stop.is_set():
                request, buffer = self._read_request(conn, buffer)
                if request is None:
                    return
                self.requests.append(request)
                if not self._answer(conn, self.plan(request)):
                    return

    def _read_request(self, conn: socket.socket, buffer: bytes) -> tuple[Request | None, bytes]:
        while b"\r\n\r\n" not in buffer:
            chunk = self._recv(conn)
            if not chunk:
                return None, b""
            buffer += chunk
        head, _, rest = buffer.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, path, _ = [*lines[0].split(" "), "", ""][:3]
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length") or 0)
        while len(rest) < length:
            chunk = self._recv(conn)
            if not chunk:
                return None, b""
            rest += chunk
        return Request(method, path, headers, rest[:length]), rest[length:]

    def _recv(self, conn: socket.socket) -> bytes:
        conn.settimeout(0.05)  # short, to notice close() soon
        while not self._stop.is_set():
            try:
                return conn.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return b""
        return b""

    def _answer(self, conn: socket.socket, reply: Reply) -> bool:
        """Send ``reply``; False when the connection is finished."""
        body = reply.body
        head_lines = [f"HTTP/1.1 {reply.status} X"]
        head_lines += [f"{k}: {v}" for k, v in reply.headers.items()]
        # A trickled body announces a length under the size caps (the fuzzer's is 256 KiB) that
        # it never reaches: 100 kB at 50 bytes a second.
        declared = 100_000 if reply.mode == "trickle_body" else len(body) + reply.pad
        head_lines.append(f"Content-Length: {declared}")
        head = ("\r\n".join(head_lines) + "\r\n\r\n").encode("latin-1")
        self.events.append(reply.mode)
        conn.settimeout(10.0)  # a client that reads nothing for that long has gone
        try:
            if reply.mode == "normal":
                conn.sendall(head + body)
                for start in range(0, reply.pad, 65536):
                    conn.sendall(b" " * min(65536, reply.pad - start))
                return True
            if reply.mode == "drop":
                return False
            if reply.mode == "drop_in_headers":
                conn.sendall(head[: len(head) // 2])
                return False
            if reply.mode == "drop_in_body":
                conn.sendall(head + body[: len(body) // 2])
                return False
            if reply.mode == "stall":
                self._stop.wait(SAFETY_SECONDS)
                return False
            if reply.mode == "trickle_headers":
                self._trickle(conn, head * 1000, reply.interval)
                return False
            conn.sendall(head)
            self._trickle(conn, b" " * (1 << 20), reply.interval)
            return False
        except OSError:
            self.hung_up.set()
            return False

    def _trickle(self, conn: socket.socket, data: bytes, interval: float) -> None:
        """One byte per ``interval`` until the client hangs up (``hung_up``) or time is up."""
        end = time.monotonic() + SAFETY_SECONDS
        for index in range(len(data)):
            if self._stop.is_set() or time.monotonic() > end:
                return
            try:
                conn.sendall(data[index : index + 1])
            except OSError:
                self.hung_up.set()
                return
            if self._stop.wait(interval):
                return
