"""The test session's guard, and no credentials of the developer's own. The tests import the committed ``generated/`` package, so they must
not start when it is stale (a runtime edit without ``runcomfy-codegen generate`` would otherwise
be tested as its old copy, and pass). The guard is quick (no rendering; see
``generator.output.freshness``); ``runcomfy-codegen check`` and the golden test stay the exact
comparison.

Hypothesis is set up here for every session, whichever folders it collects: one profile, and draws
that depend on the seed alone (``tests/contract/contract_determinism.py``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from generator.output.freshness import stale_reasons

REPO = Path(__file__).resolve().parents[1]

sys.path.insert(0, str(REPO / "tests" / "contract"))  # where the contract suite's helpers live
from contract_determinism import settle_hypothesis  # noqa: E402

settle_hypothesis()


def pytest_sessionstart(session: pytest.Session) -> None:
    if os.environ.get("RUNCOMFY_CONTRACT_CLIENT"):
        return  # `runcomfy-codegen verify`: the suite tests a client generated for this run
    reasons = stale_reasons(REPO / "schemas", REPO / "generated")
    if reasons:
        listed = "\n".join(f"  - {reason}" for reason in reasons)
        pytest.exit(
            f"generated/ is stale, so the tests would run against an old copy:\n{listed}\n"
            "run `runcomfy-codegen generate` first (and commit the result)",
            returncode=pytest.ExitCode.USAGE_ERROR,
        )


@pytest.fixture(scope="session")
def _empty_config_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("runcomfy-config")


@pytest.fixture(autouse=True)
def _no_token_of_the_developer(monkeypatch: pytest.MonkeyPatch, _empty_config_dir: Path) -> None:
    # RunComfy's CLI's token file and variables are read as credentials (after RUNCOMFY_API_KEY):
    # a developer who ran `runcomfy login` must not have their token read, or sent, by a test.
    monkeypatch.setenv("RUNCOMFY_CONFIG_DIR", str(_empty_config_dir))
    monkeypatch.delenv("RUNCOMFY_TOKEN", raising=False)
    monkeypatch.delenv("RUNCOMFY_MODEL_API_BASE", raising=False)
