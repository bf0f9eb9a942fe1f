"""The ``runcomfy_fake`` fixture, as a user's own test suite gets it from the installed client."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

USER_TESTS = """
import httpx
import pytest

BODY = {"prompt": "two monsters", "image_urls": ["https://example.com/a.png"]}


def _http(fake):
    return httpx.Client(transport=fake.transport(), base_url="https://fake.runcomfy.test",
                        headers={"authorization": "Bearer k"})


def test_fixture_is_a_fresh_fake(runcomfy_fake):
    assert runcomfy_fake.jobs == {}
    with _http(runcomfy_fake) as http:
        assert http.post("/v1/models/wan-ai/wan-2-6/image-to-image", json=BODY).status_code == 200
    assert len(runcomfy_fake.calls("submit")) == 1


@pytest.mark.runcomfy_fake(failure_rate=1.0)
def test_marker_configures_the_fake(runcomfy_fake):
    assert runcomfy_fake.failure_rate == 1.0


def test_deliberately_failing(runcomfy_fake):
    assert runcomfy_fake.jobs, "fails on purpose: proves the outcome is reported"
"""


def test_user_suite_gets_the_fixture_from_the_entry_point(tmp_path: Path) -> None:
    (tmp_path / "test_user.py").write_text(textwrap.dedent(USER_TESTS), encoding="utf-8")
    # A bare run in a foreign folder: only the installed entry point can provide the fixture.
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--strict-markers",
            "test_user.py",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "1 failed, 2 passed" in completed.stdout, completed.stdout + completed.stderr
    assert "test_deliberately_failing" in completed.stdout
