"""The contract suite's wiring: which schemas, which client, which hypothesis profile.

* Every test that takes a ``model`` argument runs once per model found in the schemas folder,
  with the model id as its test id, so a model folder dropped into ``schemas/`` is tested with
  no new test code. The folder is ``--runcomfy-schemas DIR``, else ``RUNCOMFY_SCHEMAS``, else
  ``<rootdir>/schemas``.
* The client under test is whatever ``runcomfy_client`` is importable. ``runcomfy-codegen verify``
  sets ``RUNCOMFY_CONTRACT_CLIENT`` to the package it generated; the session then refuses to run
  against any other copy (a silent fall-back to the installed client would prove nothing).
* Hypothesis profiles: ``ci`` (default: fixed seed, derandomised, modest example counts) and
  ``thorough`` (nightly: many more examples, random seeds), chosen with ``HYPOTHESIS_PROFILE``;
  what a seed draws never depends on the modules imported before (``contract_determinism``).
* ``RUNCOMFY_CONTRACT_REPORT=path`` writes a JSON summary of failures (``verify`` reads it).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from contract_determinism import settle_hypothesis
from contract_models import ContractModel, load_contract_models, schemas_folder

CLIENT_ENV = "RUNCOMFY_CONTRACT_CLIENT"
REPORT_ENV = "RUNCOMFY_CONTRACT_REPORT"

settle_hypothesis()

_MODELS = pytest.StashKey[list[ContractModel]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--runcomfy-schemas",
        default=None,
        help="schemas folder the contract suite checks the client against (default: "
        "$RUNCOMFY_SCHEMAS, else <rootdir>/schemas)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "contract_selftest: tests of the contract suite itself (planted bugs, verify); "
        "runcomfy-codegen verify skips them",
    )
    _check_client_under_test()
    folder = schemas_folder(_option(config), config.rootpath)
    from generator.pipeline.diagnostics import GenerationError

    try:
        config.stash[_MODELS] = load_contract_models(folder)
    except GenerationError as exc:
        raise pytest.UsageError(f"the schemas folder {folder} has errors:\n{exc}") from exc


def _option(config: pytest.Config) -> str | None:
    try:
        value = config.getoption("--runcomfy-schemas")
    except ValueError:  # this conftest was not an initial one: the option does not exist
        return None
    return str(value) if value else None


def _check_client_under_test() -> None:
    expected = os.environ.get(CLIENT_ENV)
    if not expected:
        return
    import runcomfy_client

    found = Path(runcomfy_client.__file__).resolve().parent
    if not found.is_relative_to(Path(expected).resolve()):
        raise pytest.UsageError(
            f"{CLIENT_ENV}={expected} but `import runcomfy_client` found {found}; "
            "put the generated package first on PYTHONPATH"
        )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "model" in metafunc.fixturenames:
        models = metafunc.config.stash[_MODELS]
        metafunc.parametrize("model", models, ids=[m.model_id for m in models])
    if "example" in metafunc.fixturenames:
        # One test per example file, named <model id>:<file>; a model without examples adds none.
        cases = [
            (m, name, body) for m in metafunc.config.stash[_MODELS] for name, body in m.examples
        ]
        metafunc.parametrize("example", cases, ids=[f"{m.model_id}:{name}" for m, name, _ in cases])


@pytest.fixture(scope="session")
def contract_models(pytestconfig: pytest.Config) -> list[ContractModel]:
    """Every model of the schemas folder (for tests that draw across models)."""
    return pytestconfig.stash[_MODELS]


# ---- the JSON report that `runcomfy-codegen verify` summarises ---------------------------------


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.failed:
        _record(report.nodeid, report.when, report.longreprtext)


def pytest_collectreport(report: pytest.CollectReport) -> None:
    if report.failed:
        _record(report.nodeid, "collect", report.longreprtext)


_PENDING: list[dict[str, str]] = []


def _record(nodeid: str, when: str, text: str) -> None:
    errors = []
    for line in text.splitlines():
        if not line.startswith("E "):
            continue
        line = line[2:].strip()
        if line.startswith(("Failing test case", "Falsifying example")):
            break  # hypothesis's replay recipe: in the full pytest output above
        if not line.startswith("assert "):  # pytest's repr of the failed expression
            errors.append(line)
    summary = next((line for line in errors if line), text.strip().splitlines()[-1:] or [""])
    _PENDING.append(
        {
            "test": nodeid,
            "model": nodeid.partition("[")[2].rstrip("]"),
            "when": when,
            "message": summary if isinstance(summary, str) else summary[0],
            "details": "\n".join(errors[:20]),
        }
    )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    path = os.environ.get(REPORT_ENV)
    if not path:
        return
    report: dict[str, Any] = {
        "exitstatus": int(exitstatus),
        "models": [m.model_id for m in session.config.stash.get(_MODELS, [])],
        "tests": session.testscollected,
        "failures": _PENDING,
    }
    Path(path).write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
