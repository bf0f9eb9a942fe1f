"""The invariants every played scenario must keep, read from the timeline of requests and sleeps.

* every error raised is a ``RunComfyError``; once the submit was accepted, its ``request_id``
  attribute is the job's (the id merely appearing in the message, e.g. in a URL, is not enough);
* a submit reaches the server at most once per call (after a connection dropped once the submit
  reached the server, or an answer lost after the server accepted the job, it is not repeated);
* no request is tried more than ``max_retries + 1`` times; a retry after ``429`` waits the
  ``Retry-After`` it was given;
* ``wait`` polls at once, then never sleeps longer than the backoff cap between polls, never
  starts a poll after its deadline, never polls again after a terminal state, and fetches the
  result only after ``completed``/``failed`` (never after ``cancelled``);
* each outcome is explained by what the server said: a typed output only after completion, a
  timeout only when no terminal state came in time, an API error only when the last answer was
  that fault (and retries were spent when the fault is retryable);
* ``on_update`` sees each new state once, in order (an unknown state is warned about once: that
  one is checked in ``contract_lifecycle``, which holds the log).

Nothing here imitates the client's timing: the checks read the timeline of requests and sleeps.
"""

from __future__ import annotations

import itertools
from typing import Any

from contract_judging import json_equal
from contract_scenarios import Action, Scenario, Wait
from contract_server import REQUEST_ID, RETRYABLE, Fault, Served, State

__all__ = ["check_action", "check_submit"]

EPSILON = 1e-6


def _groups(served: list[Served]) -> list[list[Served]]:
    """Attempts of one logical request: a retryable fault followed by the same endpoint."""
    groups: list[list[Served]] = []
    for entry in served:
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and last.fault is not None
            and last.fault.kind in RETRYABLE
            and last.endpoint == entry.endpoint
        ):
            groups[-1].append(entry)
        else:
            groups.append([entry])
    return groups


def _error_problems(error: Exception) -> list[str]:
    from runcomfy_client import RunComfyError

    if not isinstance(error, RunComfyError):
        return [f"raised {type(error).__name__}, not a RunComfyError: {error}"]
    # Only called for errors after an accepted submit (``check_submit`` judges the ones before).
    if getattr(error, "request_id", None) != REQUEST_ID:
        return [f"{type(error).__name__} lost the request_id: {error}"]
    return []


def _fault_explains(
    error: Exception,
    served: list[Served],
    max_retries: int,
    *,
    now: float | None = None,
    deadline: float | None = None,
) -> str | None:
    """Why the fault error ``error`` is not explained by the last answer, or None if it is.

    Inside ``wait`` (``deadline`` given) a retry whose pause would end after the deadline is not
    made (documented in the runtime's ``_retry.send``), so fewer attempts are fine when the pause
    may overrun (its jitter is unknown here, so the longest possible pause is assumed).
    """
    import runcomfy_client as rc

    expected = {
        "401": rc.AuthenticationError,
        "404": rc.NotFoundError,
        "422": rc.BadRequestError,
        "coded_200": rc.NotFoundError,
        "429": rc.RateLimitError,
        "500": rc.ServerError,
        "503": rc.ServerError,
        "connect": rc.APIConnectionError,
        "read": rc.APIConnectionError,
        "lost": rc.APIConnectionError,
        "malformed": rc.ResponseFormatError,
    }
    last = served[-1] if served else None
    if last is None or last.fault is None:
        return f"raised {type(error).__name__} but the last answer was not a fault"
    if not isinstance(error, expected[last.fault.kind]):
        return f"raised {type(error).__name__} after a {last.fault.kind} fault"
    attempts = len(_groups(served)[-1])
    # The submit POST is retried only when it cannot have reached the server.
    retried = last.fault.kind in RETRYABLE and (last.endpoint != "submit" or not last.reached)
    if retried and attempts != max_retries + 1:
        out_of_time = (
            deadline is not None
            and now is not None
            and now + _longest_pause(last.fault, attempts - 1) > deadline
        )
        if not out_of_time:
            return (
                f"gave up after {attempts} attempt(s) on {last.fault.kind}, "
                f"max_retries={max_retries}, with time left"
            )
    return None


