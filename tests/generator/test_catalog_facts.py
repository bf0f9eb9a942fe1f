"""The catalog's facts travel from ``pull`` to the users: model.json -> generate -> registry ->
the fake's answers and catalog -> ``runcomfy-py models``.

The models look like RunComfy catalog models that make video or audio although nothing in the
last segment of their id says so; the catalog serves no output schema for them.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from generator_support import imported_from

from generator.build import build
from generator.catalog.pull import PullOptions, pull
from generator.output.write import write

PROMPT_ONLY = {
    "type": "object",
    "required": ["prompt"],
    "properties": {"prompt": {"type": "string"}},
}
CATALOG: list[dict[str, Any]] = [
    {
        "model_id": "acme/seedance-2.5/pro/1080p",
        "display_name": "Seedance 2.5 Pro 1080p",
        "categories": ["image-to-video"],
        "price_unit": "second",
        "input_schema": PROMPT_ONLY,
    },
    {
        "model_id": "acme/ace-step/music-generation",
        "display_name": "ACE-Step Music",
        "categories": ["text-to-audio"],
        "price_unit": "output",
        "input_schema": PROMPT_ONLY,
    },
    {
        "model_id": "acme/flux/pro/edit",
        "display_name": "FLUX Pro Edit",
        "categories": ["image-to-image"],
        "price_unit": "output",
        "input_schema": PROMPT_ONLY,
    },
]
EXPECTED = {
    "acme/seedance-2.5/pro/1080p": ("video", ".mp4"),
    "acme/ace-step/music-generation": ("audio", ".wav"),
    "acme/flux/pro/edit": ("image", ".png"),
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from runcomfy_client.testing import FakeRunComfy

    root = tmp_path_factory.mktemp("facts")
    schemas, out = root / "schemas", root / "out"
    catalog = FakeRunComfy(models=CATALOG, api_key="k")
    options = PullOptions(schemas=schemas, all=True, api_key="k", base_url=catalog.base_url)
    pull(options, transport=catalog.transport(), out=io.StringIO())
    write(build(schemas, out).rendered, out)
    return out


def test_the_registry_carries_the_catalog_facts(package: Path) -> None:
    with imported_from(package):
        from runcomfy_client._registry import MODELS

        entry = MODELS["acme/seedance-2.5/pro/1080p"]
        assert entry.display_name == "Seedance 2.5 Pro 1080p"
        assert entry.categories == ("image-to-video",)
        assert entry.price_unit == "second"
        assert {m: e.output_kind for m, e in MODELS.items()} == {
            m: kind for m, (kind, _) in EXPECTED.items()
        }


def test_the_fake_answers_with_the_kind_the_catalog_names(package: Path) -> None:
    with imported_from(package):
        from runcomfy_client import RunComfy
        from runcomfy_client.testing import FakeRunComfy

        fake = FakeRunComfy()
        client = RunComfy(api_key="k", transport=fake.transport())
        for model_id, (kind, extension) in EXPECTED.items():
            output = client.model(model_id).run(prompt="p", poll_interval=0.01)
            sent = output.model_dump(exclude_none=True)
            assert sent, model_id
            kinds = {name.rstrip("s") for name in sent}
            assert kinds == {kind}, (model_id, sent)
            values = [
                v
                for value in sent.values()
                for v in (value if isinstance(value, list) else [value])
            ]
            assert all(str(v).endswith(extension) for v in values), (model_id, sent)


def test_the_fake_catalog_serves_the_facts_back(package: Path) -> None:
    import httpx

    with imported_from(package):
        from runcomfy_client.testing import FakeRunComfy

        fake = FakeRunComfy(api_key="k")
        with httpx.Client(
            transport=fake.transport(),
            base_url=fake.base_url,
            headers={"Authorization": "Bearer k"},
        ) as http:
            served = http.get("/v1/models/acme/ace-step/music-generation").json()
            categories = http.get("/v1/models/categories").json()["categories"]
    assert served["display_name"] == "ACE-Step Music"
    assert served["categories"] == ["text-to-audio"]
    assert served["price_unit"] == "output"
    assert categories == ["image-to-image", "image-to-video", "text-to-audio"]


def _runcomfy_py(package: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """The installed ``runcomfy-py`` program, importing the package generated for this test."""
    program = Path(sys.executable).parent / "runcomfy-py"
    env = {**os.environ, "PYTHONPATH": str(package), "RUNCOMFY_API_KEY": "k"}
    return subprocess.run(
        [str(program), *argv], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def test_runcomfy_py_models_shows_the_summaries(package: Path) -> None:
    ran = _runcomfy_py(package, "models")
    assert ran.returncode == 0, ran.stderr
    lines = {line.split()[0]: line for line in ran.stdout.splitlines()}
    video = lines["acme/seedance-2.5/pro/1080p"]
    assert " video " in video
    assert "Seedance 2.5 Pro 1080p" in video
    assert "[image-to-video]" in video
    assert "priced per second" in video
    listed = _runcomfy_py(package, "models", "--json")
    assert listed.returncode == 0, listed.stderr
    import json

    facts = {m["model_id"]: m for m in json.loads(listed.stdout)}
    assert facts["acme/ace-step/music-generation"]["output_kind"] == "audio"
    assert facts["acme/ace-step/music-generation"]["categories"] == ["text-to-audio"]


def test_runcomfy_py_fake_run_of_a_video_model_returns_video(package: Path) -> None:
    ran = _runcomfy_py(
        package,
        "--fake",
        "--fake-timings",
        "instant",
        "run",
        "acme/seedance-2.5/pro/1080p",
        "--prompt",
        "p",
    )
    assert ran.returncode == 0, ran.stderr
    assert ".mp4" in ran.stdout
    assert ".png" not in ran.stdout
