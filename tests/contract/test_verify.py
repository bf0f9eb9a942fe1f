"""``runcomfy-codegen verify``: generate into a temp dir, run the suite on that client, report.

These run the real command (a child pytest each, restricted with ``-k`` to stay quick) on the
probe model; they are self-tests, so ``verify`` itself never runs them (no recursion).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.verify import contract_suite, summary

pytestmark = pytest.mark.contract_selftest

PROBE = Path(__file__).parent / "probe_schemas"
PROBE_ID = "acme/contract-probe/v1"
QUICK = ["-k", "schema_layer or enforces_every"]


def test_verify_finds_the_suite_next_to_the_generator_package() -> None:
    assert contract_suite() == Path(__file__).parent


def test_verify_exits_0_when_the_generated_client_keeps_the_contract(
    capfd: pytest.CaptureFixture[str],
) -> None:
    code = main(["verify", "--schemas", str(PROBE), "--", *QUICK])
    out = capfd.readouterr().out
    assert code == 0, out
    assert "keeps the contract of every schema" in out


def test_verify_exits_1_and_names_the_model_and_the_disagreement(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # Judge the probe's client against a copy whose prompt is shorter: the client generated from
    # the real probe accepts prompts the copy refuses, a broken contract verify must report.
    stricter = tmp_path / "stricter"
    shutil.copytree(PROBE, stricter)
    schema_file = stricter / PROBE_ID / "input.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    schema["properties"]["prompt"]["maxLength"] = 20
    schema_file.write_text(json.dumps(schema), encoding="utf-8")

    code = main(["verify", "--schemas", str(PROBE), "--", *QUICK, f"--runcomfy-schemas={stricter}"])
    out = capfd.readouterr().out
    assert code == 1, out
    report = out[out.index("CONTRACT BROKEN") :]
    assert f"{PROBE_ID}:" in report
    assert "too_long at /prompt" in report and "the model accepts" in report


def test_verify_exits_2_and_lists_every_problem_for_bad_schemas(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "schemas" / "acme" / "broken" / "v1"
    broken.mkdir(parents=True)
    (broken / "input.json").write_text('{"type": "object", "properties": {', encoding="utf-8")
    assert main(["verify", "--schemas", str(tmp_path / "schemas")]) == 2
    assert "not valid JSON" in capfd.readouterr().err


def test_summary_groups_failures_by_model_with_their_first_lines() -> None:
    report = {
        "models": ["a/b", "c/d"],
        "tests": 10,
        "failures": [
            {
                "test": "tests/contract/test_differential.py::test_x[c/d]",
                "model": "c/d",
                "message": "AssertionError: 1 disagreement(s)",
                "details": "AssertionError: 1 disagreement(s)\n- too_long at /prompt",
            }
        ],
    }
    text = summary(Path("schemas"), 1, report, 1.0)
    assert "CONTRACT BROKEN in 1 place(s)" in text
    assert "  c/d:\n    test_x: AssertionError: 1 disagreement(s)" in text
    assert "- too_long at /prompt" in text
    assert "a/b" not in text.split("\n", 1)[1]
