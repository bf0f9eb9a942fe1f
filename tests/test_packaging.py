"""Packaging that works installed: the generator's wheel ships the generator, the templates and
the contract suite but never the client; the client is its own wheel; with the two wheels
installed (not editable) `runcomfy-codegen verify` runs the suite from any folder.

The wheels are built without build isolation (hatchling comes with the dev install) and installed
into a fresh virtualenv whose dependencies are borrowed from this one: no network is used."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PROBE = REPO / "tests/contract/probe_schemas"


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("wheels")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-build-isolation", "--no-deps",
         "--no-index", "-w", str(out), str(REPO), str(REPO / "generated")],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    found = {path.name.split("-")[0]: path for path in out.glob("*.whl")}
    assert set(found) == {"runcomfy_codegen", "runcomfy_client"}, found
    return found


def names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return {name for name in archive.namelist() if ".dist-info/" not in name}


def entry_points(wheel: Path) -> str:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt")]
        return archive.read(name).decode("utf-8")


def test_no_file_belongs_to_both_wheels(wheels: dict[str, Path]) -> None:
    generator, client = names(wheels["runcomfy_codegen"]), names(wheels["runcomfy_client"])
    assert not {n for n in generator if n.startswith("runcomfy_client/")}
    assert generator.isdisjoint(client)
    assert "runcomfy-py" not in entry_points(wheels["runcomfy_codegen"])
    assert "runcomfy-py = runcomfy_client.cli:main" in entry_points(wheels["runcomfy_client"])


def test_the_generator_wheel_ships_templates_and_the_contract_suite(
    wheels: dict[str, Path],
) -> None:
    shipped = names(wheels["runcomfy_codegen"])
    assert "generator/_templates/runtime/_contract.py" in shipped
    assert "generator/_templates/model_module.py.j2" in shipped
    assert "generator/_contract_suite/conftest.py" in shipped
    assert "generator/_contract_suite/test_schema_layer.py" in shipped
    assert not [n for n in shipped if "__pycache__" in n or n.endswith(".pyc")]


def test_installed_wheels_generate_and_verify_in_any_folder(
    wheels: dict[str, Path], tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
         "--no-index", *map(str, wheels.values())],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    # The dependencies come from this environment, appended after the new site-packages (a
    # plain path: this environment's own editable-install hooks are not loaded there).
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(site) / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = tmp_path / "elsewhere"
    shutil.copytree(PROBE, work / "schemas")
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "RUNCOMFY_CONTRACT_CLIENT")
    }
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"

    where = subprocess.run(
        [str(python), "-c", "import generator, runcomfy_client; "
         "print(generator.__file__); print(runcomfy_client.__file__)"],
        check=True, capture_output=True, text=True, cwd=work, env=env,
    ).stdout  # fmt: skip
    assert where.count(site) == 2, where  # both from the installed wheels, not the checkout

    generated = subprocess.run(
        [str(bin_dir / "runcomfy-codegen"), "generate", "--out", "client"],
        capture_output=True, text=True, cwd=work, env=env,
    )  # fmt: skip
    assert generated.returncode == 0, generated.stdout + generated.stderr
    assert (work / "client/runcomfy_client/_contract.py").is_file()

    verified = subprocess.run(
        [str(bin_dir / "runcomfy-codegen"), "verify", "--", "-k", "schema_layer"],
        capture_output=True, text=True, cwd=work, env=env,
    )  # fmt: skip
    output = verified.stdout + verified.stderr
    assert verified.returncode == 0, output
    assert "keeps the contract of every schema" in output
    assert f"running the contract suite ({site}/generator/_contract_suite)" in output
