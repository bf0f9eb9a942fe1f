"""The CLI finds the key as RunComfy's own CLI does (RUNCOMFY_TOKEN, its token file), shows where
it came from (``auth``, ``-v``) and never the key itself."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runner import Cli
from entry_point import PROGRAM, run_program
from runcomfy_client.testing import FakeRunComfy

SEED = "wan-ai/wan-2-6/image-to-image"
BODY = '{"prompt": "two monsters", "image_urls": ["https://example.com/a.png"]}'
KEY = "sk-the-only-good-key"
FAR_FUTURE = 4102444800


@pytest.fixture
def no_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No key in the environment; RunComfy's CLI's config folder (empty) at the returned path."""
    for name in ("RUNCOMFY_API_KEY", "RUNCOMFY_TOKEN", "RUNCOMFY_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RUNCOMFY_CONFIG_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture
def fake_server(no_key: Path) -> Iterator[str]:
    """``runcomfy-py fake-server --api-key KEY`` in a child process; its URL (read from stdout)."""
    server = subprocess.Popen(
        [str(PROGRAM), "fake-server", "--port", "0", "--api-key", KEY, "--timings", "instant"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()  # printed once it listens
        assert url.startswith("http://127.0.0.1:"), url
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_run_no_wait_with_only_runcomfy_token(fake_server: str) -> None:
    ran = run_program(
        "run", SEED, "--input", BODY, "--no-wait",
        env={"RUNCOMFY_TOKEN": KEY, "RUNCOMFY_BASE_URL": fake_server},
    )  # fmt: skip
    assert ran.code == 0, ran.err
    request_id = ran.out.strip()
    status = run_program(
        "status", request_id, env={"RUNCOMFY_TOKEN": KEY, "RUNCOMFY_BASE_URL": fake_server}
    )
    assert (status.code, status.err) == (0, "")
    assert status.out.strip() in ("in_queue", "in_progress", "completed")


def test_run_no_wait_with_only_a_token_file(fake_server: str, no_key: Path) -> None:
    token = {"access_token": KEY, "expires_at": FAR_FUTURE, "user_email": "me@example.com"}
    (no_key / "token.json").write_text(json.dumps(token), encoding="utf-8")
    # RunComfy's CLI's base URL variable, spelled its way (with /v1), works too.
    ran = run_program(
        "run", SEED, "--input", BODY, "--no-wait",
        env={"RUNCOMFY_MODEL_API_BASE": fake_server + "/v1"},
    )  # fmt: skip
    assert ran.code == 0, ran.err
    assert len(ran.out.strip().splitlines()) == 1


@pytest.fixture
def served(no_key: Path) -> Iterator[tuple[FakeRunComfy, str]]:
    fake = FakeRunComfy(api_key=KEY)
    with fake.serve() as server:
        yield fake, server.url


def test_an_expired_token_file_is_not_sent(
    cli: Cli, served: tuple[FakeRunComfy, str], no_key: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RUNCOMFY_API_KEY", raising=False)  # the cli fixture sets one
    token = {"access_token": KEY, "expires_at": int(time.time()) - 5}
    (no_key / "token.json").write_text(json.dumps(token), encoding="utf-8")
    fake, url = served
    ran = cli("submit", SEED, "--input", BODY, "--base-url", url)
    assert ran.code == 77
    assert "expired" in ran.err
    assert "runcomfy login" in ran.err
    assert fake.requests == []


def test_a_malformed_token_file_is_named(
    cli: Cli, no_key: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RUNCOMFY_API_KEY", raising=False)
    (no_key / "token.json").write_text("{oops", encoding="utf-8")
    ran = cli("status", "abc")
    assert ran.code == 77
    assert f"token file {no_key / 'token.json'} is not JSON" in ran.err


@pytest.mark.parametrize(
    ("env", "shown"),
    [
        ({"RUNCOMFY_API_KEY": KEY}, "API key:  RUNCOMFY_API_KEY"),
        ({"RUNCOMFY_TOKEN": KEY}, "API key:  RUNCOMFY_TOKEN"),
        ({}, "API key:  token file "),
    ],
)
def test_auth_shows_the_source_never_the_key(
    cli: Cli,
    no_key: Path,
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    shown: str,
) -> None:
    monkeypatch.delenv("RUNCOMFY_API_KEY", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    token = {"access_token": KEY, "expires_at": FAR_FUTURE, "user_email": "me@example.com"}
    (no_key / "token.json").write_text(json.dumps(token), encoding="utf-8")
    pretty = cli("auth", "--base-url", "http://127.0.0.1:1/v1")
    assert pretty.code == 0, pretty.err
    assert shown in pretty.out
    assert "base URL: http://127.0.0.1:1 (from base_url)" in pretty.out
    document = cli("--json", "auth").json()
    assert document["usable"] is True
    assert document["source"] in ("RUNCOMFY_API_KEY", "RUNCOMFY_TOKEN", "token file")
    verbose = cli("-v", "--fake", "models")
    for ran in (pretty, verbose):
        assert KEY not in ran.out + ran.err
    assert KEY not in json.dumps(document)


def test_auth_without_a_key_exits_77_and_says_where_it_looked(
    cli: Cli, no_key: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RUNCOMFY_API_KEY", raising=False)
    ran = cli("auth")
    assert ran.code == 77
    assert "API key:  none" in ran.out
    assert str(no_key / "token.json") in ran.err


def test_verbose_says_where_the_key_came_from(
    cli: Cli, served: tuple[FakeRunComfy, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RUNCOMFY_API_KEY", raising=False)
    monkeypatch.setenv("RUNCOMFY_TOKEN", KEY)
    ran = cli("-v", "submit", SEED, "--input", BODY, "--base-url", served[1])
    assert ran.code == 0, ran.err
    assert "[v] RunComfy API key: RUNCOMFY_TOKEN" in ran.err
    assert KEY not in ran.err
