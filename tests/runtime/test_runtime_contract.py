"""The rules the generator and the runtime share live in one module, ``runcomfy_client._contract``
(``templates/runtime/_contract.py``): the generator reads that file, the runtime imports it, and
the hand-written parts that cannot be derived from it (signatures, validator methods, the
``Annotated`` URI types) are held to it here."""

from __future__ import annotations

import ast
import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError
from runcomfy_client import AsyncJob, InvalidIdentifierError, Job, _contract, _types
from runcomfy_client._base import InputModel, OutputModel
from runcomfy_client._resource import AsyncModelResource, SyncModelResource
from runcomfy_client._urls import check_model_id
from runcomfy_client.testing._models import models_from_catalog

REPO = Path(__file__).resolve().parents[2]
CONTRACT_FILE = REPO / "templates" / "runtime" / "_contract.py"

VALID_IDS = [
    "wan-ai/wan-2-6/image-to-image",
    "acestep-ai/ace-step-1.5/text-to-audio",
    "kling/v3/pro/multi/elements",
    "a/b",
    "x_1/Y.2",
    "a/" + "x" * 128,
]
INVALID_IDS = [
    "single",
    "a/b/c/d/e/f",
    "a/../b",
    "../a/b",
    "a/./b",
    "a//b",
    "/a/b",
    "a/b/",
    "a/.hidden",
    "a/b c",
    "a\\b/c",
    "a/b?x=1",
    "a/b%2F",
    "a/é",
    "a/" + "x" * 129,
    42,
    None,
]


def test_the_contract_imports_only_the_standard_library_and_nothing_relative() -> None:
    # The generator loads the file by path, outside any package: a relative or third-party
    # import would break generation (and the runtime's dependencies are not the generator's).
    tree = ast.parse(CONTRACT_FILE.read_text(encoding="utf-8"))
    imported = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"relative import at line {node.lineno}"
            imported.append(str(node.module))
        elif isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
    allowed = sys.stdlib_module_names | {"__future__"}
    assert imported and {name.split(".")[0] for name in imported} <= allowed


def test_the_generator_reads_the_runtimes_file_and_never_imports_the_client() -> None:
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from generator.build import build\n"
        "from generator.runtime import contract\n"
        "built = build(Path(sys.argv[1]))\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'runcomfy_client')\n"
        "print(json.dumps({'file': contract.__file__, 'client_modules': loaded,\n"
        "                  'files': len(built.rendered.files)}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(REPO / "schemas")],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    seen = json.loads(done.stdout)
    assert Path(seen["file"]).resolve() == CONTRACT_FILE
    assert seen["client_modules"] == []
    assert seen["files"] > 0


@pytest.mark.parametrize(
    "method",
    [Job.wait, AsyncJob.wait, SyncModelResource._run, AsyncModelResource._run],
    ids=["Job.wait", "AsyncJob.wait", "SyncModelResource._run", "AsyncModelResource._run"],
)
def test_wait_methods_take_the_contracts_wait_options_with_its_defaults(method: object) -> None:
    # Generated run() overloads are written from WAIT_OPTIONS and forward each option by name.
    parameters = inspect.signature(method).parameters.values()  # type: ignore[arg-type]
    options = [p for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY]
    assert [(p.name, p.default) for p in options] == [
        (o.name, o.default) for o in _contract.WAIT_OPTIONS
    ]


def test_generated_classes_decorate_the_checks_the_bases_define() -> None:
    # The bases hold the checks as plain class methods; a generated class decorates them, in
    # the contract's modes, for the fields that need them (here sdxl's scheduler and loras).
    from runcomfy_client.models.stability.sdxl.text_to_image import TextToImageInput

    validators = TextToImageInput.__pydantic_decorators__.field_validators
    for name, mode in _contract.INPUT_VALIDATORS:
        assert callable(getattr(InputModel, name)), f"InputModel has no check {name}"
        assert validators[name].info.mode == mode
        assert "scheduler" in validators[name].info.fields or name != "_check_json_types"
    assert callable(getattr(OutputModel, _contract.JSON_TYPES_VALIDATOR[0]))


@pytest.mark.parametrize("fmt", sorted(_contract.URI_FORMATS))
def test_each_uri_format_has_its_type_in_the_runtime(fmt: str) -> None:
    adapter: TypeAdapter[str] = TypeAdapter(getattr(_types, _contract.URI_FORMATS[fmt]))
    assert adapter.json_schema() == {"type": "string", "format": fmt}
    assert adapter.validate_python("https://example.com/a.png") == "https://example.com/a.png"
    assert adapter.validate_python("data:image/png;base64,AAAA") == "data:image/png;base64,AAAA"
    with pytest.raises(ValidationError):
        adapter.validate_python("/tmp/a.png")


@pytest.mark.parametrize("model_id", VALID_IDS)
def test_valid_model_ids_pass_the_rule_and_the_client(model_id: str) -> None:
    assert _contract.model_id_problem(model_id) is None
    assert check_model_id(model_id) == model_id


@pytest.mark.parametrize("model_id", INVALID_IDS)
def test_invalid_model_ids_are_refused_by_the_client_with_the_reason(model_id: object) -> None:
    problem = _contract.model_id_problem(model_id)
    assert problem is not None
    with pytest.raises(InvalidIdentifierError, match=re.escape(problem)):
        check_model_id(model_id)


def test_standard_output_is_a_fresh_copy_each_time() -> None:
    first = _contract.standard_output()
    first["properties"].clear()
    assert set(_contract.standard_output()["properties"]) == {
        "image",
        "images",
        "video",
        "videos",
        "audio",
    }


def test_a_catalog_model_without_output_schema_gets_the_standard_output() -> None:
    models = models_from_catalog([{"model_id": "acme/clip/text-to-video", "input_schema": {}}])
    assert models["acme/clip/text-to-video"].output_schema == _contract.standard_output()
