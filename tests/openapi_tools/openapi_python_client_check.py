"""Does ``generated/openapi.json`` work in another tool? Run openapi-python-client on it.

    python tests/openapi_tools/openapi_python_client_check.py [--openapi FILE] [--catalogue N]

Runs the ``openapi-python-client`` program (``nox -s openapi_tools`` installs a pinned version)
on the document, then checks that it reported no warning, that a module was generated for every
``submit_*`` operation of the document, and that each of them imports. ``--catalogue N`` first
generates the client for a synthetic catalogue of N models (``benchmarks/catalogue.py``) and
checks its document instead. Prints a table; exit code 0 when every operation was generated.
Slow (a few seconds plus N x 0.1 s), so it is not part of the default test run; the fast
structural checks (unique names, one operation per model) are, in ``tests/generator``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "openapi_client"  # what the program calls the package it writes (``--meta none``)


def _document_for_catalogue(count: int, tmp: Path) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from catalogue import make_catalogue

    schemas, out = tmp / "schemas", tmp / "client"
    make_catalogue(count, schemas)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "generator.cli",
            "generate",
            "--schemas",
            str(schemas),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return out / "openapi.json"


def check(document_path: Path, tmp: Path) -> int:
    program = shutil.which("openapi-python-client")
    if program is None:
        print("openapi-python-client is not installed; run `nox -s openapi_tools`")
        return 2
    document = json.loads(document_path.read_text(encoding="utf-8"))
    wanted = sorted(
        operation["operationId"]
        for path in document["paths"].values()
        for operation in path.values()
        if str(operation.get("operationId", "")).startswith("submit_")
    )
    out = tmp / "generated-by-openapi-python-client"
    done = subprocess.run(
        [
            program,
            "generate",
            "--path",
            str(document_path),
            "--meta",
            "none",
            "--output-path",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    report = done.stdout + done.stderr
    warned = [
        line
        for line in report.splitlines()
        if line.strip().startswith(("Warning", "WARNING", "Unable", "Could not"))
    ]
    generated = sorted(p.stem for p in (out / "api" / "models").glob("submit_*.py"))
    missing = sorted(set(wanted) - set(generated))
    sys.path.insert(0, str(out.parent))
    broken = []
    if out.exists():
        out.rename(out.parent / PACKAGE)
        for name in generated:
            try:
                importlib.import_module(f"{PACKAGE}.api.models.{name}")
            except Exception as exc:  # any import failure is the finding
                broken.append(f"{name}: {type(exc).__name__}: {exc}")
    print(f"document: {document_path}")
    print("| submit operations | generated | missing | imports failing | warnings |")
    print("|---|---|---|---|---|")
    print(f"| {len(wanted)} | {len(generated)} | {len(missing)} | {len(broken)} | {len(warned)} |")
    for line in [*missing, *broken, *warned][:40]:
        print(f"- {line}")
    ok = done.returncode == 0 and not missing and not broken and not warned and wanted
    if not ok and done.returncode != 0:
        print(report[-3000:])
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--openapi", type=Path, default=ROOT / "generated" / "openapi.json")
    parser.add_argument("--catalogue", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="openapi-tools-") as name:
        tmp = Path(name)
        document = _document_for_catalogue(args.catalogue, tmp) if args.catalogue else args.openapi
        return check(document, tmp)


if __name__ == "__main__":
    sys.exit(main())
