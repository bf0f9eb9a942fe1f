"""generated/openapi.json works in other tools: component names are unique and no schema is
named after a label that many models share (RunComfy titles its inputs ``输入结构`` and its
enums ``宽高比(宽:高)`` in every model). The slow proof with openapi-python-client is
``nox -s openapi_tools``; here: the structure, and datamodel-code-generator (a dependency
already) reading the document with ``use_title_as_name``.
"""

from __future__ import annotations

import ast
import json
import shutil
import warnings
from typing import Any

import pytest
from datamodel_code_generator import DataModelType, InputFileType, generate
from generator_support import FIXTURES, REPO

from generator.build import load_specs
from generator.emit.openapi import build_openapi
from generator.pipeline.spec import ModelSpec

SEED_INPUT = REPO / "schemas" / "wan-ai" / "wan-2-6" / "image-to-image" / "input.json"


@pytest.fixture(scope="module")
def specs(tmp_path_factory: pytest.TempPathFactory) -> list[ModelSpec]:
    """Our models, the messy/hostile/nested fixtures, and look-alikes of the seed: the same
    Chinese titles, the same enum title, under other providers and ids that PascalCase alike."""
    root = tmp_path_factory.mktemp("openapi") / "schemas"
    shutil.copytree(REPO / "schemas", root)
    for name in ("messy", "hostile", "nested"):
        shutil.copytree(FIXTURES / name, root, dirs_exist_ok=True)
    seed = json.loads(SEED_INPUT.read_text(encoding="utf-8"))
    for model_id in ("acme/wan-2-6/image-to-image", "acme/wan-26/image-to-image", "x/y/z"):
        folder = root / model_id
        folder.mkdir(parents=True)
        (folder / "input.json").write_text(json.dumps(seed), encoding="utf-8")
    found, _ = load_specs(root)
    return found


@pytest.fixture(scope="module")
def document(specs: list[ModelSpec]) -> dict[str, Any]:
    return build_openapi(specs)


def _nested(node: Any, pointer: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every schema below a component root, with its pointer."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, list):
        for i, item in enumerate(node):
            found += _nested(item, f"{pointer}/{i}")
        return found
    if not isinstance(node, dict):
        return found
    for key, value in node.items():
        if key in ("properties", "patternProperties", "$defs") and isinstance(value, dict):
            for name, sub in value.items():
                found.append((f"{pointer}/{key}/{name}", sub))
                found += _nested(sub, f"{pointer}/{key}/{name}")
        elif key in ("items", "additionalProperties", "anyOf", "oneOf", "allOf", "not"):
            subs = value if isinstance(value, list) else [value]
            for i, sub in enumerate(subs):
                if isinstance(sub, dict):
                    found.append((f"{pointer}/{key}/{i}", sub))
                    found += _nested(sub, f"{pointer}/{key}/{i}")
    return found


def test_every_component_is_titled_by_its_own_unique_name(document: dict[str, Any]) -> None:
    components = document["components"]["schemas"]
    for name, schema in components.items():
        assert schema.get("title", name) == name, name
    lowered = [name.lower() for name in components]  # file names in generated code
    assert len(lowered) == len(set(lowered))


def test_no_nested_schema_is_named_by_a_shared_label(document: dict[str, Any]) -> None:
    labels = 0
    for name, schema in document["components"]["schemas"].items():
        for pointer, sub in _nested(schema):
            assert "title" not in sub, f"{name}{pointer}"
            labels += "x-runcomfy-title" in sub
    assert labels > 10  # the labels are kept, under an extension key


def test_the_seed_label_survives_as_an_extension(document: dict[str, Any]) -> None:
    component = document["components"]["schemas"]["WanAiWan26ImageToImageInput"]
    assert component["x-runcomfy-title"] == "输入结构"
    assert component["properties"]["image_size"]["x-runcomfy-title"] == "宽高比(宽:高)"


def test_every_model_has_one_submit_operation_with_its_own_components(
    specs: list[ModelSpec], document: dict[str, Any]
) -> None:
    components = document["components"]["schemas"]
    seen: set[str] = set()
    for spec in specs:
        operation = document["paths"][f"/v1/models/{spec.model_id}"]["post"]
        ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        name = ref.rsplit("/", 1)[-1]
        assert name in components and name not in seen, spec.model_id
        seen.add(name)
        assert components[name]["properties"].keys() == spec.input_schema["properties"].keys()
    ids = [op["operationId"] for path in document["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
    # acme/wan-2-6 and acme/wan-26 PascalCase alike; the second one gets a number
    assert {"AcmeWan26ImageToImageInput", "AcmeWan26ImageToImage2Input"} <= set(components)


def test_datamodel_code_generator_names_every_component_by_its_title(
    document: dict[str, Any],
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # it warns about our custom formats (image_uri)
        code = generate(
            json.dumps(document, ensure_ascii=False),
            input_file_type=InputFileType.OpenAPI,
            output_model_type=DataModelType.PydanticV2BaseModel,
            use_title_as_name=True,  # the option that used to give 输入结构, Field1, Field2...
            disable_timestamp=True,
            formatters=[],
        )
    assert isinstance(code, str)
    classes = [n.name for n in ast.parse(code).body if isinstance(n, ast.ClassDef)]
    assert len(classes) == len(set(classes))
    assert set(document["components"]["schemas"]) <= set(classes)
    assert all(name.isascii() and not name.startswith("Field") for name in classes), classes
