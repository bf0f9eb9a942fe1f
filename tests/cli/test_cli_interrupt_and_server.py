"""Ctrl-C while waiting, and ``runcomfy-py fake-server``."""

from __future__ import annotations

import io
import json
import re
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest
from cli_runner import Cli
from runcomfy_client._status import JobStatus
from runcomfy_client.cli import _progress, main
from runcomfy_client.testing import FakeRunComfy

SEED = "wan-ai/wan-2-6/image-to-image"
EXAMPLE = str(Path(__file__).parents[2] / "schemas" / SEED / "examples" / "radio-hosts.json")


def _interrupt_when(monkeypatch: pytest.MonkeyPatch, state: str) -> None:
    """Press Ctrl-C as soon as the progress line shows ``state``."""
    original = _progress.Progress.update

    def update(self: _progress.Progress, status: JobStatus) -> None:
        original(self, status)
        if status.status == state:
            raise KeyboardInterrupt

    monkeypatch.setattr(_progress.Progress, "update", update)


def _run(
    cli: Cli, url: str, *extra: str, stdin: str = "", terminal: bool = False
) -> tuple[int, str]:
    argv = (
        "run",
        SEED,
        "--base-url",
        url,
        "--poll-interval",
        "0.01",
        "--input-file",
        EXAMPLE,
        *extra,
    )
    ran = cli(*argv, stdin=stdin, terminal=terminal)
    return ran.code, ran.err


def test_ctrl_c_while_queued_without_a_terminal_cancels(
    cli: Cli, served: tuple[FakeRunComfy, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, url = served
    _interrupt_when(monkeypatch, "in_queue")
    code, err = _run(cli, url)
    assert code == 130
    assert "cancelled the job" in err
    assert next(iter(fake.jobs.values())).phase == "cancelled"


def test_ctrl_c_while_queued_can_keep_the_job(
    cli: Cli, served: tuple[FakeRunComfy, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, url = served
    _interrupt_when(monkeypatch, "in_queue")
    code, err = _run(cli, url, "--on-interrupt", "keep")
    job = next(iter(fake.jobs.values()))
    assert code == 130
    assert job.phase == "in_queue"
    assert f"runcomfy-py wait {job.request_id} --model {SEED}" in err
    assert fake.calls("cancel") == []


def test_ctrl_c_on_a_terminal_asks_and_respects_no(
    cli: Cli, served: tuple[FakeRunComfy, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, url = served
    _interrupt_when(monkeypatch, "in_queue")
    code, err = _run(cli, url, stdin="n\n", terminal=True)
    assert code == 130
    assert "cancel the queued job" in err
    assert fake.calls("cancel") == []


def test_ctrl_c_while_running_does_not_try_to_cancel(
    cli: Cli, served: tuple[FakeRunComfy, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, url = served
    _interrupt_when(monkeypatch, "in_progress")
    code, err = _run(cli, url, "--on-interrupt", "cancel")
    assert code == 130
    assert "keeps running" in err
    assert fake.calls("cancel") == []


def _serve_in_thread(cli: Cli, *argv: str) -> tuple[threading.Thread, str, list[int]]:
    """Start ``runcomfy-py fake-server`` (which stops by itself) and return its URL."""
    err = _Stream()
    codes: list[int] = []

    def target() -> None:
        codes.append(main(["fake-server", "--port", "0", *argv], stderr=err))

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    deadline = time.monotonic() + 5
    while not (found := re.search(r"http://127\.0\.0\.1:\d+", err.getvalue())):
        assert time.monotonic() < deadline, "fake-server did not start"
        time.sleep(0.01)
    return thread, found.group(0), codes


class _Stream(io.StringIO):
    """A text stream safe to read while another thread writes."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()

    def write(self, text: str) -> int:
        with self._lock:
            return super().write(text)

    def getvalue(self) -> str:
        with self._lock:
            return super().getvalue()


def test_fake_server_command_serves_runs_and_stops(cli: Cli) -> None:
    thread, url, codes = _serve_in_thread(cli, "--timings", "instant", "--duration", "1.5")
    ran = _run(cli, url)
    thread.join(timeout=5)
    assert ran[0] == 0, ran[1]
    assert not thread.is_alive()
    assert codes == [0]


def test_fake_server_serves_an_explicit_catalog(cli: Cli, tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.json"
    entries = [{"model_id": "acme/old/text-to-image", "input_schema": {"type": "object"}}]
    catalog.write_text(json.dumps({"models": entries, "total": 1}), encoding="utf-8")
    thread, url, _ = _serve_in_thread(cli, "--catalog", str(catalog), "--duration", "1")
    body = httpx.get(
        f"{url}/v1/models?include_schema=true", headers={"authorization": "Bearer x"}
    ).json()
    thread.join(timeout=5)
    assert [m["model_id"] for m in body["models"]] == ["acme/old/text-to-image"]
    assert not thread.is_alive()


def test_fake_server_on_uvicorn_runs_a_job(cli: Cli) -> None:
    pytest.importorskip("uvicorn")
    with socket.socket() as probe:  # uvicorn does not report a port it picked: choose one
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    err = _Stream()
    codes: list[int] = []
    argv = ["fake-server", "--server", "uvicorn", "--port", str(port), "--timings", "instant"]
    thread = threading.Thread(
        target=lambda: codes.append(main([*argv, "--duration", "2"], stderr=err)), daemon=True
    )
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 5
    while True:  # wait until it accepts connections
        try:
            httpx.get(f"{url}/files/x-0.png", timeout=1)
            break
        except httpx.TransportError:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.02)
    code, run_err = _run(cli, url)
    thread.join(timeout=5)
    assert code == 0, run_err
    assert codes == [0]
