"""Helpers of the fake server tests: raw HTTP to a fake, and the seed example body."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

SEED_MODEL = "wan-ai/wan-2-6/image-to-image"
KEY = "sk-fake-test-key-4711"
AUTH = {"authorization": f"Bearer {KEY}"}
SEED_EXAMPLE = Path(__file__).parents[2] / "schemas" / SEED_MODEL / "examples" / "radio-hosts.json"


class Wire:
    """Raw HTTP against the fake: these tests check the wire format, not the client runtime."""

    def __init__(self, http: httpx.Client) -> None:
        self.http = http

    def submit(self, body: dict[str, Any] | None = None, model: str = SEED_MODEL) -> str:
        response = self.http.post(f"/v1/models/{model}", json=seed_body() if body is None else body)
        assert response.status_code == 200, response.text
        request_id: str = response.json()["request_id"]
        return request_id

    def status(self, request_id: str) -> dict[str, Any]:
        response = self.http.get(f"/v1/requests/{request_id}/status")
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def result(self, request_id: str) -> dict[str, Any]:
        response = self.http.get(f"/v1/requests/{request_id}/result")
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def poll_until_done(self, request_id: str, limit: int = 20) -> list[dict[str, Any]]:
        seen = [self.status(request_id)]
        while seen[-1]["status"] not in ("completed", "failed", "cancelled"):
            assert len(seen) < limit, f"still not done after {limit} polls: {seen[-1]}"
            seen.append(self.status(request_id))
        return seen


def seed_body() -> dict[str, Any]:
    body: dict[str, Any] = json.loads(SEED_EXAMPLE.read_text(encoding="utf-8"))
    return body
