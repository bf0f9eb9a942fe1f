"""Schema layer: each model's schemas are sound, and its examples pass both the schema and the model.

The schemas checked are the normalised ones (standard draft-7 JSON Schema, RunComfy's dialect
rewritten by the generator's loader), i.e. what the client was generated from.
"""

from __future__ import annotations

from typing import Any

import pytest
from contract_formats import format_checker
from contract_models import ContractModel
from contract_rules import extension_problems
from jsonschema import Draft7Validator
from pydantic import ValidationError


def _metaschema_errors(schema: dict[str, Any]) -> list[str]:
    validator = Draft7Validator(Draft7Validator.META_SCHEMA)
    return [
        f"/{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(schema)
    ]


def test_input_schema_passes_the_draft7_metaschema(model: ContractModel) -> None:
    assert _metaschema_errors(model.input_schema) == []


def test_output_schema_passes_the_draft7_metaschema(model: ContractModel) -> None:
    assert _metaschema_errors(model.output_schema) == []


def test_input_schema_follows_the_runcomfy_extension_rules(model: ContractModel) -> None:
    assert extension_problems(model.input_schema) == []


def test_output_schema_follows_the_runcomfy_extension_rules(model: ContractModel) -> None:
    assert extension_problems(model.output_schema) == []


def test_schemas_are_objects(model: ContractModel) -> None:
    # A request body and a result's ``output`` are JSON objects; the client relies on it.
    assert model.input_schema.get("type") == "object"
    assert model.output_schema.get("type", "object") == "object"


def test_client_was_generated_from_these_schemas(model: ContractModel) -> None:
    # The client ships the normalised schemas it was generated from; a difference means the
    # client is stale (run `runcomfy-codegen generate`), and every other result is suspect.
    from runcomfy_client._schemas import load_schema

    shipped_input = load_schema(model.model_id, "input")
    shipped_output = load_schema(model.model_id, "output")
    for kind, shipped, expected in (
        ("input", shipped_input, model.input_schema),
        ("output", shipped_output, model.output_schema),
    ):
        shipped.pop("$comment", None)  # the do-not-edit header of the shipped copy
        assert shipped == expected, f"{kind} schema of the client differs from the folder's"


def test_example_validates_against_the_input_schema(
    example: tuple[ContractModel, str, Any],
) -> None:
    model, _name, body = example
    validator = Draft7Validator(model.input_schema, format_checker=format_checker())
    assert [e.message for e in validator.iter_errors(body)] == []


def test_example_is_accepted_by_the_input_model(example: tuple[ContractModel, str, Any]) -> None:
    model, _name, body = example
    try:
        model.input_model.model_validate(body)
    except ValidationError as exc:
        pytest.fail(f"the generated {model.input_model.__name__} refuses the example:\n{exc}")
