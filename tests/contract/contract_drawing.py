"""Hypothesis strategies for a model's inputs and outputs, drawn from its reference schemas."""

from __future__ import annotations

from functools import cache
from typing import Any

from contract_cases import cases_for
from contract_formats import drawable, format_strategies
from contract_judging import Disagreement, Side, disagreements
from contract_models import ContractModel
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

__all__ = ["drawn_disagreements", "inputs", "outputs", "strategy_for"]


def strategy_for(schema: dict[str, Any], *, forbid_extra: bool) -> st.SearchStrategy[Any]:
    """Instances valid under ``schema``, custom formats drawn as RunComfy means them."""
    return from_schema(
        drawable(schema, forbid_extra=forbid_extra), custom_formats=format_strategies()
    )


@cache
def inputs(model: ContractModel) -> st.SearchStrategy[Any]:
    # additionalProperties: false is injected: input models refuse unknown keys by design, so a
    # drawn extra key would make a valid-by-schema instance the model rightly refuses. Extra
    # keys are covered by the `extra_key_on_input` mutation instead.
    return strategy_for(model.input_schema, forbid_extra=True)


@cache
def outputs(model: ContractModel) -> st.SearchStrategy[Any]:
    # Output models keep unknown keys (a model that starts returning a new output must not
    # break older clients), so outputs are drawn with whatever extra keys the schema allows.
    return strategy_for(model.output_schema, forbid_extra=False)


def drawn_disagreements(
    model: ContractModel, data: st.DataObject, side: Side
) -> list[Disagreement]:
    """Draw a valid instance, edge and mutate it, and return where schema and model disagree."""
    if side == "input":
        instance = data.draw(inputs(model), label="input")
        return disagreements(
            model.input_schema, model.input_model, cases_for(model.input_schema, instance, side)
        )
    output = data.draw(outputs(model), label="output")
    return disagreements(
        model.output_schema, model.output_model, cases_for(model.output_schema, output, side)
    )
