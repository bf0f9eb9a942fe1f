"""Developer sessions: `nox -s tests`, `nox -s lint`, `nox -s generate`, `nox -s check`, ...

Each session installs the project into its own virtualenv, so it also proves that the
declared dependencies are enough.
"""

from __future__ import annotations

import nox

nox.options.sessions = ["check", "lint", "tests"]
nox.options.reuse_existing_virtualenvs = True
PYTHON = "3.11"


@nox.session(python=PYTHON)
def generate(session: nox.Session) -> None:
    """Regenerate generated/ from schemas/."""
    session.install("-e", ".")
    session.run("runcomfy-codegen", "generate", *session.posargs)


@nox.session(python=PYTHON)
def check(session: nox.Session) -> None:
    """Fail when generated/ is not exactly what `generate` would write."""
    session.install("-e", ".")
    session.run("runcomfy-codegen", "check", *session.posargs)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The default test suite (everything but live tests)."""
    session.install("-e", ".[dev]")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff (lint + format) on the hand-written code, mypy --strict on generator and client."""
    session.install("-e", ".[dev]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")
