"""Helpers for generator tests: generate into a temp dir and import that package in-process."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pytest

from generator.build import build
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
