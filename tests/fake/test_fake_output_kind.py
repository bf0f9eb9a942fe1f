"""The fake answers with the kind of media the model makes: from its output schema, else from the
catalog's categories, else from an ``<input>-to-<kind>`` task in its id, else with every kind.

The ids below are shaped like RunComfy catalog ids for which guessing from the last id segment
answered ``images`` for video and audio models (``*/1080p``, ``*/fast``, ``*/music-generation``).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fake_wire import AUTH
from runcomfy_client._contract import output_kind, standard_output
from runcomfy_client.testing import FakeRunComfy, Timings

VIDEO_ONLY = {"type": "object", "properties": {"video": {"type": "string", "format": "uri"}}}
IMAGES_AND_COUNT = {
    "type": "object",
    "properties": {
        "images": {"type": "array", "items": {"type": "string", "format": "image_uri"}},
        "image_count": {"type": "integer"},  # named like media, but not a URL field
    },
}


@pytest.mark.parametrize(
    ("model_id", "schema", "categories", "expected"),
    [
        # 1. the output schema, when all its media fields are of one kind
        ("acme/x/text-to-image", VIDEO_ONLY, ["text-to-image"], ("video", "output schema")),
        ("acme/x/edit", IMAGES_AND_COUNT, [], ("image", "output schema")),
        # 2. the catalog's categories
        ("acme/seedance-2.5/pro/1080p", standard_output(), ["video"], ("video", "catalog categories")),
        ("acme/ltx-2.5/turbo/fast", standard_output(), ["Text-To-Video"], ("video", "catalog categories")),
        ("acme/ace/music-generation", standard_output(), ["text-to-audio"], ("audio", "catalog categories")),
        ("acme/ace/audio-inpaint", standard_output(), ["audio-to-audio", "audio"], ("audio", "catalog categories")),
        # categories beat the id's words
        ("acme/x/image-to-image", standard_output(), ["image-to-video"], ("video", "catalog categories")),
        # 3. a task segment anywhere in the id
        ("acme/seedance-2.5/image-to-video/1080p", standard_output(), [], ("video", "model id")),
        ("acme/x/text-to-audio", standard_output(), ["upscale"], ("audio", "model id")),
        # categories that disagree say nothing
        ("acme/x/y", standard_output(), ["text-to-image", "text-to-video"], (None, "unknown")),
        # 4. nothing says
        ("acme/ace/music-generation", standard_output(), [], (None, "unknown")),
        ("acme/x/fast", standard_output(), ["featured"], (None, "unknown")),
    ],
)  # fmt: skip
def test_output_kind_is_decided_from_schema_then_catalog_then_id(
    model_id: str, schema: dict[str, Any], categories: list[str], expected: tuple[str | None, str]
) -> None:
    assert tuple(output_kind(model_id, schema, categories)) == expected


def test_a_kind_the_output_schema_cannot_hold_is_not_chosen() -> None:
    image_or_video = {
        "type": "object",
        "properties": {"image": {"type": "string"}, "video": {"type": "string"}},
    }
    assert output_kind("acme/x/y", image_or_video, ["text-to-audio"]).kind is None
    assert output_kind("acme/x/text-to-audio", image_or_video).kind is None


def _output_of(entry: dict[str, Any]) -> dict[str, Any]:
    fake = FakeRunComfy(models=[entry], timings=Timings.instant())
    with httpx.Client(transport=fake.transport(), base_url="http://f", headers=AUTH) as http:
        submitted = http.post(f"/v1/models/{entry['model_id']}", json={"prompt": "p"})
        assert submitted.status_code == 200, submitted.text
        request_id = submitted.json()["request_id"]
        body = http.get(f"/v1/requests/{request_id}/result").json()
    assert body["status"] == "succeeded"
    output: dict[str, Any] = body["output"]
    return output


def _catalog_entry(model_id: str, *categories: str) -> dict[str, Any]:
    # Like RunComfy's catalog: no output schema, so the fake uses the standard output.
    schema = {"type": "object", "properties": {"prompt": {"type": "string"}}}
    return {"model_id": model_id, "categories": list(categories), "input_schema": schema}


@pytest.mark.parametrize(
    ("model_id", "categories", "field", "extension"),
    [
        ("acme/seedance-2.5/pro/1080p", ["image-to-video"], "videos", "mp4"),
        ("acme/ltx-2.5/turbo/fast", ["text-to-video"], "videos", "mp4"),
        ("acme/ace/music-generation", ["text-to-audio"], "audio", "wav"),
        ("acme/ace/audio-inpaint", ["audio"], "audio", "wav"),
        ("acme/flux/pro/edit", ["image-to-image"], "images", "png"),
    ],
)
def test_a_catalog_model_answers_with_the_kind_its_categories_name(
    model_id: str, categories: list[str], field: str, extension: str
) -> None:
    output = _output_of(_catalog_entry(model_id, *categories))
    assert list(output) == [field]
    value = output[field]
    urls = value if isinstance(value, list) else [value]
    assert urls and all(url.endswith(f".{extension}") for url in urls)


def test_with_nothing_to_go_by_the_fake_answers_with_one_field_of_each_kind() -> None:
    output = _output_of(_catalog_entry("acme/ace/music-generation"))
    assert sorted(output) == ["audio", "images", "videos"]
    assert output["audio"].endswith(".wav")
    assert output["videos"][0].endswith(".mp4")
    assert output["images"][0].endswith(".png")


def test_the_fake_serves_the_catalog_facts_it_was_given() -> None:
    entry = {
        **_catalog_entry("acme/ltx-2.5/turbo/fast", "text-to-video"),
        "display_name": "LTX 2.5 Fast",
        "price_unit": "second",
    }
    fake = FakeRunComfy(models=[entry])
    with httpx.Client(transport=fake.transport(), base_url="http://f", headers=AUTH) as http:
        served = http.get("/v1/models/acme/ltx-2.5/turbo/fast").json()
    assert served["display_name"] == "LTX 2.5 Fast"
    assert served["categories"] == ["text-to-video"]
    assert served["price_unit"] == "second"
