"""Developer sessions: `nox -s tests`, `nox -s lint`, `nox -s generate`, `nox -s check`, ...

Each session installs the project into its own virtualenv, so it also proves that the
declared dependencies are enough. The generator and the generated client are two distributions:
sessions that import the client install both (``-e . -e ./generated``).
"""

from __future__ import annotations

from pathlib import Path

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
    session.install("-e", ".[dev]", "-e", "./generated")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff (lint + format) on the hand-written code, mypy --strict on generator and client."""
    session.install("-e", ".[dev]", "-e", "./generated")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")


@nox.session(python=PYTHON)
def contract(session: nox.Session) -> None:
    """The contract check for CI: generate a client from the schemas into a temp dir and run
    tests/contract on it (`runcomfy-codegen verify`). `nox -s contract -- --schemas DIR`;
    set HYPOTHESIS_PROFILE=thorough for a nightly run with many more examples."""
    session.install("-e", ".[dev]", "-e", "./generated")
    session.run("runcomfy-codegen", "verify", *session.posargs)


@nox.session(python=PYTHON)
def refresh(session: nox.Session) -> None:
    """The nightly job: pull -> diff -> generate -> contract suite (needs RUNCOMFY_API_KEY).

    Arguments go to `pull` (none: refresh the models already in schemas/; `-- --all`: every
    catalog model). The report of what changed since HEAD is left in `.nox/refresh/report.md`
    (a pull-request description) and `report.json` (its `bump` for labels), and what a release
    would do now (relative to the last one) in `release.json`. It never releases: the version
    moves only by a deliberate `runcomfy-codegen release`. A breaking change does not fail the
    session: reporting it is the point; the contract suite still must pass.
    """
    session.install("-e", ".[dev]", "-e", "./generated")
    session.run("runcomfy-codegen", "pull", *session.posargs)
    reports = Path(".nox/refresh")
    reports.mkdir(parents=True, exist_ok=True)
    for fmt, name in (("markdown", "report.md"), ("json", "report.json")):
        # stderr=None: only the report itself goes into the file, never a warning.
        text = session.run(
            "runcomfy-codegen", "diff", "HEAD", "schemas", "--format", fmt, silent=True, stderr=None
        )
        (reports / name).write_text(str(text), encoding="utf-8")
    session.run("runcomfy-codegen", "generate")
    pending = session.run(
        "runcomfy-codegen", "release", "--dry-run", "--format", "json", silent=True, stderr=None
    )
    (reports / "release.json").write_text(str(pending), encoding="utf-8")
    session.run("pytest", "tests/contract", "-q")


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Benchmarks (tables on stdout, see benchmarks/README.md); ``-- --quick`` for < 2 min."""
    session.install("-e", ".[dev]", "-e", "./generated")
    session.run("python", "benchmarks/run_all.py", *session.posargs)


# The peers the benchmarks compare with, from the package registry, pinned so that figures stay
# comparable between runs; installed only into this session's own environment.
BENCH_PEERS = (
    "fastjsonschema==2.22.3",  # input validation
    "openapi-python-client==0.29.1",  # generation, and the lifecycle of the client it generates
    "fal-client==1.0.3",  # import time
    "replicate==1.0.7",  # import time
    "openai==3.57.0",  # import time
)


@nox.session(python=PYTHON, name="bench-peers")
def bench_peers(session: nox.Session) -> None:
    """The benchmarks with every peer installed (``BENCH_PEERS``), each figure against its
    peers in the same run, and the summary table of the performance targets at the end;
    ``-- --quick`` for the short set."""
    session.install("-e", ".[dev]", "-e", "./generated")
    session.install(*BENCH_PEERS)
    session.run("python", "benchmarks/run_all.py", *session.posargs)


@nox.session(python=PYTHON)
def fuzz(session: nox.Session) -> None:
    """Our fuzzers at full size (the default test run has a seeded sample of each):
    ``nox -s fuzz -- [--target generator|server|all] [--cases N] [--seed S]``; prints one table per
    target. Record big runs in benchmarks/README.md."""
    session.install("-e", ".[dev]", "-e", "./generated")
    session.run("python", "tests/fuzz/run.py", *session.posargs)


@nox.session(python=PYTHON)
def batch_kill(session: nox.Session) -> None:
    """The batch's kill -9 tests over many seeds (the default run has one):
    ``nox -s batch_kill [-- -x]``. Each seed kills a real ``runcomfy-py batch`` process while it
    submits, polls and downloads, resumes it, and checks nothing was lost or submitted twice."""
    session.install("-e", ".[dev]", "-e", "./generated")
    session.run("pytest", "tests/batch/test_batch_kill.py", "-m", "slow", *session.posargs)


@nox.session(python=PYTHON)
def openapi_tools(session: nox.Session) -> None:
    """generated/openapi.json in another tool: openapi-python-client must generate every submit
    operation, with no warning, and the modules must import. ``-- --catalogue 100`` checks the
    document of a synthetic catalogue of 100 models instead (about a minute)."""
    session.install("-e", ".", "openapi-python-client==0.29.1", "python-dateutil")
    session.run("python", "tests/openapi_tools/openapi_python_client_check.py", *session.posargs)
