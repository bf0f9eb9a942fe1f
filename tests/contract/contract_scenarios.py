"""Drawn lifecycle scenarios: what the server does and what the client is asked to do.

A ``Scenario`` is a model, a server script (status sequence with faults between the answers,
faults on result, cancel and submit, among them a connection dropped after the submit reached
the server and an answer lost after the server accepted the job; see ``contract_server``),
``max_retries``, the run durations the client already knows for the model (none, or a few: the
default poll policy then forecasts the end instead of backing off) and a list of client actions
(status, result, cancel, wait with a timeout). ``contract_lifecycle`` plays one;
``contract_invariants`` judges the run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from contract_drawing import outputs
from contract_models import ContractModel
from contract_server import FAULTS, Fault, Script, State
from hypothesis import strategies as st

__all__ = ["UNKNOWN_STATES", "Action", "Scenario", "Wait", "scenarios"]

UNKNOWN_STATES = ("warming_up", "pending_gpu")


@dataclass(frozen=True)
class Wait:
    timeout: float
    poll_interval: float
    max_poll_interval: float
    cancel_on_timeout: bool = False

    @property
    def cap(self) -> float:
        return max(self.poll_interval, self.max_poll_interval)


Action = Wait | str  # "status", "result", "cancel" or a wait


@dataclass(frozen=True)
class Scenario:
    model: ContractModel
    script: Script
    max_retries: int
    actions: tuple[Action, ...]
    durations: tuple[float, ...] = ()


_faults = st.one_of(
    st.builds(lambda seconds: Fault("429", seconds), st.none() | st.integers(0, 5)),
    st.sampled_from([Fault(kind) for kind in FAULTS if kind != "429"]),
)


# What can go wrong with a submit, weighted towards the failures after which a client must not
# submit again: the connection dropped once the submit reached the server ("read"), and the
# answer lost after the server accepted the job ("lost"). "connect" (never sent) may be retried.
_submit_faults = st.one_of(
    st.sampled_from([Fault("read"), Fault("lost"), Fault("connect")]),
    _faults,
)


def _bursts(max_retries: int) -> st.SearchStrategy[list[Fault]]:
    # Mostly no fault (else nearly every scenario would end in one); otherwise up to one more
    # fault than the client may retry, so both recovering and giving up get drawn.
    faulty = st.lists(_faults, min_size=1, max_size=max_retries + 1)
    return st.one_of(st.just([]), st.just([]), st.just([]), faulty)


@st.composite
def _script(draw: st.DrawFn, model: ContractModel, max_retries: int) -> Script:
    positions = sorted(draw(st.sets(st.integers(0, 20), max_size=3)), reverse=True)
    states = [State("in_queue", p) for p in positions]
    states += [State(s) for s in draw(st.lists(st.sampled_from(UNKNOWN_STATES), max_size=1))]
    states += [State("in_progress")] * draw(st.integers(0, 2))
    terminal = draw(st.sampled_from(["completed", "succeeded", "cancelled", "failed", None]))
    if terminal is not None:  # None: the job never ends, the client must time out
        states.append(State(terminal))
    steps: list[Fault | State] = []
    for state in states:
        steps += draw(_bursts(max_retries))
        steps.append(state)
    return Script(
        statuses=tuple(steps),
        output=draw(outputs(model)),
        result_faults=tuple(draw(_bursts(max_retries))),
        cancel_faults=tuple(draw(st.lists(_faults, max_size=1))),
        submit_faults=tuple(
            draw(
                st.one_of(
                    st.just([]),
                    st.just([]),
                    st.lists(_submit_faults, min_size=1, max_size=max_retries + 1),
                )
            )
        ),
    )


_waits = st.builds(
    Wait,
    timeout=st.sampled_from([0.5, 2.0, 10.0]),
    poll_interval=st.sampled_from([0.01, 0.1, 0.5]),
    max_poll_interval=st.sampled_from([0.05, 0.5, 2.0]),
    cancel_on_timeout=st.booleans(),
)
_actions = st.one_of(_waits, _waits, st.sampled_from(["status", "result", "cancel"]))


@st.composite
def scenarios(draw: st.DrawFn, models: Sequence[ContractModel]) -> Scenario:
    model = draw(st.sampled_from(list(models)))
    max_retries = draw(st.integers(0, 3))
    return Scenario(
        model=model,
        script=draw(_script(model, max_retries)),
        max_retries=max_retries,
        actions=tuple(draw(st.lists(_actions, min_size=1, max_size=4))),
        durations=tuple(draw(_durations)),
    )


_durations = st.one_of(
    st.just([]), st.lists(st.floats(min_value=0.001, max_value=30.0), min_size=1, max_size=5)
)
