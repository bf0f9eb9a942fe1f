"""One set of credentials: api_key=, RUNCOMFY_API_KEY, RUNCOMFY_TOKEN, then the token file of
RunComfy's own CLI; an expired token is never sent; a bad token file is named."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

import pytest
from runcomfy_client import AsyncRunComfy, AuthenticationError, RunComfy
from runcomfy_client._credentials import config_dir, resolve_credentials
from runcomfy_client.testing import FakeRunComfy

SEED = "wan-ai/wan-2-6/image-to-image"
INPUT = {"prompt": "two monsters", "image_urls": ["https://example.com/a.png"]}
FAR_FUTURE = 4102444800  # 2100-01-01


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty config folder of RunComfy's CLI, and no key in the environment."""
    monkeypatch.setenv("RUNCOMFY_CONFIG_DIR", str(tmp_path))
    monkeypatch.delenv("RUNCOMFY_API_KEY", raising=False)
    monkeypatch.delenv("RUNCOMFY_TOKEN", raising=False)
    return tmp_path


def _token_file(folder: Path, **fields: Any) -> Path:
    path = folder / "token.json"
    path.write_text(json.dumps(fields), encoding="utf-8")
    return path


def _submit_sync(fake: FakeRunComfy, **options: Any) -> None:
    with RunComfy(base_url=fake.base_url, transport=fake.transport(), **options) as client:
        client.model(SEED).submit(INPUT)


async def _submit_async(fake: FakeRunComfy, **options: Any) -> None:
    async with AsyncRunComfy(
        base_url=fake.base_url, transport=fake.transport(), **options
    ) as client:
        await client.model(SEED).submit(INPUT)


@pytest.mark.parametrize(
    ("env", "file_token", "used"),
    [
        ({"RUNCOMFY_API_KEY": "k1", "RUNCOMFY_TOKEN": "k2"}, "k3", "k1"),
        ({"RUNCOMFY_TOKEN": "k2"}, "k3", "k2"),
        ({}, "k3", "k3"),
        ({"RUNCOMFY_API_KEY": "  ", "RUNCOMFY_TOKEN": "k2"}, None, "k2"),  # blank is unset
    ],
    ids=["api-key-first", "token-variable-next", "token-file-last", "blank-is-unset"],
)
async def test_sync_and_async_clients_send_the_first_key_found(
    config: Path,
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    file_token: str | None,
    used: str,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    if file_token is not None:
        _token_file(config, access_token=file_token, expires_at=FAR_FUTURE)
    fake = FakeRunComfy(api_key=used)  # refuses any other key
    _submit_sync(fake)
    await _submit_async(fake)
    assert [c.authorized for c in fake.calls("submit")] == [True, True]


def test_api_key_argument_beats_everything(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNCOMFY_API_KEY", "from-env")
    _token_file(config, access_token="from-file")
    fake = FakeRunComfy(api_key="given")
    _submit_sync(fake, api_key="given")
    assert fake.calls("submit")[0].authorized


@pytest.mark.parametrize("flavour", ["sync", "async"])
async def test_an_expired_token_is_not_sent(config: Path, flavour: str) -> None:
    path = _token_file(config, access_token="old", expires_at=int(time.time()) - 60)
    fake = FakeRunComfy()
    with pytest.raises(AuthenticationError) as caught:
        if flavour == "sync":
            _submit_sync(fake)
        else:
            await _submit_async(fake)
    assert fake.requests == []  # nothing was sent
    message = str(caught.value)
    assert str(path) in message
    assert "expired" in message
    assert "runcomfy login" in message
    assert "RUNCOMFY_API_KEY" in message


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("{not json", "is not JSON"),
        ("[1, 2]", "not an object"),
        ('{"refresh_token": "r"}', "no access_token"),
        ('{"access_token": ""}', "no access_token"),
        ('{"access_token": "t", "expires_at": "tomorrow"}', "expires_at must be unix seconds"),
        ('{"access_token": "t", "expires_at": true}', "expires_at must be unix seconds"),
        ('{"access_token": "t", "user_email": 5}', "user_email must be a string"),
        (b"\xff\xfe", "is not JSON"),
    ],
)
def test_a_malformed_token_file_is_an_error_naming_it(
    config: Path, text: str | bytes, said: str
) -> None:
    path = config / "token.json"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    fake = FakeRunComfy()
    with pytest.raises(AuthenticationError) as caught:
        _submit_sync(fake)
    assert fake.requests == []
    assert f"token file {path}" in str(caught.value)
    assert said in str(caught.value)


def test_a_token_file_that_is_a_folder_is_named(config: Path) -> None:
    (config / "token.json").mkdir()
    with pytest.raises(AuthenticationError, match=r"token\.json cannot be read"):
        _submit_sync(FakeRunComfy())


def test_no_key_anywhere_says_every_way_to_give_one(config: Path) -> None:
    with pytest.raises(AuthenticationError) as caught:
        _submit_sync(FakeRunComfy())
    message = str(caught.value)
    for way in ("api_key=", "RUNCOMFY_API_KEY", "RUNCOMFY_TOKEN", "runcomfy login", str(config)):
        assert way in message


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"RUNCOMFY_CONFIG_DIR": "/a/b"}, Path("/a/b")),
        ({"XDG_CONFIG_HOME": "/x"}, Path("/x/runcomfy")),
        ({"HOME": "/home/u"}, Path("/home/u/.config/runcomfy")),
        ({"RUNCOMFY_CONFIG_DIR": "", "XDG_CONFIG_HOME": "/x", "HOME": "/h"}, Path("/x/runcomfy")),
    ],
)
def test_the_config_folder_is_found_as_runcomfys_cli_finds_it(
    env: dict[str, str], expected: Path
) -> None:
    assert config_dir(env) == expected


def test_the_key_never_shows_in_reprs_or_logs(
    config: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _token_file(config, access_token="sk-very-secret", user_email="me@example.com")
    caplog.set_level(logging.DEBUG, logger="runcomfy_client")
    client = RunComfy(base_url="https://fake.runcomfy.test")
    assert "sk-very-secret" not in repr(client)
    assert "token file" in repr(client)
    assert "sk-very-secret" not in repr(resolve_credentials())
    (line,) = [r.getMessage() for r in caplog.records if "API key" in r.getMessage()]
    assert f"token file {config / 'token.json'} (me@example.com)" in line
    assert "sk-very-secret" not in caplog.text
    client.close()
