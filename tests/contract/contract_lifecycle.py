"""Playing a drawn scenario against the sync or the async client, on respx-mocked endpoints.

``check_scenario`` plays a ``Scenario`` (``contract_scenarios``) with a ``ScriptedServer``
(``contract_server``) answering every request, time faked so every sleep is instant, and fails
listing every invariant (``contract_invariants``) the run broke.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Callable
from typing import Any

import hypothesis
import respx
from contract_instances import build_full
from contract_invariants import check_action, check_submit
from contract_judging import json_equal
from contract_models import ContractModel
from contract_scenarios import UNKNOWN_STATES, Action, Scenario, Wait, scenarios
from contract_server import API_KEY, BASE_URL, REQUEST_ID, Fault, Script, ScriptedServer, State
from hypothesis import example, given, settings
from hypothesis.control import currently_in_test_context
from runcomfy_client.testing import ManualClock

__all__ = ["check_scenario", "drawn_scenarios", "run_scenario"]


async def _resolve(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


def _client(flavour: str, time: ManualClock, scenario: Scenario) -> Any:
    from runcomfy_client import AsyncRunComfy, JobDurations, RunComfy

    # What the client knows of the model's run durations decides how the default poll policy
    # paces the polls; the invariants hold either way.
    durations = JobDurations()
    for seconds in scenario.durations:
        durations.record(scenario.model.model_id, seconds)
    # The clients' public time option: virtual time, every pause instant and recorded. Jitter
    # stays on; it draws from ``random``, which hypothesis seeds, so a scenario replays exactly.
    options: dict[str, Any] = {
        "api_key": API_KEY,
        "base_url": BASE_URL,
        "max_retries": scenario.max_retries,
        "durations": durations,
        "clock": time,
    }
    if flavour == "sync":
        return RunComfy(**options, sleep=time.sleep)
    return AsyncRunComfy(**options, sleep=time.asleep)


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def drawn_scenarios(models: list[ContractModel], flavour: str) -> Callable[[], None]:
    """The lifecycle layer's hypothesis test for one client: drawn scenarios, and always the
    submit faults after which a second submit would start (and bill) a second job.

    ``test_lifecycle`` runs it; ``test_selftest_lifecycle`` runs the very same test with a bug
    planted, so a bug it catches is one the suite, as it runs, catches.
    """
    model = models[0]
    always = [
        Scenario(
            model,
            Script(
                statuses=(State("in_queue", 1), State("completed")),
                output=build_full(model.output_schema),
                submit_faults=(Fault(kind),),
            ),
            max_retries=2,
            actions=(Wait(10.0, 0.01, 0.05),),
        )
        for kind in ("read", "lost", "connect")  # dropped after reaching; lost once accepted
    ]

    @settings(max_examples=max(60, settings().max_examples))
    @given(scenario=scenarios(models))
    def play(scenario: Scenario) -> None:
        check_scenario(scenario, flavour)

    for scenario in always:
        play = example(scenario=scenario)(play)
    return play


def check_scenario(scenario: Scenario, flavour: str) -> None:
    """Play ``scenario`` on the ``"sync"`` or ``"async"`` client; fail listing broken invariants."""
    problems = asyncio.run(run_scenario(scenario, flavour))
    assert not problems, "lifecycle invariants broken:\n  - " + "\n  - ".join(problems)


async def run_scenario(scenario: Scenario, flavour: str) -> list[str]:
    """Play ``scenario``; every broken invariant, as a sentence (empty: all kept)."""
    time = ManualClock(start=1000.0)
    server = ScriptedServer(scenario.script, time)
    client = _client(flavour, time, scenario)
    warnings = _Warnings()
    logger = logging.getLogger("runcomfy_client")
    logger.addHandler(warnings)
    problems: list[str] = []
    try:
        with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
            router.route().mock(side_effect=server.handle)
            await _play(scenario, client, server, problems)
    finally:
        logger.removeHandler(warnings)
        await _resolve(client.close())
    for state in UNKNOWN_STATES:
        said = [m for m in warnings.messages if "unknown status" in m and repr(state) in m]
        if len(said) > 1:
            problems.append(f"the unknown state {state!r} was warned about {len(said)} times")
    return problems


async def _play(
    scenario: Scenario, client: Any, server: ScriptedServer, problems: list[str]
) -> None:
    resource = client.model(scenario.model.model_id)
    payload = build_full(scenario.model.input_schema)
    try:
        job = await _resolve(resource.submit(payload))
    except Exception as refused:  # every exception is checked below, whatever its type
        problems += check_submit(server.served(), refused, scenario.max_retries)
        return
    problems += check_submit(server.served(), None, scenario.max_retries)
    if not all(json_equal(body, payload) for body in server.submitted_bodies):
        problems.append(f"submit sent {server.submitted_bodies[-1]!r}, not the input {payload!r}")
    if job.request_id != REQUEST_ID:
        problems.append(f"submit returned request_id {job.request_id!r}, not {REQUEST_ID!r}")
    for number, action in enumerate(scenario.actions, 1):
        start, t0 = len(server.timeline), server.time.now
        updates: list[Any] = []
        error: Exception | None = None
        value: Any = None
        try:
            value = await _resolve(_call(job, action, updates.append))
        except Exception as exc:  # every exception is checked below, whatever its type
            error = exc
        # Shown by --hypothesis-show-statistics: which outcomes the drawn scenarios reach.
        kind = "wait" if isinstance(action, Wait) else action
        if currently_in_test_context():  # also played outside hypothesis, by example tests
            hypothesis.event(f"{kind} -> {type(error).__name__ if error else 'ok'}")
        events = server.timeline[start:]
        found = check_action(action, events, t0, value, error, updates, scenario)
        problems += [f"action {number} ({_name(action)}): {p}" for p in found]


def _call(job: Any, action: Action, on_update: Callable[[Any], None]) -> Any:
    if isinstance(action, Wait):
        return job.wait(
            timeout=action.timeout,
            poll_interval=action.poll_interval,
            max_poll_interval=action.max_poll_interval,
            cancel_on_timeout=action.cancel_on_timeout,
            on_update=on_update,
        )
    return getattr(job, action)()


def _name(action: Action) -> str:
    return f"wait(timeout={action.timeout})" if isinstance(action, Wait) else f"{action}()"