def _longest_pause(fault: Fault, retry: int) -> float:
    from runcomfy_client._retry import RetryPolicy

    policy = RetryPolicy()  # the client's defaults: the contract clients are built with them
    if fault.retry_after is not None and fault.retry_after <= policy.max_retry_after:
        return float(fault.retry_after)
    return min(policy.max_delay, policy.initial_delay * 2.0**retry)  # before jitter shortens it


def check_submit(served: list[Served], error: Exception | None, max_retries: int) -> list[str]:
    submits = [s for s in served if s.endpoint == "submit"]
    problems = []
    if sum(s.reached for s in submits) > 1:
        problems.append(f"submit reached the server {sum(s.reached for s in submits)} times")
    if sum(s.accepted for s in submits) > 1:
        jobs = sum(s.accepted for s in submits)
        problems.append(f"submit was accepted {jobs} times: {jobs} jobs started and billed")
    if len(submits) > max_retries + 1:
        problems.append(f"submit was tried {len(submits)} times, max_retries={max_retries}")
    if error is not None:
        from runcomfy_client import RunComfyError

        if not isinstance(error, RunComfyError):
            problems.append(f"submit raised {type(error).__name__}, not a RunComfyError")
        else:
            why = _fault_explains(error, submits, max_retries)
            if why:
                problems.append(f"submit: {why}")
    return problems


def _check_retries(events: list[Served | float], scenario: Scenario) -> list[str]:
    problems = []
    served = [e for e in events if isinstance(e, Served)]
    for group in _groups(served):
        if len(group) > scenario.max_retries + 1:
            problems.append(
                f"{group[0].endpoint} tried {len(group)} times, max_retries={scenario.max_retries}"
            )
    for before, after in itertools.pairwise(events):
        if (
            isinstance(before, Served)
            and isinstance(after, float)
            and before.fault is not None
            and before.fault.retry_after is not None
            and abs(after - before.fault.retry_after) > EPSILON
        ):
            problems.append(f"slept {after:.3f} s after Retry-After: {before.fault.retry_after}")
    return problems


def check_action(
    action: Action,
    events: list[Served | float],
    t0: float,
    value: Any,
    error: Exception | None,
    updates: list[Any],
    scenario: Scenario,
) -> list[str]:
    served = [e for e in events if isinstance(e, Served)]
    problems = _check_retries(events, scenario)
    if error is not None:
        problems += _error_problems(error)
    if isinstance(action, Wait):
        problems += _check_wait(action, events, t0, value, error, updates, scenario)
    else:
        problems += _check_single(action, served, value, error, scenario)
    return problems


def _answers(served: list[Served], endpoint: str) -> list[State]:
    return [s.state for s in served if s.endpoint == endpoint and s.state is not None]


def _check_single(
    action: str, served: list[Served], value: Any, error: Exception | None, scenario: Scenario
) -> list[str]:
    import runcomfy_client as rc

    answered = _answers(served, action)
    if not answered:
        if error is None:
            return ["returned without an answer from the server"]
        why = _fault_explains(error, served, scenario.max_retries)
        return [why] if why else []
    state = answered[-1]
    if action == "status":
        if error is not None:
            return [f"raised {type(error).__name__} on a valid status answer"]
        if (value.status, value.queue_position) != (state.status, state.queue_position):
            return [f"reported {value} but the server said {state}"]
        return []
    if action == "result":
        expected: type[Exception] | None = {
            "completed": None,
            "succeeded": None,
            "cancelled": rc.JobCancelledError,
            "failed": rc.JobFailedError,
        }.get(state.status, rc.JobNotReadyError)
        if expected is None:
            if error is not None:
                return [f"raised {type(error).__name__} for a completed job"]
            return _check_output(value, scenario)
        if not isinstance(error, expected):
            return [f"gave {type(error).__name__ if error else value!r} in state {state.status}"]
        return []
    # cancel: True when queued (now cancelled), False when finished, refused while running
    if state.status in ("in_queue", "cancelled"):
        return [] if error is None and value is True else [f"cancel in {state.status} gave {error or value!r}"]  # fmt: skip
    if state.terminal:
        return [] if error is None and value is False else [f"cancel in {state.status} gave {error or value!r}"]  # fmt: skip
    if not isinstance(error, rc.CancelNotAllowedError):
        return [f"cancel in {state.status} gave {error or value!r}, not CancelNotAllowedError"]
    return []


