"""The generator fuzzer in the default suite: a seeded sample must find nothing, and every kind
of defect it exists to find, planted into the generator, must be found (so it can fail).

The full runs are ``nox -s fuzz -- --target generator --cases N`` (figures in benchmarks/README.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from generator_fuzz import fuzz, run_cases
from generator_fuzz_schemas import FuzzCase

SAMPLE_CASES = 80
SAMPLE_SEED = 20261124


def test_a_seeded_sample_of_drawn_and_mutated_schemas_finds_no_failure(tmp_path: Path) -> None:
    run = fuzz(SAMPLE_CASES, SAMPLE_SEED, save_dir=tmp_path)
    assert not run.failures, run.table(SAMPLE_SEED)
    # Both outcomes are exercised: working clients and clean refusals.
    assert run.outcomes["OK"] >= SAMPLE_CASES // 10, run.table(SAMPLE_SEED)
    assert run.outcomes["DIAG"] >= SAMPLE_CASES // 10, run.table(SAMPLE_SEED)


def _case(schema: object, model_id: str = "acme/planted") -> FuzzCase:
    return FuzzCase({f"{model_id}/input.json": json.dumps(schema).encode()}, "planted")


BOUNDED = {"type": "object", "properties": {"n": {"type": "integer", "minimum": 0, "maximum": 5}}}
BROKEN = {"type": "object", "properties": {"n": {"type": "strnig"}}}
FILE_REF = {"type": "object", "properties": {"n": {"$ref": "@SENTINEL_ABS@"}}}


@pytest.mark.parametrize(
    ("plant", "schema", "signature"),
    [
        ("drop-maximum", BOUNDED, "probe:input:model-accepts:type+minimum+maximum"),
        ("multiline-diagnostic", BROKEN, "diag:not-a-diagnostic-line"),
        ("crash", BOUNDED, "crash:generate:KeyError"),
        ("read-ref", FILE_REF, "file-or-network-access"),
        ("write-on-error", BROKEN, "diag:wrote-output"),
    ],
)
def test_a_planted_defect_is_found_with_its_signature(
    plant: str, schema: object, signature: str
) -> None:
    clean = run_cases([_case(schema)])
    assert not clean.failures, clean.table(0)  # the case is fine without the plant
    planted = run_cases([_case(schema)], plant=plant)
    assert any(found.startswith(signature) for found in planted.failures), planted.table(0)


def test_a_case_that_never_ends_is_a_hang_and_the_next_one_still_runs() -> None:
    run = run_cases([_case(BOUNDED), _case(BOUNDED)], plant="hang", timeout=3)
    assert run.failures["hang"] == 2, run.table(0)
