"""The generator fuzzer in the default suite: a seeded sample must find nothing, and every kind
of defect it exists to find, planted into the generator, must be found (so it can fail).

The full runs are ``nox -s fuzz -- --target generator --cases N`` (figures in benchmarks/README.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from generator_fuzz import fuzz, run_cases
from generator_fuzz_schemas import FuzzCase, clean_schema

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


@pytest.mark.parametrize("folder", ["acme//planted", "acme/./planted", "acme/x/../planted"])
def test_a_folder_named_with_extra_path_steps_is_judged_by_what_the_disk_holds(
    folder: str,
) -> None:
    # A drawn folder name is a path on the disk: the generator sees `acme/planted`, and the
    # probe must find that model's schema under the name it was drawn with.
    run = run_cases([_case(BOUNDED, folder)])
    assert not run.failures and run.outcomes["OK"] == 1, run.table(0)


@pytest.mark.parametrize(
    ("node", "cleaned"),
    [
        ({"enum": [1.5, 0], "multipleOf": 0}, {"enum": [1.5, 0]}),
        ({"enum": [3], "multipleOf": "x", "maxLength": -1}, {"enum": [3]}),
        ({"type": "string", "enum": [1, 2]}, {"type": "string"}),
        ({"type": "integer", "const": 2, "maximum": 1}, {"type": "integer", "maximum": 1}),
        ({"enum": [[1]], "pattern": "["}, {}),
    ],
)
def test_the_clean_half_of_the_drawn_cases_drops_what_the_generator_refuses(
    node: dict[str, object], cleaned: dict[str, object]
) -> None:
    # Judged on the keywords left, never on ones it drops (a multipleOf of 0 divided by zero).
    assert clean_schema(node) == cleaned


def test_the_oracle_reads_whole_enum_numbers_by_the_values_that_can_pass() -> None:
    # The enum offers only 592 (the bounds refuse 1e20 and -0.5): the client takes integers
    # there, and the oracle's documented difference must say the same.
    prop = {
        "anyOf": [{"enum": [1e20, -0.5, 592], "minimum": 2.5, "maximum": 653}, {"type": "string"}]
    }
    run = run_cases([_case({"type": "object", "properties": {"a": prop}})])
    assert not run.failures and run.outcomes["OK"] == 1, run.table(0)
