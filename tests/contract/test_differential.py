"""Differential layer: the generated models accept exactly what the schemas accept.

jsonschema (with RunComfy's formats) is the oracle; the generated pydantic model is judged
against it. Valid instances come from two sources: one full instance built from each schema (so
every constraint is checked on every run) and instances drawn by hypothesis-jsonschema (so the
constraints are checked in many contexts and combinations). Each valid instance is then edged
and mutated (``contract_cases``); the two judges must agree on every case, except the documented
``KNOWN_DIFFERENCES``.
"""

from __future__ import annotations

from typing import Any

import pytest
from contract_cases import cases_for
from contract_drawing import drawn_disagreements, inputs, outputs
from contract_formats import format_checker
from contract_instances import build_full
from contract_judging import KNOWN_DIFFERENCES, disagreements, json_equal, model_accepts, report
from contract_models import ContractModel
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft7Validator


def _round_trip(model: type[Any], instance: dict[str, Any]) -> Any:
    parsed = model.model_validate(instance, by_alias=True, by_name=False)
    return parsed.model_dump(mode="json", by_alias=True, exclude_unset=True)


# ---- every constraint, on one full instance per schema ------------------------------------------


def test_full_input_instance_is_valid_under_its_schema(model: ContractModel) -> None:
    # The base of the example-based checks below must itself be valid, or they prove nothing.
    full = build_full(model.input_schema)
    validator = Draft7Validator(model.input_schema, format_checker=format_checker())
    assert [e.message for e in validator.iter_errors(full)] == []


def test_input_model_enforces_every_input_constraint(model: ContractModel) -> None:
    full = build_full(model.input_schema)
    cases = cases_for(model.input_schema, full, "input", rules=True)
    assert any(not c.valid for c in cases), "no constraint to check: the case builder is broken"
    found = disagreements(model.input_schema, model.input_model, cases)
    assert not found, report(model.input_model.__name__, found)


def test_output_model_enforces_every_output_constraint(model: ContractModel) -> None:
    full = build_full(model.output_schema)
    cases = cases_for(model.output_schema, full, "output")
    found = disagreements(model.output_schema, model.output_model, cases)
    assert not found, report(model.output_model.__name__, found)


# ---- properties over drawn instances -----------------------------------------------------------


@given(data=st.data())
def test_drawn_inputs_are_accepted_and_round_trip_exactly(
    model: ContractModel, data: st.DataObject
) -> None:
    instance = data.draw(inputs(model), label="input")
    accepted, error = model_accepts(model.input_model, instance)
    assert accepted, f"the model refuses a valid input: {error}"
    # What the client sends (model_dump of the validated input) is what the user gave.
    dumped = _round_trip(model.input_model, instance)
    assert json_equal(dumped, instance), f"round trip changed the input:\n{instance}\n{dumped}"


@given(data=st.data())
def test_drawn_inputs_mutated_get_the_same_verdict_from_schema_and_model(
    model: ContractModel, data: st.DataObject
) -> None:
    found = drawn_disagreements(model, data, "input")
    assert not found, report(model.input_model.__name__, found)


@given(data=st.data())
def test_drawn_outputs_parse_into_the_output_model_and_round_trip(
    model: ContractModel, data: st.DataObject
) -> None:
    output = data.draw(outputs(model), label="output")
    accepted, error = model_accepts(model.output_model, output)
    assert accepted, f"the output model refuses a valid output: {error}"
    dumped = _round_trip(model.output_model, output)
    assert json_equal(dumped, output), f"round trip changed the output:\n{output}\n{dumped}"


@given(data=st.data())
def test_drawn_outputs_mutated_get_the_same_verdict_from_schema_and_model(
    model: ContractModel, data: st.DataObject
) -> None:
    found = drawn_disagreements(model, data, "output")
    assert not found, report(model.output_model.__name__, found)


# ---- the documented differences stay few and explained ----------------------------------------


@pytest.mark.parametrize("kind", sorted(KNOWN_DIFFERENCES))
def test_every_known_difference_has_a_reason_and_an_actual_difference(kind: str) -> None:
    known = KNOWN_DIFFERENCES[kind]
    assert known.schema_accepts != known.model_accepts, "not a difference: remove the entry"
    assert len(known.reason) > 40, "say why the difference is right"
