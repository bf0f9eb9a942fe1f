"""What users see of a model's ``submit`` / ``run`` (issue: signatures people can see).

``help()``, ``inspect.signature`` and IDE hovers show every input field as a typed keyword
argument with its default, sync and async alike; each input has a ``TypedDict`` keyed by wire
names that the positional payload form accepts, so a dict payload is type-checked by mypy.
Parametrised over every model of the installed package.
"""

from __future__ import annotations

import inspect
import json
import pydoc
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from runcomfy_client import _contract
from runcomfy_client._registry import MODELS
from runcomfy_client._registry_types import ModelEntry, import_resource
from runcomfy_client._schemas import load_schema
from runcomfy_client.testing import FakeRunComfy

REPO = Path(__file__).resolve().parents[2]
SEED = "wan-ai/wan-2-6/image-to-image"
EMPTY = inspect.Parameter.empty


def _resource(model_id: str, flavour: str) -> Any:
    fake = FakeRunComfy()
    client = fake.client() if flavour == "sync" else fake.async_client()
    return client.model(model_id)


def _fields(entry: ModelEntry) -> list[tuple[str, object]]:
    """(Python name, default or EMPTY) of each input field, in schema order."""
    model: type[BaseModel] = entry.input_model()
    return [
        (name, EMPTY if info.is_required() else info.default)
        for name, info in model.model_fields.items()
    ]


def _shape(signature: inspect.Signature) -> list[tuple[str, object, object]]:
    return [(p.name, p.kind, p.default) for p in signature.parameters.values()]


KW = inspect.Parameter.KEYWORD_ONLY
CASES = [(m, f) for m in sorted(MODELS) for f in ("sync", "async")]


@pytest.mark.parametrize(("model_id", "flavour"), CASES)
def test_submit_shows_every_field_with_its_type_and_default(model_id: str, flavour: str) -> None:
    entry = MODELS[model_id]
    signature = inspect.signature(_resource(model_id, flavour).submit)
    assert _shape(signature) == [(name, KW, default) for name, default in _fields(entry)]
    for parameter in signature.parameters.values():
        shown = repr(parameter.annotation)
        assert shown and not shown.startswith(("'", '"')), parameter  # no quoted strings
    job = "Job" if flavour == "sync" else "AsyncJob"
    assert str(signature.return_annotation) == f"{job}[{entry.output_class}]"


@pytest.mark.parametrize(("model_id", "flavour"), CASES)
def test_run_shows_the_fields_then_the_wait_options(model_id: str, flavour: str) -> None:
    entry = MODELS[model_id]
    signature = inspect.signature(_resource(model_id, flavour).run)
    wait = [(o.name, KW, o.default) for o in _contract.WAIT_OPTIONS]
    assert _shape(signature) == [(n, KW, d) for n, d in _fields(entry)] + wait
    assert str(signature.return_annotation) == entry.output_class


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_help_shows_typed_keywords_and_documents_both_forms(flavour: str) -> None:
    resource = _resource(SEED, flavour)
    for method in (resource.submit, resource.run):
        text = pydoc.render_doc(method, renderer=pydoc.plaintext)
        assert "*args" not in text and "**kwargs" not in text
        assert "prompt: str, image_urls: list[ImageUri]" in text
        assert "seed: int = 0" in text
        assert "ImageToImageParams" in text  # the payload form is documented
        assert "negative_prompt (str, default" in text  # the field list with descriptions
    run_text = pydoc.render_doc(resource.run, renderer=pydoc.plaintext)
    assert "timeout: float | None = 600.0" in run_text


@pytest.mark.parametrize("model_id", sorted(MODELS))
def test_the_keyword_signature_binds_exactly_the_calls_that_work(model_id: str) -> None:
    signature = inspect.signature(_resource(model_id, "sync").submit)
    required = {n: "x" for n, p in signature.parameters.items() if p.default is EMPTY}
    signature.bind(**required)
    with pytest.raises(TypeError):
        signature.bind(**required, not_a_field_of_this_model=1)
    if required:
        with pytest.raises(TypeError):
            signature.bind()


def _params_class(entry: ModelEntry) -> Any:
    module = sys.modules[import_resource(entry).__module__]
    name = f"{entry.resource_class}Params"
    assert name in module.__all__
    return getattr(module, name)


@pytest.mark.parametrize("model_id", sorted(MODELS))
def test_each_input_has_a_typed_dict_keyed_by_wire_names(model_id: str) -> None:
    entry = MODELS[model_id]
    params = _params_class(entry)
    schema = load_schema(model_id, "input")
    required = set(schema.get("required", [])) & set(schema["properties"])
    assert params.__required_keys__ == required
    assert params.__optional_keys__ == set(schema["properties"]) - required
    hints = typing.get_type_hints(params, include_extras=True)  # every type resolves
    assert set(hints) == set(schema["properties"])
    for key, hint in hints.items():
        wanted = typing.Required if key in required else typing.NotRequired
        assert typing.get_origin(hint) is wanted, key


def test_a_typed_dict_payload_is_submitted_as_is() -> None:
    example = REPO / "schemas" / SEED / "examples" / "radio-hosts.json"
    payload = json.loads(example.read_text(encoding="utf-8"))
    params_type = _params_class(MODELS[SEED])
    payload = params_type(**payload)  # a TypedDict is a dict at run time
    fake = FakeRunComfy()
    job = fake.client().wan_ai.wan_2_6.image_to_image.submit(payload)
    assert fake.calls("submit")[0].json == payload
    assert job.request_id


def test_mypy_checks_a_dict_payload_against_the_typed_dict(tmp_path: Path) -> None:
    snippet = tmp_path / "uses_params.py"
    snippet.write_text(
        "from runcomfy_client import AsyncRunComfy, RunComfy\n"
        "from runcomfy_client.models.wan_ai.wan_2_6.image_to_image import ImageToImageParams\n"
        "\n"
        "async def main(client: RunComfy, aclient: AsyncRunComfy) -> None:\n"
        "    model = client.wan_ai.wan_2_6.image_to_image\n"
        '    good: ImageToImageParams = {"prompt": "p", "image_urls": ["https://x.test/a.png"]}\n'
        "    model.submit(good)\n"
        '    model.run({"prompt": "p", "image_urls": ["https://x"], "image_size": "1280*720 (16:9)"})\n'
        '    await aclient.wan_ai.wan_2_6.image_to_image.submit({"prompt": "p", "image_urls": []})\n'
        '    model.submit({"prompt": 1, "image_urls": ["https://x"]})  # line 10: wrong type\n'
        '    model.submit({"prompt": "p"})  # line 11: a required key is missing\n'
        '    model.run({"prompt": "p", "image_urls": [], "seeed": 3})  # line 12: unknown key\n'
        '    model.submit({"prompt": "p", "image_urls": [], "image_size": "5x5"})  # 13: not a choice\n'
        '    await aclient.wan_ai.wan_2_6.image_to_image.run({"image_urls": []})  # 14: missing\n',
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(snippet)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    lines = sorted({int(line.split(":")[1]) for line in errors})
    assert lines == [10, 11, 12, 13, 14], done.stdout + done.stderr
