"""The ``runcomfy_fake`` fixture, as a user's own test suite gets it from the installed client."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

USER_TESTS = """
import asyncio

import pytest

from runcomfy_client import JobFailedError

BODY = {"prompt": "two monsters", "image_urls": ["https://example.com/a.png"]}


def test_a_client_from_the_fixture_runs_a_job(runcomfy_fake):
    with runcomfy_fake.client() as client:
        output = client.wan_ai.wan_2_6.image_to_image.run(**BODY)
    assert output.images
    assert len(runcomfy_fake.calls("submit")) == 1


def test_an_async_client_from_the_fixture_runs_a_job(runcomfy_fake):
    async def main():
        async with runcomfy_fake.async_client() as client:
            return await client.wan_ai.wan_2_6.image_to_image.run(**BODY)

    assert asyncio.run(main()).images


@pytest.mark.runcomfy_fake(failure_rate=1.0)
def test_the_marker_configures_the_fake(runcomfy_fake):
    with runcomfy_fake.client() as client, pytest.raises(JobFailedError):
        client.wan_ai.wan_2_6.image_to_image.run(**BODY)


def test_each_test_gets_a_fresh_fake(runcomfy_fake):
    assert runcomfy_fake.jobs == {}
    assert runcomfy_fake.requests == []


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
    assert "1 failed, 4 passed" in completed.stdout, completed.stdout + completed.stderr
    assert "test_deliberately_failing" in completed.stdout
