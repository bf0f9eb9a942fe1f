"""The quick staleness answer behind the test session's guard (tests/conftest.py): a runtime
edit, a generator or template change, a schema change or a new model, each named; a reformatted
schema file is not a change."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from generator_support import REPO

from generator.build import build
from generator.output.freshness import stale_reasons
from generator.output.write import write


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    write(build(tmp_path / "schemas").rendered, tmp_path / "out")
    return tmp_path


def reasons(project: Path) -> list[str]:
    return stale_reasons(project / "schemas", project / "out")


def test_a_fresh_output_has_no_reasons(project: Path) -> None:
    assert reasons(project) == []


def test_an_edited_runtime_copy_is_named(project: Path) -> None:
    copy = project / "out/runcomfy_client/_core.py"
    copy.write_text(copy.read_text(encoding="utf-8") + "\n# planted\n", encoding="utf-8")
    assert [r for r in reasons(project) if "_core.py" in r] == [
        f"{project}/out/runcomfy_client/_core.py differs from templates/runtime/_core.py"
    ]


def test_missing_and_left_over_runtime_copies_are_named(project: Path) -> None:
    (project / "out/runcomfy_client/_status.py").unlink()
    leftover = project / "out/runcomfy_client/_gone.py"
    leftover.write_text("# generated from templates/runtime/_gone.py by runcomfy-codegen\n")
    found = reasons(project)
    assert any("_status.py is missing" in r for r in found)
    assert any("_gone.py is left over" in r for r in found)


def test_a_generator_change_is_seen_through_the_manifest(project: Path) -> None:
    manifest = project / "out/manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["generator_sha256"] = "0" * 64
    manifest.write_text(json.dumps(data), encoding="utf-8")
    assert reasons(project) == [
        "the generator's emitting code or templates changed since it was generated"
    ]


def test_a_schema_change_is_seen_and_a_reformat_is_not(project: Path) -> None:
    path = next((project / "schemas").rglob("input.json"))
    schema = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(schema, indent=7, ensure_ascii=True), encoding="utf-8")
    assert reasons(project) == []
    schema["description"] = "changed upstream"
    path.write_text(json.dumps(schema), encoding="utf-8")
    assert reasons(project) == [f"{project}/schemas changed since it was generated"]


def test_an_added_model_is_named(project: Path) -> None:
    source = next((project / "schemas").rglob("input.json")).parent
    shutil.copytree(source, project / "schemas/acme/new-model")
    assert reasons(project) == ["models changed (added: ['acme/new-model'], removed: none)"]


def test_the_session_refuses_to_start_on_a_planted_runtime_change(tmp_path: Path) -> None:
    # A copy of the repository's parts, with the generator imported from the copy.
    for name in ("generator", "templates", "schemas", "generated"):
        shutil.copytree(REPO / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "tests/contract").mkdir(parents=True)
    # The session's conftest and the one helper it imports (the hypothesis set-up).
    for name in ("conftest.py", "contract/contract_determinism.py"):
        shutil.copy(REPO / "tests" / name, tmp_path / "tests" / name)
    (tmp_path / "tests/test_nothing.py").write_text("def test_ok() -> None:\n    pass\n")
    core = tmp_path / "templates/runtime/_core.py"
    core.write_text(core.read_text(encoding="utf-8") + "\n# planted\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    env.pop("RUNCOMFY_CONTRACT_CLIENT", None)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == pytest.ExitCode.USAGE_ERROR, done.stdout + done.stderr
    output = done.stdout + done.stderr
    assert "generated/runcomfy_client/_core.py differs from templates/runtime/_core.py" in output
    assert "run `runcomfy-codegen generate` first" in output
    assert "1 passed" not in output
