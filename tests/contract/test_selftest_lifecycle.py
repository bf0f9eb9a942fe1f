"""The lifecycle layer tests itself: with a bug planted in the runtime, the drawn scenarios of
``test_lifecycle`` must fail, for the right reason.

Each bug is planted with ``monkeypatch`` for one test only, in the importable runtime.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

import pytest
from contract_lifecycle import check_scenario, drawn_scenarios
from contract_models import ContractModel
from contract_scenarios import Scenario, scenarios
from hypothesis import given, settings

pytestmark = pytest.mark.contract_selftest

Plant = Callable[[pytest.MonkeyPatch], None]


def _cancelled_treated_as_running(monkeypatch: pytest.MonkeyPatch) -> None:
    from runcomfy_client import _status

    monkeypatch.setattr(_status, "_CANCELLED", frozenset())


def _running_treated_as_completed(monkeypatch: pytest.MonkeyPatch) -> None:
    from runcomfy_client import _status

    monkeypatch.setattr(_status, "_SUCCEEDED", frozenset({"completed", "succeeded", "in_progress"}))


def _wrap_send(
    monkeypatch: pytest.MonkeyPatch, change: Callable[[Any, dict[str, Any]], Any]
) -> None:
    from runcomfy_client import _core

    real = _core.send  # type: ignore[attr-defined]  # the core's own import, patched below

    def send(request: Any, **kwargs: Any) -> Any:
        return real(change(request, kwargs), **kwargs)

    monkeypatch.setattr(_core, "send", send)


def _submit_retried_blindly(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every request, the submit POST included, retried as if it were a GET.
    _wrap_send(monkeypatch, lambda request, _: dataclasses.replace(request, retry="idempotent"))


def _one_retry_too_many(monkeypatch: pytest.MonkeyPatch) -> None:
    def change(request: Any, kwargs: dict[str, Any]) -> Any:
        kwargs["max_retries"] += 1
        return request

    _wrap_send(monkeypatch, change)


def _retry_after_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    from runcomfy_client import _retry

    monkeypatch.setattr(_retry, "retry_after_seconds", lambda headers, now: None)


def _connection_error_without_request_id(monkeypatch: pytest.MonkeyPatch) -> None:
    # The message still shows the id (in the URL); only the attribute is lost.
    from runcomfy_client import _retry

    real = _retry._connection_error

    def connection_error(*args: Any) -> Any:
        error = real(*args)
        error.request_id = None
        return error

    monkeypatch.setattr(_retry, "_connection_error", connection_error)


def _submit_may_retry_after_reaching_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    # As if ``may_retry = True`` for submits: every connection failure is taken for one that
    # never reached the server, so a submit is sent again after it reached it.
    from runcomfy_client import _protocol

    monkeypatch.setattr(_protocol.TransportFailure, "reached_server", property(lambda self: False))


# name -> (the bug, what the failure must say)
BUGS: dict[str, tuple[Plant, str]] = {
    "cancelled-treated-as-running": (
        _cancelled_treated_as_running,
        "after the terminal state cancelled|although the job reached cancelled"
        "|cancel in cancelled gave",
    ),
    "running-treated-as-completed": (_running_treated_as_completed, "fetched the result after"),
    "submit-retried-blindly": (_submit_retried_blindly, "submit reached the server"),
    "one-retry-too-many": (_one_retry_too_many, "max_retries"),
    "retry-after-ignored": (_retry_after_ignored, "after Retry-After"),
    "connection-error-without-request-id": (
        _connection_error_without_request_id,
        "APIConnectionError lost the request_id|APITimeoutError lost the request_id",
    ),
}


@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("bug", sorted(BUGS))
def test_drawn_scenarios_catch_a_planted_runtime_bug(
    bug: str,
    flavour: str,
    monkeypatch: pytest.MonkeyPatch,
    contract_models: list[ContractModel],
) -> None:
    plant, reason = BUGS[bug]
    plant(monkeypatch)

    @settings(max_examples=300, report_multiple_bugs=False)
    @given(scenario=scenarios(contract_models))
    def play(scenario: Scenario) -> None:
        check_scenario(scenario, flavour)

    with pytest.raises(AssertionError) as caught:
        play()
    # Only the list of broken invariants counts, not the printed scenario that follows it.
    problems = str(caught.value).split("\nFailing test case")[0]
    assert re.search(reason, problems), f"caught, but not for the planted bug:\n{problems}"


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_the_suites_own_drawn_test_catches_a_submit_retried_after_it_reached_the_server(
    flavour: str, monkeypatch: pytest.MonkeyPatch, contract_models: list[ContractModel]
) -> None:
    # Not a bigger sample: the very test ``test_lifecycle`` runs (same settings, same examples),
    # so what ``runcomfy-codegen verify`` runs for users catches it.
    _submit_may_retry_after_reaching_the_server(monkeypatch)
    with pytest.raises(AssertionError) as caught:
        drawn_scenarios(contract_models, flavour)()
    problems = str(caught.value).split("\nFailing test case")[0]
    assert re.search("submit reached the server|submit was accepted", problems), problems
