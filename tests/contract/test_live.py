"""Live layer (optional, never in CI): each model's example request against the real RunComfy API.

Skipped unless both ``RUNCOMFY_API_KEY`` and ``RUNCOMFY_LIVE=1`` are set. Every example submitted
is a paid job: run it by hand, e.g. after RunComfy announces a model change::

    RUNCOMFY_LIVE=1 RUNCOMFY_API_KEY=... pytest tests/contract/test_live.py -m live

Each response on the wire is recorded (an httpx response hook) and checked: the submit answer
carries a request id, every status is a string RunComfy documents, and the final ``output``
validates against the model's output schema and parses into the generated output model.
"""

from __future__ import annotations

import json
import os
from typing import Any

import httpx
import pytest
from contract_formats import format_checker
from contract_models import ContractModel
from jsonschema import Draft7Validator

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(
        not (os.environ.get("RUNCOMFY_API_KEY") and os.environ.get("RUNCOMFY_LIVE") == "1"),
        reason="live layer: set RUNCOMFY_API_KEY and RUNCOMFY_LIVE=1 (each example is a paid job)",
    ),
]

LIVE_TIMEOUT = float(os.environ.get("RUNCOMFY_LIVE_TIMEOUT", "900"))
DOCUMENTED_STATES = {"in_queue", "in_progress", "completed", "succeeded", "cancelled", "failed"}


def test_example_runs_on_the_real_api_and_every_answer_matches_the_schemas(
    example: tuple[ContractModel, str, Any],
) -> None:
    from runcomfy_client import RunComfy

    model, _name, body = example
    answers: list[tuple[str, Any]] = []

    def record(response: httpx.Response) -> None:
        response.read()
        answers.append((response.request.url.path, json.loads(response.content or b"null")))

    with httpx.Client(timeout=60.0, event_hooks={"response": [record]}) as http:
        client = RunComfy(http_client=http)
        output = client.model(model.model_id).run(body, timeout=LIVE_TIMEOUT)

    submitted = answers[0][1]
    assert isinstance(submitted, dict) and isinstance(submitted.get("request_id"), str)
    states = {a["status"] for path, a in answers if path.endswith("/status")}
    assert states <= DOCUMENTED_STATES, f"undocumented states: {states - DOCUMENTED_STATES}"
    result = answers[-1][1]
    validator = Draft7Validator(model.output_schema, format_checker=format_checker())
    assert [e.message for e in validator.iter_errors(result["output"])] == []
    assert isinstance(output, model.output_model)
