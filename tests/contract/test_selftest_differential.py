"""The differential layer tests itself: a client generated from a deliberately wrong copy of a
schema must be caught when judged against the original schema.

The probe model (``probe_schemas/acme/contract-probe/v1``) has one of each constraint the suite
checks. Each mutation below breaks one of them in a copy; the copy is generated in memory (the
generator's own pipeline), its model module is loaded under a private name, and its classes are
judged against the ORIGINAL schema. The control test proves the unbroken probe passes, so each
catch is the mutation's doing.
"""

from __future__ import annotations

import copy
import json
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from contract_cases import cases_for
from contract_drawing import drawn_disagreements
from contract_instances import build_full
from contract_judging import disagreements, report
from contract_models import ContractModel, load_contract_models
from hypothesis import given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.contract_selftest

PROBE = Path(__file__).parent / "probe_schemas"
PROBE_ID = "acme/contract-probe/v1"

Mutation = Callable[[dict[str, Any]], None]


def _props(schema: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = schema["properties"]
    return properties


# name -> (how the copy is broken, which disagreement must be reported)
INPUT_MUTATIONS: dict[str, tuple[Mutation, str]] = {
    "maxLength-dropped": (lambda s: _props(s)["prompt"].pop("maxLength"), "too_long at /prompt"),
    "enum-value-removed": (
        lambda s: _props(s)["style"]["enum"].remove("sketch"),
        "enum_value at /style (value 'sketch')",
    ),
    "integer-enum-value-removed": (
        lambda s: _props(s)["quality"]["enum"].remove(3),
        "enum_value at /quality (value 3)",
    ),
    "maximum-raised": (
        lambda s: _props(s)["steps"].update(maximum=100),
        "above_maximum at /steps",
    ),
    "exclusiveMinimum-dropped": (
        lambda s: _props(s)["strength"].pop("exclusiveMinimum"),
        "at_exclusive_minimum at /strength",
    ),
    "multipleOf-dropped": (
        lambda s: _props(s)["size"].pop("multipleOf"),
        "not_a_multiple at /size",
    ),
    "maxItems-dropped": (lambda s: _props(s)["tags"].pop("maxItems"), "too_many_items at /tags"),
    "nested-maximum-dropped": (
        lambda s: _props(s)["loras"]["items"]["properties"]["scale"].pop("maximum"),
        "above_maximum at /loras/0/scale",
    ),
    "required-dropped": (
        lambda s: s.update(required=["prompt"]),
        "missing_required at /image_url",
    ),
    "format-dropped": (
        lambda s: _props(s)["image_url"].pop("format"),
        "bad_uri at /image_url",
    ),
    "integer-became-number": (
        lambda s: _props(s)["steps"].update(type="number"),
        "wrong_type at /steps (value 1.5)",
    ),
}


def _load_module(source: str, filename: str) -> types.ModuleType:
    """Import generated source under a private name (the real package stays untouched)."""
    name = f"_contract_mutant_{abs(hash(source))}"
    module = types.ModuleType(name)
    sys.modules[name] = module  # pydantic resolves the postponed annotations through it
    exec(compile(source, filename, "exec"), module.__dict__)
    return module


@pytest.fixture(scope="module")
def original() -> ContractModel:
    (probe,) = load_contract_models(PROBE)
    return probe


@pytest.fixture
def generate(tmp_path: Path) -> Iterator[Callable[[Mutation | None, str], ContractModel]]:
    """Generate the probe (mutated or not) and bind its classes to the ORIGINAL schemas."""
    from generator.build import build

    loaded: list[str] = []

    def make(mutation: Mutation | None, kind: str = "input") -> ContractModel:
        folder = tmp_path / f"schemas-{len(loaded)}"
        target = folder / PROBE_ID
        target.mkdir(parents=True)
        for name in ("input.json", "output.json"):
            raw = json.loads((PROBE / PROBE_ID / name).read_text(encoding="utf-8"))
            if mutation is not None and name == f"{kind}.json":
                mutation(raw["output"] if kind == "output" else raw)
            (target / name).write_text(json.dumps(raw), encoding="utf-8")
        result = build(folder)
        (spec,) = result.specs
        module = _load_module(result.rendered.files[spec.module_file], spec.module_file)
        loaded.append(module.__name__)
        (probe,) = load_contract_models(PROBE)
        classes = (getattr(module, spec.input_class), getattr(module, spec.output_class))
        return ContractModel(
            probe.model_id,
            copy.deepcopy(probe.input_schema),
            copy.deepcopy(probe.output_schema),
            bound=classes,
        )

    yield make
    for name in loaded:
        sys.modules.pop(name, None)


def _input_disagreements(model: ContractModel) -> list[str]:
    cases = cases_for(model.input_schema, build_full(model.input_schema), "input", rules=True)
    return [d.describe() for d in disagreements(model.input_schema, model.input_model, cases)]


def test_the_unbroken_probe_passes_every_differential_check(
    generate: Callable[[Mutation | None, str], ContractModel],
) -> None:
    probe = generate(None, "input")
    assert _input_disagreements(probe) == []
    output_cases = cases_for(probe.output_schema, build_full(probe.output_schema), "output")
    assert disagreements(probe.output_schema, probe.output_model, output_cases) == []


@pytest.mark.parametrize("name", sorted(INPUT_MUTATIONS))
def test_a_client_generated_from_a_broken_schema_is_reported(
    name: str, generate: Callable[[Mutation | None, str], ContractModel]
) -> None:
    mutation, expected = INPUT_MUTATIONS[name]
    found = _input_disagreements(generate(mutation, "input"))
    assert any(expected in line for line in found), f"expected {expected!r} among {found}"


def test_an_output_model_whose_uri_format_was_dropped_is_reported(
    generate: Callable[[Mutation | None, str], ContractModel],
) -> None:
    mutant = generate(lambda s: _props(s)["image"].pop("format"), "output")
    cases = cases_for(mutant.output_schema, build_full(mutant.output_schema), "output")
    found = [d.describe() for d in disagreements(mutant.output_schema, mutant.output_model, cases)]
    assert any("bad_uri at /image" in line for line in found), found


@pytest.mark.parametrize("name", ["maxLength-dropped", "enum-value-removed"])
def test_the_drawn_property_also_finds_a_broken_schema(
    name: str, generate: Callable[[Mutation | None, str], ContractModel]
) -> None:
    # The property tests, not only the example-based check, must see the defect: this is the
    # same property as in test_differential, run on the mutant.
    mutant = generate(INPUT_MUTATIONS[name][0], "input")

    @settings(max_examples=100, report_multiple_bugs=False)
    @given(data=st.data())
    def prop(data: st.DataObject) -> None:
        found = drawn_disagreements(mutant, data, "input")
        assert not found, report(mutant.input_model.__name__, found)

    with pytest.raises(AssertionError, match="disagreement"):
        prop()
