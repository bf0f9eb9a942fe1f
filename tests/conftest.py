"""Fixtures of every test: no credentials or base URL of the developer's own leak in."""

from __future__ import annotations

from pathlib import Path

import pytest


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
