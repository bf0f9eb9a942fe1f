"""Runs the installed ``runcomfy-py`` program in a child process, as a shell or CI job would."""

from __future__ import annotations

import os
import subprocess
import sysconfig
from collections.abc import Mapping
from pathlib import Path

from cli_runner import Ran

PROGRAM = Path(sysconfig.get_path("scripts")) / "runcomfy-py"


def run_program(
    *argv: str,
    env: Mapping[str, str] | None = None,
    stdin: str = "",
    timeout: float = 120,
) -> Ran:
    """``runcomfy-py ARGV...`` with ``env`` added to this process's environment."""
    assert PROGRAM.is_file(), f"{PROGRAM} is not installed (pip install -e .)"
    done = subprocess.run(
        [str(PROGRAM), *argv],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )
    return Ran(done.returncode, done.stdout, done.stderr)
