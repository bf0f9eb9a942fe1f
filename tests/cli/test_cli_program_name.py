"""Our program is ``runcomfy-py``: RunComfy's own CLI owns the name ``runcomfy``."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib.metadata import distribution, entry_points
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYPROJECTS = [ROOT / "pyproject.toml", ROOT / "generated" / "pyproject.toml"]


def test_the_client_distribution_installs_runcomfy_py_and_never_runcomfy() -> None:
    scripts = tomllib.loads(PYPROJECTS[1].read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"runcomfy-py": "runcomfy_client.cli:main"}


def test_the_generator_distribution_installs_neither() -> None:
    # the program belongs to runcomfy-client alone: no file of two distributions
    scripts = tomllib.loads(PYPROJECTS[0].read_text(encoding="utf-8"))["project"]["scripts"]
    assert "runcomfy-py" not in scripts and "runcomfy" not in scripts


def test_the_installed_distribution_has_runcomfy_py_and_no_runcomfy() -> None:
    names = {ep.name for ep in distribution("runcomfy-client").entry_points}
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
