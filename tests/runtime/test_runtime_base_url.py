"""A base URL with or without the trailing /v1 means the same API, in the client, the fake and
pull; RUNCOMFY_BASE_URL (ours) and RUNCOMFY_MODEL_API_BASE (RunComfy's CLI's) are both read."""

from __future__ import annotations

import httpx
import pytest
from runcomfy_client import AsyncRunComfy, RunComfy
from runcomfy_client._urls import normalise_base_url, resolve_base_url
from runcomfy_client.testing import FakeRunComfy

from generator.catalog.fetch import base_url_from

SEED = "wan-ai/wan-2-6/image-to-image"
INPUT = {"prompt": "two monsters", "image_urls": ["https://example.com/a.png"]}


@pytest.mark.parametrize(
    ("given", "normal"),
    [
        ("https://model-api.runcomfy.net", "https://model-api.runcomfy.net"),
        ("https://model-api.runcomfy.net/", "https://model-api.runcomfy.net"),
        ("https://model-api.runcomfy.net/v1", "https://model-api.runcomfy.net"),
        ("https://model-api.runcomfy.net/v1/", "https://model-api.runcomfy.net"),
        ("https://proxy.test/runcomfy/V1", "https://proxy.test/runcomfy"),
        ("http://127.0.0.1:8765/v1", "http://127.0.0.1:8765"),
        ("https://host.test/v10", "https://host.test/v10"),  # only a whole /v1 segment
        ("https://host.test/apiv1", "https://host.test/apiv1"),
    ],
)
def test_normalise_drops_one_trailing_v1(given: str, normal: str) -> None:
    assert normalise_base_url(given) == normal


@pytest.mark.parametrize(
    ("env", "explicit", "expected"),
    [
        ({}, None, ("https://model-api.runcomfy.net", "default")),
        (
            {"RUNCOMFY_MODEL_API_BASE": "http://b/v1"},
            None,
            ("http://b/v1", "RUNCOMFY_MODEL_API_BASE"),
        ),
        (
            {"RUNCOMFY_MODEL_API_BASE": "http://b/v1", "RUNCOMFY_BASE_URL": "http://a"},
            None,
            ("http://a", "RUNCOMFY_BASE_URL"),
        ),
        ({"RUNCOMFY_BASE_URL": "http://a"}, "http://c", ("http://c", "base_url")),
        ({"RUNCOMFY_BASE_URL": "  "}, None, ("https://model-api.runcomfy.net", "default")),
    ],
)
def test_which_base_url_wins(
    env: dict[str, str], explicit: str | None, expected: tuple[str, str]
) -> None:
    assert resolve_base_url(explicit, env) == expected


def _paths(fake: FakeRunComfy) -> list[str]:
    return [call.path for call in fake.requests]


@pytest.mark.parametrize("suffix", ["", "/", "/v1", "/v1/"])
async def test_clients_request_v1_once_whatever_the_spelling(suffix: str) -> None:
    fake = FakeRunComfy()
    base = fake.base_url + suffix
    with RunComfy(api_key="k", base_url=base, transport=fake.transport()) as client:
        client.model(SEED).submit(INPUT)
    async with AsyncRunComfy(api_key="k", base_url=base, transport=fake.transport()) as client:
        await client.model(SEED).submit(INPUT)
    assert _paths(fake) == [f"/v1/models/{SEED}"] * 2


def test_runcomfys_cli_variable_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeRunComfy()
    monkeypatch.delenv("RUNCOMFY_BASE_URL", raising=False)
    monkeypatch.setenv("RUNCOMFY_MODEL_API_BASE", fake.base_url + "/v1")
    with RunComfy(api_key="k", transport=fake.transport()) as client:
        assert client.base_url == fake.base_url
        client.model(SEED).submit(INPUT)
    assert _paths(fake) == [f"/v1/models/{SEED}"]


def test_the_fake_takes_either_spelling_and_explains_a_doubled_v1() -> None:
    fake = FakeRunComfy(base_url="https://fake.runcomfy.test/v1/")
    assert fake.base_url == "https://fake.runcomfy.test"
    with fake.serve() as server:
        doubled = httpx.post(f"{server.url}/v1/v1/models/{SEED}", json=INPUT)
        missing = httpx.post(f"{server.url}/models/{SEED}", json=INPUT)
    assert doubled.status_code == missing.status_code == 404
    assert "ends in /v1 and the client added /v1 again" in doubled.json()["error_message"]
    assert "RUNCOMFY_MODEL_API_BASE=<this server>/v1" in missing.json()["error_message"]


@pytest.mark.parametrize(
    ("env", "explicit", "expected"),
    [
        ({"RUNCOMFY_MODEL_API_BASE": "http://b/v1"}, None, "http://b"),
        ({"RUNCOMFY_BASE_URL": "http://a/v1/"}, None, "http://a"),
        ({}, "http://c/v1", "http://c"),
    ],
)
def test_pull_reads_the_base_url_by_the_clients_rules(
    env: dict[str, str], explicit: str | None, expected: str
) -> None:
    assert base_url_from(explicit, env) == expected