def _check_output(value: Any, scenario: Scenario) -> list[str]:
    dumped = value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if not json_equal(dumped, scenario.script.output):
        return [f"returned {dumped!r}, the server sent {scenario.script.output!r}"]
    return []


def _check_wait(
    wait: Wait,
    events: list[Served | float],
    t0: float,
    value: Any,
    error: Exception | None,
    updates: list[Any],
    scenario: Scenario,
) -> list[str]:
    import runcomfy_client as rc

    problems: list[str] = []
    served = [e for e in events if isinstance(e, Served)]
    if not served or served[0].endpoint != "status" or served[0].at != t0:
        problems.append("the first poll did not go out at once")
    deadline = t0 + wait.timeout
    terminal: State | None = None
    last: Served | None = None  # the last request before the current event
    now = t0
    for event in events:
        if isinstance(event, float):
            now += event
            after_poll = last is not None and last.endpoint == "status" and last.fault is None
            if after_poll and event > wait.cap + EPSILON:
                problems.append(f"slept {event:.3f} s between polls, above the cap {wait.cap}")
            continue
        if event.endpoint == "status":
            if terminal is not None:
                problems.append(f"polled again after the terminal state {terminal.status}")
            retry = (
                last is not None
                and last.endpoint == "status"
                and last.fault is not None
                and last.fault.kind in RETRYABLE
            )
            # A new poll starts no later than the deadline; a retry of one may run past it.
            if not retry and event.at > deadline + EPSILON:
                problems.append(f"started a poll {event.at - deadline:.3f} s after the deadline")
            if event.state is not None and event.state.terminal:
                terminal = event.state
        elif event.endpoint == "result" and (terminal is None or terminal.status == "cancelled"):
            shown = terminal.status if terminal else "no terminal state"
            problems.append(f"fetched the result after {shown}")
        last = event
    states = [(s.status, s.queue_position) for s in _answers(served, "status")]
    seen = [states[i] for i in range(len(states)) if i == 0 or states[i] != states[i - 1]]
    if [(u.status, u.queue_position) for u in updates] != seen:
        problems.append(f"on_update saw {[str(u) for u in updates]}, the server said {seen}")
    problems += _wait_outcome(wait, served, terminal, deadline, now, value, error, scenario, rc)
    return problems


def _wait_outcome(
    wait: Wait,
    served: list[Served],
    terminal: State | None,
    deadline: float,
    now: float,
    value: Any,
    error: Exception | None,
    scenario: Scenario,
    rc: Any,
) -> list[str]:
    status = terminal.status if terminal else None
    if error is None:
        if status not in ("completed", "succeeded"):
            return [f"returned an output without a completed state (last terminal: {status})"]
        return _check_output(value, scenario)
    if isinstance(error, rc.WaitTimeoutError):
        problems = []
        if terminal is not None:
            problems.append(f"timed out although the job reached {status}")
        if now < deadline - EPSILON:
            problems.append(f"gave up {deadline - now:.3f} s before the deadline")
        if wait.cancel_on_timeout and not any(s.endpoint == "cancel" for s in served):
            problems.append("cancel_on_timeout=True but no cancel was sent")
        if not wait.cancel_on_timeout and any(s.endpoint == "cancel" for s in served):
            problems.append("cancelled the job on timeout without being asked")
        return problems
    if isinstance(error, rc.JobCancelledError):
        return [] if status == "cancelled" else [f"JobCancelledError after {status}"]
    if isinstance(error, rc.JobFailedError):
        return [] if status == "failed" else [f"JobFailedError after {status}"]
    why = _fault_explains(error, served, scenario.max_retries, now=now, deadline=deadline)
    return [why] if why else []
