"""generated/openapi.json: its shape, and that the fake's real answers conform to it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from fake_wire import SEED_MODEL, Wire, seed_body
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from runcomfy_client.testing import FakeRunComfy, Fault

from generator.emit.openapi import build_openapi, component_stem
from generator.pipeline.load import load_models
from generator.pipeline.parse import parse_models
from generator.pipeline.spec import ModelSpec

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def specs() -> list[ModelSpec]:
    raws, problems = load_models(ROOT / "schemas")
    specs, more = parse_models(raws)
    assert not [p for p in [*problems, *more] if p.severity == "error"]
    return specs


@pytest.fixture(scope="module")
def document(specs: list[ModelSpec]) -> dict[str, Any]:
    return build_openapi(specs)


def test_document_is_deterministic_and_json(
    specs: list[ModelSpec], document: dict[str, Any]
) -> None:
    assert build_openapi(list(reversed(specs))) == document
    assert json.loads(json.dumps(document, sort_keys=True)) == document


def test_one_submit_operation_per_model(specs: list[ModelSpec], document: dict[str, Any]) -> None:
    for spec in specs:
        operation = document["paths"][f"/v1/models/{spec.model_id}"]["post"]
        ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        assert ref == f"#/components/schemas/{component_stem(spec)}Input"
    ids = [op["operationId"] for path in document["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids)) == len(specs) + 4


def test_component_schemas_are_valid_json_schema(document: dict[str, Any]) -> None:
    for schema in document["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)


def test_runcomfy_keywords_become_extensions(document: dict[str, Any]) -> None:
    stem = "WanAiWan26ImageToImage"
    image_urls = document["components"]["schemas"][f"{stem}Input"]["properties"]["image_urls"]
    assert "validations" not in image_urls
    assert image_urls["x-runcomfy-validations"][0]["validation_rule"] == "file_size_mb<"


class Conformance:
    """Validates real answers of the fake against the document's response schemas."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self.registry: Registry[Any] = Registry().with_resource("urn:openapi", resource)

    def validate(self, component: str, body: Any) -> None:
        jsonschema.Draft202012Validator(
            {"$ref": f"urn:openapi#/components/schemas/{component}"},
            registry=self.registry,
            format_checker=jsonschema.FormatChecker(),
        ).validate(body)

    def check(self, path: str, method: str, response: httpx.Response) -> None:
        operation = self.document["paths"][path][method]
        declared = operation["responses"].get(str(response.status_code))
        assert declared is not None, f"{method} {path} answered undocumented {response.status_code}"
        ref: str = declared["content"]["application/json"]["schema"]["$ref"]
        self.validate(ref.rsplit("/", 1)[-1], response.json())


STATUS = "/v1/requests/{request_id}/status"
RESULT = "/v1/requests/{request_id}/result"
CANCEL = "/v1/requests/{request_id}/cancel"
SUBMIT = f"/v1/models/{SEED_MODEL}"


def test_the_fake_honours_the_document(
    document: dict[str, Any], fake: FakeRunComfy, wire: Wire, specs: list[ModelSpec]
) -> None:
    conformance = Conformance(document)
    check, http = conformance.check, wire.http
    submitted = http.post(SUBMIT, json=seed_body())
    check(SUBMIT, "post", submitted)
    check(SUBMIT, "post", http.post(SUBMIT, json={"prompt": 1}))  # 422
    check(SUBMIT, "post", http.post(SUBMIT, json=seed_body(), headers={"authorization": ""}))
    request_id = submitted.json()["request_id"]
    check(RESULT, "get", http.get(f"/v1/requests/{request_id}/result"))  # not ready yet
    for _ in range(10):
        status = http.get(f"/v1/requests/{request_id}/status")
        check(STATUS, "get", status)
        if status.json()["status"] == "completed":
            break
    result = http.get(f"/v1/requests/{request_id}/result")
    check(RESULT, "get", result)
    stem = component_stem(next(s for s in specs if s.model_id == SEED_MODEL))
    conformance.validate(f"{stem}Result", result.json())
    check(CANCEL, "post", http.post(f"/v1/requests/{request_id}/cancel"))  # not_cancellable
    queued = wire.submit()
    check(CANCEL, "post", http.post(f"/v1/requests/{queued}/cancel"))  # cancelled
    check(STATUS, "get", http.get("/v1/requests/nope/status"))  # 404
    check(STATUS, "get", http.get("/v1/requests/a%23b/status"))  # 400
    fake.add_fault(Fault(status=429, retry_after=1, route="status"))
    check(STATUS, "get", http.get(f"/v1/requests/{queued}/status"))
    fake.add_fault(Fault(status=500, route="result"))
    check(RESULT, "get", http.get(f"/v1/requests/{queued}/result"))
    check("/v1/models", "get", http.get("/v1/models?include_schema=true&limit=2"))


def test_the_conformance_check_can_fail(document: dict[str, Any]) -> None:
    """A status body without ``status`` must be refused, or the check above proves nothing."""
    broken = httpx.Response(200, json={"request_id": "abc"})
    with pytest.raises(jsonschema.ValidationError):
        Conformance(document).check(STATUS, "get", broken)


def test_generate_writes_the_document_beside_the_package(
    tmp_path: Path, document: dict[str, Any]
) -> None:
    from generator.cli import main

    assert (
        main(["generate", "--schemas", str(ROOT / "schemas"), "--out", str(tmp_path / "out")]) == 0
    )
    written = json.loads((tmp_path / "out" / "openapi.json").read_text(encoding="utf-8"))
    assert written == document
