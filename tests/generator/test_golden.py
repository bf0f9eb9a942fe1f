"""The golden check: generated/ is exactly what the generator writes from schemas/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from generator_support import REPO

from generator.build import build
from generator.output.check import compare


@pytest.mark.golden
def test_generated_folder_matches_a_fresh_generation() -> None:
    out = REPO / "generated"
    differences = compare(build(REPO / "schemas", out).rendered, out)
    assert differences == [], "\n".join(f"{d.kind}: {d.path}\n{d.diff}" for d in differences)


@pytest.mark.golden
def test_generation_is_byte_for_byte_repeatable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RUNCOMFY_CODEGEN_CACHE", "off")
    first = build(REPO / "schemas", tmp_path / "none").rendered.files
    # A second interpreter with another hash seed must produce the same bytes.
    script = (
        "import json,sys; from pathlib import Path; from generator.build import build; "
        "files = build(Path(sys.argv[1]), Path(sys.argv[2])).rendered.files; "
        "sys.stdout.write(json.dumps(files, sort_keys=True))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(REPO / "schemas"), str(tmp_path / "none")],
        capture_output=True,
        text=True,
        check=True,
        # no render cache: the second interpreter must compute every byte itself
        env={"PYTHONHASHSEED": "12345", "PATH": "", "RUNCOMFY_CODEGEN_CACHE": "off"},
    )
    import json

    assert json.loads(done.stdout) == first


@pytest.mark.golden
def test_generated_package_passes_mypy_strict() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "runcomfy_client"],
        cwd=REPO / "generated",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
