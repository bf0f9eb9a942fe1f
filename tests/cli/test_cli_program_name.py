"""Our program is ``runcomfy-py``: RunComfy's own CLI owns the name ``runcomfy``."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib.metadata import distribution, entry_points
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECTS = [ROOT / "pyproject.toml", ROOT / "generated" / "pyproject.toml"]


@pytest.mark.parametrize("pyproject", PYPROJECTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_each_distribution_installs_runcomfy_py_and_never_runcomfy(pyproject: Path) -> None:
    scripts = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts.get("runcomfy-py") == "runcomfy_client.cli:main"
    assert "runcomfy" not in scripts


def test_the_installed_distribution_has_runcomfy_py_and_no_runcomfy() -> None:
    names = {ep.name for ep in distribution("runcomfy-codegen").entry_points}
    assert "runcomfy-py" in names
    assert "runcomfy" not in names
    assert not [ep for ep in entry_points(group="console_scripts") if ep.name == "runcomfy"]


def test_python_dash_m_runcomfy_client_runs_the_cli() -> None:
    ran = subprocess.run(
        [sys.executable, "-m", "runcomfy_client", "models"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr
    assert "wan-ai/wan-2-6/image-to-image" in ran.stdout
