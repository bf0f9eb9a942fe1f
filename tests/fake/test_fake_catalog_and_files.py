"""The catalog endpoint, explicit catalogs, output files and output schemas."""

from __future__ import annotations

import io
from typing import Any

import httpx
import jsonschema
import pytest
from fake_wire import AUTH, SEED_MODEL, Wire
from PIL import Image
from runcomfy_client._registry import MODELS
from runcomfy_client._schemas import load_schema
from runcomfy_client.testing import FakeRunComfy, Timings


def test_catalog_lists_every_registry_model_sorted(http: httpx.Client) -> None:
    body = http.get("/v1/models").json()
    assert [m["model_id"] for m in body["models"]] == sorted(MODELS)
    assert body["total"] == len(MODELS)
    assert "input_schema" not in body["models"][0]


def test_catalog_pages_with_limit_and_offset(http: httpx.Client) -> None:
    pages = [http.get(f"/v1/models?limit=1&offset={i}").json() for i in range(len(MODELS) + 1)]
    assert [m["model_id"] for page in pages for m in page["models"]] == sorted(MODELS)
    assert pages[-1]["models"] == []
    assert {page["total"] for page in pages} == {len(MODELS)}


def test_catalog_includes_schemas_on_request(http: httpx.Client) -> None:
    body = http.get("/v1/models?include_schema=true").json()
    entry = next(m for m in body["models"] if m["model_id"] == SEED_MODEL)
    assert entry["input_schema"] == load_schema(SEED_MODEL, "input")
    assert entry["output_schema"] == {"output": load_schema(SEED_MODEL, "output")}


def test_an_explicit_catalog_is_served_as_given() -> None:
    catalog: list[dict[str, Any]] = [
        {
            "model_id": "acme/new/text-to-image",
            "input_schema": {"type": "object"},
            "base_price_usd": 0.1,
        },
        {"model_id": "acme/old/text-to-image", "input_schema": {"type": "object"}},
    ]
    fake = FakeRunComfy(models=catalog)
    with httpx.Client(transport=fake.transport(), base_url="http://f", headers=AUTH) as http:
        body = http.get("/v1/models?include_schema=true").json()
    assert [m["model_id"] for m in body["models"]] == [
        "acme/new/text-to-image",
        "acme/old/text-to-image",
    ]
    assert body["models"][0]["base_price_usd"] == 0.1
    assert body["models"][0]["input_schema"] == {"type": "object"}


def test_an_explicit_catalog_model_can_run() -> None:
    schema = {
        "type": "object",
        "required": ["prompt"],
        "properties": {"prompt": {"type": "string"}},
    }
    fake = FakeRunComfy(models=[{"model_id": "acme/x/text-to-image", "input_schema": schema}])
    with httpx.Client(transport=fake.transport(), base_url="http://f", headers=AUTH) as http:
        wire = Wire(http)
        bad = http.post("/v1/models/acme/x/text-to-image", json={"prompt": 1})
        request_id = wire.submit({"prompt": "a cat"}, model="acme/x/text-to-image")
        wire.poll_until_done(request_id)
        assert wire.result(request_id)["output"]["images"][0].endswith(".png")
    assert bad.status_code == 422


def _run(wire: Wire, model: str, body: dict[str, Any]) -> dict[str, Any]:
    """The ``output`` of a completed job."""
    request_id = wire.submit(body, model=model)
    wire.poll_until_done(request_id)
    output: dict[str, Any] = wire.result(request_id)["output"]
    return output


def _minimal_input(model_id: str) -> dict[str, Any]:
    """The required fields, filled from the schema's defaults or a plausible value."""
    schema = load_schema(model_id, "input")
    body: dict[str, Any] = {}
    for name in schema.get("required", []):
        prop = schema["properties"][name]
        if "default" in prop:
            body[name] = prop["default"]
        elif prop.get("type") == "array":
            body[name] = ["https://example.com/a.png"]
        elif prop.get("format", "").endswith("uri"):
            body[name] = "https://example.com/a.png"
        else:
            body[name] = "a cat"
    return body


@pytest.mark.parametrize("model_id", sorted(MODELS))
def test_outputs_validate_against_the_output_schema(wire: Wire, model_id: str) -> None:
    output = _run(wire, model_id, _minimal_input(model_id))
    assert output, "an empty output says nothing about the schema"
    schema = load_schema(model_id, "output")
    jsonschema.validate(output, schema, format_checker=jsonschema.FormatChecker())


def test_video_models_answer_with_videos(wire: Wire) -> None:
    output = _run(
        wire, "wan-ai/wan-2-6/image-to-video", _minimal_input("wan-ai/wan-2-6/image-to-video")
    )
    assert set(output) <= {"video", "videos"}


def test_output_images_are_real_pngs_served_by_the_fake(wire: Wire) -> None:
    output = _run(wire, SEED_MODEL, _minimal_input(SEED_MODEL))
    url = output["images"][0]
    response = wire.http.get(url, headers={"authorization": ""})
    assert response.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG"
    assert image.size == (64, 64)


def test_num_images_sets_the_number_of_images(wire: Wire) -> None:
    output = _run(wire, "stability/sdxl/text-to-image", {"prompt": "cats", "num_images": 3})
    assert len(output["images"]) == 3


def test_unknown_files_are_404(http: httpx.Client) -> None:
    assert http.get("/files/x/y.exe").status_code == 404


async def test_the_transport_serves_async_clients() -> None:
    fake = FakeRunComfy(timings=Timings.instant())
    async with httpx.AsyncClient(
        transport=fake.transport(), base_url="http://f", headers=AUTH
    ) as http:
        submitted = await http.post(f"/v1/models/{SEED_MODEL}", json=_minimal_input(SEED_MODEL))
        request_id = submitted.json()["request_id"]
        status = await http.get(f"/v1/requests/{request_id}/status")
    assert status.json()["status"] == "completed"


def test_one_model_and_the_categories_can_be_read(http: httpx.Client) -> None:
    entry = http.get(f"/v1/models/{SEED_MODEL}").json()
    assert entry["model_id"] == SEED_MODEL
    assert entry["input_schema"] == load_schema(SEED_MODEL, "input")
    assert http.get("/v1/models/acme/none").status_code == 404
    # The registry's categories are the catalog's (model.json); none are made up from ids.
    registry = sorted({c for entry in MODELS.values() for c in entry.categories})
    assert http.get("/v1/models/categories").json()["categories"] == registry


def test_catalog_filters_by_search_and_category() -> None:
    catalog: list[dict[str, Any]] = [
        {"model_id": "acme/a/one", "categories": ["text-to-image"]},
        {"model_id": "acme/b/two", "categories": ["image-to-video"]},
        {"model_id": "other/c/three", "categories": ["image-to-video"]},
    ]
    fake = FakeRunComfy(models=catalog)
    with httpx.Client(transport=fake.transport(), base_url="http://f", headers=AUTH) as http:
        found = http.get("/v1/models?search=ACME&category=image-to-video").json()
        names = http.get("/v1/models/categories").json()["categories"]
    assert [m["model_id"] for m in found["models"]] == ["acme/b/two"]
    assert found["total"] == 1
    assert names == ["image-to-video", "text-to-image"]


@pytest.mark.parametrize("query", ["limit=0", "offset=-1", "limit=many"])
def test_bad_paging_is_a_400(http: httpx.Client, query: str) -> None:
    assert http.get(f"/v1/models?{query}").status_code == 400
