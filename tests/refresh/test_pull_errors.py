"""Every way a pull can fail leaves schemas/ exactly as it was, with one clear message."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from refresh_support import KEY, SEED, Puller, entry, obj, snapshot
from runcomfy_client.testing import FakeRunComfy, Fault

from generator.catalog.pull import PullError, PullOptions, pull
from generator.catalog.schema_io import STANDARD_OUTPUT_SCHEMA, schema_text

BASE = "https://catalog.test"


@pytest.fixture
def existing(schemas: Path) -> dict[str, bytes]:
    """A schemas folder with one model and a hand-added file, as it was before the pull."""
    folder = schemas / "vendor/alpha/text-to-image"
    (folder / "examples").mkdir(parents=True)
    (folder / "input.json").write_text(schema_text(obj(old={"type": "string"})), encoding="utf-8")
    (folder / "examples/one.json").write_text('{"old": "x"}', encoding="utf-8")
    return snapshot(schemas)


def pull_with(
    schemas: Path, handler: Callable[[httpx.Request], httpx.Response], **options: Any
) -> None:
    options.setdefault("all", True)
    options.setdefault("api_key", KEY)
    transport = httpx.MockTransport(handler)
    pull(
        PullOptions(schemas=schemas, base_url=BASE, **options),
        transport=transport,
        out=io.StringIO(),
    )


def page(models: list[dict[str, Any]], total: int | None = None) -> httpx.Response:
    return httpx.Response(
        200, json={"models": models, "total": len(models) if total is None else total}
    )


def test_401_says_the_key_was_refused(
    pull_from: Puller, schemas: Path, existing: dict[str, bytes]
) -> None:
    fake = FakeRunComfy(models=[entry("vendor/alpha/text-to-image", SEED)], api_key="the-right-key")
    with pytest.raises(PullError, match=r"HTTP 401: .*RUNCOMFY_API_KEY was refused"):
        pull_from(fake, all=True, api_key="a-wrong-key")
    assert snapshot(schemas) == existing


def test_missing_key_says_to_set_it(
    pull_from: Puller, schemas: Path, existing: dict[str, bytes]
) -> None:
    fake = FakeRunComfy(models=[entry("vendor/alpha/text-to-image", SEED)], api_key=KEY)
    with pytest.raises(PullError, match="RUNCOMFY_API_KEY is not set"):
        pull_from(fake, all=True, api_key=None)
    assert snapshot(schemas) == existing


def test_the_key_never_appears_in_the_message(pull_from: Puller) -> None:
    fake = FakeRunComfy(models=[entry("vendor/alpha/text-to-image", SEED)], api_key="the-right-key")
    with pytest.raises(PullError) as caught:
        pull_from(fake, all=True, api_key="sk-secret-value")
    assert "sk-secret-value" not in str(caught.value)


def test_network_error(pull_from: Puller, schemas: Path, existing: dict[str, bytes]) -> None:
    fake = FakeRunComfy(models=[entry("vendor/alpha/text-to-image", SEED)], api_key=KEY)
    fake.add_fault(Fault(disconnect=True, route="catalog"))
    with pytest.raises(PullError, match="cannot reach the catalog"):
        pull_from(fake, all=True)
    assert snapshot(schemas) == existing


def test_non_json_page(pull_from: Puller, schemas: Path, existing: dict[str, bytes]) -> None:
    fake = FakeRunComfy(models=[entry("vendor/alpha/text-to-image", SEED)], api_key=KEY)
    fake.add_fault(Fault(status=200, raw_body=b"<html>maintenance</html>", route="catalog"))
    with pytest.raises(PullError, match="not JSON"):
        pull_from(fake, all=True)
    assert snapshot(schemas) == existing


def test_server_error_names_the_status(
    pull_from: Puller, schemas: Path, existing: dict[str, bytes]
) -> None:
    fake = FakeRunComfy(models=[entry("vendor/alpha/text-to-image", SEED)], api_key=KEY)
    fake.add_fault(Fault(status=503, route="catalog"))
    with pytest.raises(PullError, match="HTTP 503"):
        pull_from(fake, all=True)
    assert snapshot(schemas) == existing


def test_failure_on_a_later_page_writes_nothing(schemas: Path, existing: dict[str, bytes]) -> None:
    good = [entry(f"bulk/m-{i:03d}/t", SEED) for i in range(100)]

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params["offset"] == "0":
            return page(good, total=150)
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(PullError, match="cannot reach"):
        pull_with(schemas, handler)
    assert snapshot(schemas) == existing


@pytest.mark.parametrize(
    "bad_id", ["../escape/x", "vendor/../../etc", "single", "a/b/c/d/e/f", "/abs/path"]
)
def test_bad_model_id_in_the_catalog(
    schemas: Path, existing: dict[str, bytes], bad_id: str
) -> None:
    catalog = [entry("vendor/alpha/text-to-image", SEED), entry(bad_id, SEED)]
    with pytest.raises(PullError, match="cannot be a folder"):
        pull_with(schemas, lambda request: page(catalog))
    assert snapshot(schemas) == existing
    assert not (schemas.parent / "escape").exists()


def test_bad_model_id_not_selected_is_ignored(schemas: Path, existing: dict[str, bytes]) -> None:
    catalog = [entry("vendor/alpha/text-to-image", SEED), entry("../escape/x", SEED)]
    pull_with(schemas, lambda request: page(catalog), all=False)  # refresh the local model only
    assert (schemas / "vendor/alpha/text-to-image/input.json").read_text(
        encoding="utf-8"
    ) == schema_text(SEED)


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"models": "nope", "total": 1},
        {"models": []},
        {"models": [], "total": True},
        {"error_code": 400004, "error_message": "bad account"},
    ],
)
def test_page_of_the_wrong_shape(schemas: Path, existing: dict[str, bytes], body: Any) -> None:
    with pytest.raises(PullError):
        pull_with(schemas, lambda request: httpx.Response(200, json=body))
    assert snapshot(schemas) == existing


def test_catalog_that_ends_early(schemas: Path, existing: dict[str, bytes]) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        first = request.url.params["offset"] == "0"
        return page([entry("vendor/alpha/text-to-image", SEED)] if first else [], total=5)

    with pytest.raises(PullError, match="ended early"):
        pull_with(schemas, handler)
    assert snapshot(schemas) == existing


def test_entry_without_input_schema(schemas: Path, existing: dict[str, bytes]) -> None:
    bare = {"model_id": "vendor/alpha/text-to-image", "categories": []}
    with pytest.raises(PullError, match="no input_schema"):
        pull_with(schemas, lambda request: page([bare]))
    assert snapshot(schemas) == existing


def test_schema_served_as_a_json_string_is_accepted(
    schemas: Path, existing: dict[str, bytes]
) -> None:
    import json

    served = {**entry("vendor/alpha/text-to-image", SEED), "input_schema": json.dumps(SEED)}
    pull_with(schemas, lambda request: page([served]))
    assert (schemas / "vendor/alpha/text-to-image/input.json").read_text(
        encoding="utf-8"
    ) == schema_text(SEED)


def test_standard_output_json_when_the_catalog_serves_none(schemas: Path) -> None:
    pull_with(schemas, lambda request: page([entry("vendor/new/model", SEED)]))
    output = schemas / "vendor/new/model/output.json"
    assert output.read_text(encoding="utf-8") == schema_text(STANDARD_OUTPUT_SCHEMA)


def test_a_failed_move_undoes_the_moves_already_made(
    schemas: Path, existing: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = [entry("vendor/alpha/text-to-image", SEED), entry("vendor/beta/model", SEED)]
    real_replace = os.replace
    calls = {"n": 0}

    def flaky_replace(src: Any, dst: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 4:  # after the first model's input.json is already in place
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky_replace)
    with pytest.raises(PullError, match="every change was undone"):
        pull_with(schemas, lambda request: page(catalog))
    assert snapshot(schemas) == existing
    assert not (schemas / "vendor/beta").exists()
    assert [p.name for p in schemas.parent.iterdir() if p.name.startswith(".runcomfy-pull-")] == []
