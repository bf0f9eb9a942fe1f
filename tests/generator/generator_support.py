"""Helpers for generator tests: generate into a temp dir and import that package in-process."""

from __future__ import annotations

import contextlib
import io
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.build import build
from generator.cli import main
from generator.output.write import write

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]


def _drop_package() -> dict[str, ModuleType]:
    dropped = {
        name: module
        for name, module in sys.modules.items()
        if name == "runcomfy_client" or name.startswith("runcomfy_client.")
    }
    for name in dropped:
        del sys.modules[name]
    return dropped


@contextmanager
def imported_from(out: Path) -> Iterator[ModuleType]:
    """Import the ``runcomfy_client`` generated into ``out`` instead of the installed one."""
    saved = _drop_package()
    sys.path.insert(0, str(out))
    try:
        import runcomfy_client

        yield runcomfy_client
    finally:
        sys.path.remove(str(out))
        _drop_package()
        sys.modules.update(saved)


@pytest.fixture
def generate_into(tmp_path: Path) -> Callable[[Path], Path]:
    """Generate the client for a schemas folder into a fresh temp dir; returns that dir."""

    def run(schemas: Path) -> Path:
        out = tmp_path / "out"
        write(build(schemas, out).rendered, out)
        return out

    return run


def write_schemas(root: Path, models: dict[str, Any]) -> Path:
    """A schemas folder: ``{model_id: input schema}`` or ``{model_id: (input, output)}``; a
    value that is ``bytes`` is written as it is (broken JSON, ``NaN`` ...)."""
    for model_id, schemas in models.items():
        folder = root / model_id
        folder.mkdir(parents=True, exist_ok=True)
        pair = schemas if isinstance(schemas, tuple) else (schemas, None)
        for name, schema in zip(("input.json", "output.json"), pair, strict=True):
            if schema is None:
                continue
            data = schema if isinstance(schema, bytes) else json.dumps(schema).encode()
            (folder / name).write_bytes(data)
    return root


def generate_cli(schemas: Path, out: Path) -> tuple[int, str]:
    """``runcomfy-codegen generate`` in-process: exit code and stderr (any traceback escapes)."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["generate", "--schemas", str(schemas), "--out", str(out)])
    return code, err.getvalue()
