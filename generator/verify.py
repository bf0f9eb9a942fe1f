"""``runcomfy-codegen verify``: run the contract suite against a client freshly generated from a
schemas folder, and say per model what broke.

The client is generated into a temporary folder (the same ``build`` + ``write`` as ``generate``;
nothing in the checkout changes), then the contract suite runs in a child pytest with that folder
first on ``PYTHONPATH`` and ``RUNCOMFY_SCHEMAS`` pointing at the schemas, so the suite judges the
new client against the schemas it came from. The suite is ``tests/contract`` in a checkout and
ships inside the wheel as ``generator/_contract_suite``, so an installed ``runcomfy-codegen``
verifies from any folder. The child pytest gets its own configuration (``_PYTEST_INI``), not
whatever ``pytest.ini`` or ``pyproject.toml`` happens to sit around the working directory.

Exit codes: 0 the contract holds; 1 it does not (the report says where); 2 bad schemas, or no
contract suite to run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["add_verify_arguments", "contract_suite", "run_verify"]

# Tests of the suite itself (planted bugs, this command) and the paid live layer stay out.
MARKERS = "not golden and not live and not contract_selftest"


_PYTEST_INI = """\
[pytest]
markers =
    golden: regenerates the client and compares it with generated/ (not part of verify)
    live: talks to the real RunComfy API (not part of verify)
"""


def contract_suite() -> Path:
    """The contract suite: ``tests/contract`` beside this package in a checkout (or an editable
    install), else the copy packaged inside the wheel."""
    package = Path(__file__).resolve().parent
    for candidate in (package.parent / "tests" / "contract", package / "_contract_suite"):
        if (candidate / "conftest.py").is_file():
            return candidate
    return package / "_contract_suite"


def add_verify_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "pytest_args",
        nargs="*",
        metavar="PYTEST_ARG",
        help="extra pytest arguments after --, e.g. -- --junitxml=contract.xml -x",
    )


def run_verify(schemas: Path, pytest_args: Sequence[str] = ()) -> int:
    """Generate a client from ``schemas`` into a temp dir and run the contract suite on it."""
    from generator.build import build
    from generator.output.write import write

    suite = contract_suite()
    if not (suite / "conftest.py").is_file():
        print(
            f"verify: no contract suite at {suite}; reinstall runcomfy-codegen (its wheel ships "
            "the suite) or run from a checkout, which has it in tests/contract",
            file=sys.stderr,
        )
        return 2
    started = time.perf_counter()
    result = build(schemas)  # a GenerationError here is reported by the CLI (exit 2)
    for warning in result.warnings:
        print(warning.format(), file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="runcomfy-verify-") as tmp:
        client = Path(tmp) / "client"
        write(result.rendered, client)
        report_path = Path(tmp) / "contract-report.json"
        ini = Path(tmp) / "pytest.ini"
        ini.write_text(_PYTEST_INI, encoding="utf-8")
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(client), env.get("PYTHONPATH")]))
        env["RUNCOMFY_SCHEMAS"] = str(schemas.resolve())
        env["RUNCOMFY_CONTRACT_CLIENT"] = str(client / "runcomfy_client")
        env["RUNCOMFY_CONTRACT_REPORT"] = str(report_path)
        command = [
            sys.executable, "-m", "pytest", str(suite), "-c", str(ini), "--rootdir", tmp,
            "-m", MARKERS, "-p", "no:cacheprovider", "-p", "no:asyncio", "-q", "--tb=short",
            *pytest_args,
        ]  # fmt: skip
        print(
            f"verify: {len(result.specs)} model(s) from {schemas}; running the contract suite "
            f"({suite})"
        )
        sys.stdout.flush()
        code = subprocess.call(command, env=env, cwd=tmp)
        report = _read(report_path)
    elapsed = time.perf_counter() - started
    print(summary(schemas, code, report, elapsed))
    if code == 0:
        return 0
    return 2 if code in (3, 4) else 1  # internal or usage error: not a contract verdict


def _read(path: Path) -> dict[str, Any] | None:
    try:
        loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded


def summary(schemas: Path, code: int, report: dict[str, Any] | None, elapsed: float) -> str:
    """The closing report: the verdict, then each failing model with its failing checks."""
    if report is None:
        return f"verify: pytest stopped before running the contract suite (exit code {code})"
    models = report.get("models", [])
    head = f"verify: {len(models)} model(s), {report.get('tests', 0)} tests, {elapsed:.1f}s: "
    if code == 0:
        return head + "the generated client keeps the contract of every schema"
    if code == 5:
        return head + "no test ran (check the pytest arguments)"
    by_model: dict[str, list[dict[str, str]]] = defaultdict(list)
    for failure in report.get("failures", []):
        by_model[failure.get("model") or "(the suite itself)"].append(failure)
    lines = [head + f"CONTRACT BROKEN in {len(by_model)} place(s)"]
    for model, failures in sorted(by_model.items()):
        lines.append(f"  {model}:")
        for failure in failures:
            test = failure["test"].split("::")[-1].split("[")[0]
            lines.append(f"    {test}: {failure['message']}")
            details = failure.get("details", "").splitlines()[1:6]
            lines += [f"        {line}" for line in details if line.strip()]
    lines.append(
        "Fix the schema, or the generator/runtime, or list a deliberate difference in "
        "tests/contract/contract_judging.py KNOWN_DIFFERENCES (with its reason)."
    )
    return "\n".join(lines)
