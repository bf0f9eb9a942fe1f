"""`pull` writes stable schema files for the selected models and never touches a person's files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from refresh_support import KEY, SEED, Puller, entry, obj, snapshot
from runcomfy_client.testing import FakeRunComfy

from generator.catalog.pull import PullError
from generator.catalog.schema_io import STANDARD_OUTPUT_SCHEMA, schema_text

CATALOG = [
    entry("vendor/alpha/text-to-image", SEED, "image"),
    entry("vendor/beta/image-to-video", obj(prompt={"type": "string"}), "video"),
    entry("other/gamma-1.5/text-to-audio", obj(text={"type": "string"}), "audio"),
]


def test_pull_all_writes_every_model_stably(pull_from: Puller, schemas: Path) -> None:
    pull_from(CATALOG, all=True)
    written = schemas / "vendor/alpha/text-to-image/input.json"
    assert written.read_text(encoding="utf-8") == schema_text(SEED)
    assert sorted(
        p.parent.relative_to(schemas).as_posix() for p in schemas.rglob("input.json")
    ) == [
        "other/gamma-1.5/text-to-audio",
        "vendor/alpha/text-to-image",
        "vendor/beta/image-to-video",
    ]


def test_pull_keeps_property_order_as_served(pull_from: Puller, schemas: Path) -> None:
    pull_from(CATALOG, model_ids=("vendor/alpha/text-to-image",))
    data = json.loads(
        (schemas / "vendor/alpha/text-to-image/input.json").read_text(encoding="utf-8")
    )
    assert list(data["properties"]) == ["prompt", "seed", "size", "strength"]
    assert data["properties"]["strength"]["type"] == "float"  # the dialect is kept as served


def test_pull_named_models_only(pull_from: Puller, schemas: Path) -> None:
    pull_from(CATALOG, model_ids=("vendor/beta/image-to-video",))
    assert [p.parent.relative_to(schemas).as_posix() for p in schemas.rglob("input.json")] == [
        "vendor/beta/image-to-video"
    ]


def test_pull_category(pull_from: Puller, schemas: Path) -> None:
    pull_from(CATALOG, category="audio")
    assert [p.parent.relative_to(schemas).as_posix() for p in schemas.rglob("input.json")] == [
        "other/gamma-1.5/text-to-audio"
    ]


def test_pull_without_selection_refreshes_the_local_models(
    pull_from: Puller, schemas: Path
) -> None:
    local = schemas / "vendor/beta/image-to-video"
    local.mkdir(parents=True)
    (local / "input.json").write_text("{}", encoding="utf-8")
    plan = pull_from(CATALOG).plan
    assert (local / "input.json").read_text(encoding="utf-8") == schema_text(
        CATALOG[1]["input_schema"]
    )
    assert not (schemas / "vendor/alpha").exists()
    assert plan.files["vendor/beta/image-to-video/input.json"][0] == "updated"


def test_local_model_missing_from_the_catalog_is_left_alone(
    pull_from: Puller, schemas: Path
) -> None:
    mine = schemas / "me/handmade/model"
    mine.mkdir(parents=True)
    (mine / "input.json").write_text('{"type": "object"}', encoding="utf-8")
    pulled = pull_from(CATALOG)
    assert (mine / "input.json").read_text(encoding="utf-8") == '{"type": "object"}'
    assert "me/handmade/model: not in the catalog; left as is" in pulled.plan.notes
    assert "note: me/handmade/model: not in the catalog; left as is" in pulled.printed


def test_pulls_every_page(schemas: Path, pull_from: Puller) -> None:
    many = [
        entry(f"bulk/model-{i:03d}/task", obj(n={"type": "integer", "default": i}))
        for i in range(230)
    ]
    fake = FakeRunComfy(models=many, api_key=KEY)
    pull_from(fake, all=True)
    assert len(list(schemas.rglob("input.json"))) == 230
    offsets = [call.query.get("offset") for call in fake.calls("catalog")]
    assert offsets == ["0", "100", "200"]


def test_the_key_is_sent_as_a_bearer_header(pull_from: Puller) -> None:
    fake = FakeRunComfy(models=CATALOG, api_key=KEY)
    pull_from(fake, all=True)
    assert all(call.authorized for call in fake.calls("catalog"))


def test_repull_with_no_upstream_change_is_byte_identical(pull_from: Puller, schemas: Path) -> None:
    pull_from(CATALOG, all=True)
    before = snapshot(schemas)
    plan = pull_from(CATALOG, all=True).plan
    assert snapshot(schemas) == before
    assert plan.writes == {}


def test_standard_output_json_is_written_where_there_is_none(
    pull_from: Puller, schemas: Path
) -> None:
    pull_from(CATALOG, model_ids=("vendor/beta/image-to-video",))
    output = schemas / "vendor/beta/image-to-video/output.json"
    # The fake serves an output schema with each entry; RunComfy documents none. Either way
    # the file is a RunComfy `{"output": {...}}` wrapper.
    assert set(json.loads(output.read_text(encoding="utf-8"))) == {"output"}


def test_hand_added_output_and_examples_survive(pull_from: Puller, schemas: Path) -> None:
    folder = schemas / "vendor/alpha/text-to-image"
    (folder / "examples").mkdir(parents=True)
    (folder / "output.json").write_text('{"output": {"type": "object"}}', encoding="utf-8")
    (folder / "examples/cat.json").write_text('{"prompt": "a cat"}', encoding="utf-8")
    pull_from(CATALOG, all=True)
    assert (folder / "output.json").read_text(encoding="utf-8") == '{"output": {"type": "object"}}'
    assert (folder / "examples/cat.json").read_text(encoding="utf-8") == '{"prompt": "a cat"}'
    assert (folder / "input.json").exists()


def test_dry_run_writes_nothing_and_says_what_would_change(
    pull_from: Puller, schemas: Path
) -> None:
    pull_from(CATALOG, model_ids=("vendor/alpha/text-to-image",))
    changed = [
        entry("vendor/alpha/text-to-image", obj(("prompt",), prompt={"type": "string"})),
        *CATALOG[1:],
    ]
    before = snapshot(schemas)
    printed = pull_from(changed, all=True, dry_run=True).printed
    assert snapshot(schemas) == before
    assert "would update schemas/vendor/alpha/text-to-image/input.json" in printed
    assert "would add schemas/vendor/beta/image-to-video/input.json" in printed
    assert "field removed: /input/properties/seed" in printed  # the schema diff, classified


def test_unknown_model_id_is_refused(pull_from: Puller, schemas: Path) -> None:
    with pytest.raises(PullError, match="not in the catalog"):
        pull_from(CATALOG, model_ids=("vendor/nope/task",))
    assert snapshot(schemas) == {}


def test_catalog_output_schema_is_written_when_served(pull_from: Puller, schemas: Path) -> None:
    served = {
        "output": {"type": "object", "properties": {"audio": {"type": "string", "format": "uri"}}}
    }
    pull_from([{**CATALOG[2], "output_schema": served}], all=True)
    output = schemas / "other/gamma-1.5/text-to-audio/output.json"
    assert output.read_text(encoding="utf-8") == schema_text(served)
    assert schema_text(served) != schema_text(STANDARD_OUTPUT_SCHEMA)


def test_same_schema_in_another_layout_is_left_byte_for_byte(
    pull_from: Puller, schemas: Path
) -> None:
    folder = schemas / "vendor/alpha/text-to-image"
    folder.mkdir(parents=True)
    hand_formatted = json.dumps(
        SEED, indent=4, ensure_ascii=True
    )  # other indent, escapes, key order
    (folder / "input.json").write_text(hand_formatted, encoding="utf-8")
    plan = pull_from(CATALOG, model_ids=("vendor/alpha/text-to-image",)).plan
    assert (folder / "input.json").read_text(encoding="utf-8") == hand_formatted
    assert plan.files["vendor/alpha/text-to-image/input.json"][0] == "unchanged"


def test_reordered_properties_are_an_update(pull_from: Puller, schemas: Path) -> None:
    folder = schemas / "vendor/alpha/text-to-image"
    folder.mkdir(parents=True)
    reordered = {**SEED, "properties": dict(reversed(list(SEED["properties"].items())))}
    (folder / "input.json").write_text(json.dumps(reordered), encoding="utf-8")
    pull_from(CATALOG, model_ids=("vendor/alpha/text-to-image",))
    assert (folder / "input.json").read_text(encoding="utf-8") == schema_text(SEED)
