"""Where the templates and the hand-written runtime are, and the rules the generator shares with it.

``contract`` is the runtime's own ``templates/runtime/_contract.py`` (field marks, client-checked
``validations`` rules, wait options, the model-id rule, the standard output schema), loaded by
path: the generator never imports a generated ``runcomfy_client``, which may be stale, missing or
another version. Every part of the generator that needs one of those rules reads it from here.
``atomic`` is the runtime's ``_atomic.py``, the one atomic-write helper, and ``credentials`` its
``_credentials.py`` (where the API key comes from, for pull), loaded the same way.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

__all__ = ["RUNTIME_DIR", "TEMPLATES_DIR", "atomic", "client_attributes", "contract", "credentials"]


def _templates_dir() -> Path:
    # In a checkout the templates sit beside generator/; in a wheel they are packaged inside it.
    package = Path(__file__).resolve().parent
    for candidate in (package.parent / "templates", package / "_templates"):
        if (candidate / "runtime").is_dir():
            return candidate
    raise FileNotFoundError("templates/ not found next to the generator package")


TEMPLATES_DIR = _templates_dir()
RUNTIME_DIR = TEMPLATES_DIR / "runtime"


def _load(file: str) -> ModuleType:
    """A stdlib-only runtime module (no relative imports), loaded from ``templates/runtime/``."""
    name = f"generator._runtime{file.removesuffix('.py')}"
    spec = importlib.util.spec_from_file_location(name, RUNTIME_DIR / file)
    if spec is None or spec.loader is None:  # pragma: no cover - the file is part of the package
        raise ImportError(f"cannot load {RUNTIME_DIR / file}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and typing look classes' modules up here
    spec.loader.exec_module(module)
    return module


_CLIENT_CLASSES = ("SyncClient", "AsyncClient")


@cache
def client_attributes() -> frozenset[str]:
    """The attributes of the runtime's client classes and their bases (``model``, ``job``,
    ``close`` ...), read from the runtime's source: ``client.<provider>`` must not hide one."""
    classes: dict[str, tuple[list[str], set[str]]] = {}
    for path in sorted(RUNTIME_DIR.glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef):
                bases = [b.id for b in node.bases if isinstance(b, ast.Name)]
                classes[node.name] = (bases, _class_attributes(node))
    names: set[str] = set()
    todo = list(_CLIENT_CLASSES)
    while todo:
        bases, attributes = classes.get(todo.pop(), ([], set()))
        names |= attributes
        todo += bases
    return frozenset(names)


def _class_attributes(node: ast.ClassDef) -> set[str]:
    names: set[str] = set()
    for item in node.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(item.name)
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            names.add(item.target.id)
        elif isinstance(item, ast.Assign):
            names.update(t.id for t in item.targets if isinstance(t, ast.Name))
    return names


if TYPE_CHECKING:  # mypy reads the files themselves (mypy_path holds templates/runtime)
    import _atomic as atomic
    import _contract as contract
    import _credentials as credentials
else:
    contract = _load("_contract.py")
    atomic = _load("_atomic.py")
    credentials = _load("_credentials.py")
