"""Deadlines are hard (issue: a trickling server kept wait(timeout=3) running past 45 s): the
client's per-request ``timeout`` and a wait's timeout bound each whole request, body and headers
included, with both clients and for downloads.

Against a real loopback server (``hostile_server``) that trickles a byte every 20 ms for as long
as the client listens. Nothing here is timed: the server records whether the client hung up
while it was still trickling, which only a client that enforces its deadline does (otherwise the
server's 30 s safety limit ends the trickle and the test fails).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hostile_server import HostileServer, Reply, Request
from runcomfy_client import (
    APITimeoutError,
    AsyncClient,
    DownloadError,
    PollPolicy,
    SyncClient,
    WaitTimeoutError,
    asave,
    save,
)
from runcomfy_client._deadlines import RequestGuard
from runtime_support import API_KEY, REQUEST_ID, resolve

QUEUED = b'{"status": "in_queue", "queue_position": 2}'


def client_for(flavour: str, server: HostileServer, **options: Any) -> Any:
    options.setdefault("max_retries", 0)
    options.setdefault("poll_policy", PollPolicy(interval=0.05, max_interval=0.05, jitter=0.0))
    cls = SyncClient if flavour == "sync" else AsyncClient
    return cls(api_key=API_KEY, base_url=server.url, **options)


@pytest.fixture
def trickling() -> Iterator[HostileServer]:
    with HostileServer(lambda request: Reply(body=QUEUED, mode="trickle_body")) as server:
        yield server


@pytest.mark.parametrize("mode", ["trickle_body", "trickle_headers", "stall"])
async def test_a_request_is_abandoned_when_its_timeout_is_up(flavour: str, mode: str) -> None:
    with HostileServer(lambda request: Reply(body=QUEUED, mode=mode)) as server:  # type: ignore[arg-type]
        client = client_for(flavour, server, timeout=0.3)
        with pytest.raises(APITimeoutError) as caught:
            await resolve(client.job(REQUEST_ID).status())
        assert caught.value.request_id == REQUEST_ID
        if mode != "stall":
            assert server.hung_up.wait(10), "the client kept listening past its timeout"
        await resolve(client.close())


async def test_a_wait_ends_at_its_timeout_even_while_a_poll_trickles(
    flavour: str, trickling: HostileServer
) -> None:
    client = client_for(flavour, trickling, timeout=60)
    with pytest.raises(WaitTimeoutError) as caught:
        await resolve(client.job(REQUEST_ID).wait(timeout=0.3))
    assert caught.value.request_id == REQUEST_ID and caught.value.timeout == 0.3
    assert trickling.hung_up.wait(10)
    await resolve(client.close())


async def test_a_trickled_answer_on_a_reused_connection_is_abandoned_too(flavour: str) -> None:
    # The first poll is answered at once on a kept-alive connection; the second, on the same
    # connection, trickles its headers: the socket is not yet known from the response.
    def plan(request: Request) -> Reply:
        first = len(server.requests) == 1
        return Reply(body=QUEUED, mode="normal" if first else "trickle_headers")

    with HostileServer(plan) as server:
        client = client_for(flavour, server, timeout=0.3)
        job = client.job(REQUEST_ID)
        assert (await resolve(job.status())).queue_position == 2
        with pytest.raises(APITimeoutError):
            await resolve(job.status())
        assert server.hung_up.wait(10)
        await resolve(client.close())


async def test_cancel_on_timeout_still_cancels_when_the_last_poll_hangs(flavour: str) -> None:
    def plan(request: Request) -> Reply:
        if request.path.endswith("/cancel"):
            answer = b'{"status": "cancelled", "outcome": "cancelled"}'
            return Reply(status=202, body=answer)
        return Reply(body=QUEUED, mode="trickle_body")

    with HostileServer(plan) as server:
        client = client_for(flavour, server)
        with pytest.raises(WaitTimeoutError) as caught:
            await resolve(client.job(REQUEST_ID).wait(timeout=0.3, cancel_on_timeout=True))
        assert caught.value.cancel_outcome == "cancelled"
        assert [r.path.rsplit("/", 1)[-1] for r in server.requests][-1] == "cancel"
        await resolve(client.close())


@pytest.mark.parametrize("mode", ["trickle_body", "trickle_headers"])
def test_a_download_is_abandoned_at_its_timeout(tmp_path: Path, mode: str) -> None:
    with HostileServer(lambda request: Reply(body=b"PNG", mode=mode)) as server:  # type: ignore[arg-type]
        with pytest.raises(DownloadError, match="time budget"):
            save(f"{server.url}/files/a.png", tmp_path / "a.png", timeout=0.3)
        assert server.hung_up.wait(10)
    assert list(tmp_path.iterdir()) == []  # no partial file


async def test_an_async_download_is_abandoned_at_its_timeout(tmp_path: Path) -> None:
    with HostileServer(lambda request: Reply(body=b"PNG", mode="trickle_body")) as server:
        with pytest.raises(DownloadError, match="time budget"):
            await asave(f"{server.url}/files/a.png", tmp_path / "a.png", timeout=0.3)
        assert server.hung_up.wait(10)
    assert list(tmp_path.iterdir()) == []


def test_the_guard_wakes_a_blocked_read_at_the_deadline() -> None:
    # The mechanism itself, on a socket pair: a read that nothing answers returns once the
    # guard's deadline passes and it shuts the socket down.
    ours, theirs = socket.socketpair()

    class Stream:
        def get_extra_info(self, name: str) -> object:
            return ours if name == "socket" else None

    guard = RequestGuard()
    ticket = guard.start(0.05)
    guard.attach(ticket, Stream())
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(ours.recv(10)))
    reader.start()
    reader.join(10)
    guard.stop(ticket)
    assert not reader.is_alive() and got == [b""] and ticket.expired
    ours.close()
    theirs.close()
