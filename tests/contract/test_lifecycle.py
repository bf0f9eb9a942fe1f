"""Lifecycle layer: drawn job scenarios against respx-mocked endpoints, with both clients.

Each example draws a model, a server script (queue positions going down, in_progress, unknown
states, completed / succeeded / cancelled / failed or never ending, with 429 + Retry-After, 5xx,
connection errors and malformed bodies in between, and submits whose connection drops after they
reached the server or whose answer is lost after the server accepted the job), ``max_retries`` and a few client actions
(status, result, cancel, wait with a timeout). ``contract_lifecycle`` lists the invariants.
Sleeps are instant: the client's clock only moves when it sleeps.
"""

from __future__ import annotations

import pytest
from contract_instances import build_full
from contract_lifecycle import check_scenario, drawn_scenarios
from contract_models import ContractModel
from contract_scenarios import Scenario, Wait
from contract_server import Script, State


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # A developer's own key or base URL must not change (or leak into) the scenarios.
    monkeypatch.delenv("RUNCOMFY_API_KEY", raising=False)
    monkeypatch.delenv("RUNCOMFY_BASE_URL", raising=False)


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_drawn_job_scenarios_keep_the_lifecycle_invariants(
    flavour: str, contract_models: list[ContractModel]
) -> None:
    drawn_scenarios(contract_models, flavour)()


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_model_runs_from_queue_to_completion_with_its_typed_output(
    model: ContractModel, flavour: str
) -> None:
    # Every model's resource, end to end: the body sent is the input, the output comes back typed.
    script = Script(
        statuses=(
            State("in_queue", 2),
            State("in_queue", 0),
            State("in_progress"),
            State("completed"),
        ),
        output=build_full(model.output_schema),
    )
    check_scenario(
        Scenario(model, script, max_retries=2, actions=(Wait(10.0, 0.01, 0.05),)), flavour
    )
