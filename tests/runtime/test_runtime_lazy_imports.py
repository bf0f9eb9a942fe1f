"""Importing the package loads only the clients' classes and the errors; every other public name
(batch runner, downloads, jobs, resources, policies) loads on first use (PEP 562), and the public
API stays exactly what it was: same names, same objects, same ``__all__`` and ``dir()``."""

from __future__ import annotations

import ast
import importlib
import inspect
import subprocess
import sys

import pytest
import runcomfy_client
from runcomfy_client import _public

# What only a batch, a download or the first client needs; none of it loads with the package.
DEFERRED = (
    "asyncio",
    "sqlite3",
    "runcomfy_client._batch",
    "runcomfy_client._batch_items",
    "runcomfy_client._batch_scheduler",
    "runcomfy_client._journal",
    "runcomfy_client._files",
    "runcomfy_client._core",
    "runcomfy_client._http",
    "runcomfy_client._protocol",
    "runcomfy_client._polling",
    "runcomfy_client._retry",
)


def _run(code: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", "import sys\n" + code],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout.split()


def _loaded() -> str:
    return f"print(','.join(m for m in {DEFERRED!r} if m in sys.modules) or '-')\n"


def test_importing_the_package_loads_none_of_the_deferred_modules() -> None:
    code = "import runcomfy_client\n" + _loaded()
    code += "from runcomfy_client import RunComfy, AsyncRunComfy, RunComfyError\n" + _loaded()
    assert _run(code) == ["-", "-"]


def test_a_client_built_loads_its_machinery_but_not_the_batch_runner() -> None:
    code = "import runcomfy_client\nruncomfy_client.RunComfy(api_key='rc-test-key-12345')\n"
    loaded = _run(code + _loaded())[0].split(",")
    assert "runcomfy_client._core" in loaded and "runcomfy_client._http" in loaded
    assert not {"asyncio", "sqlite3", "runcomfy_client._batch", "runcomfy_client._files"} & set(
        loaded
    )


@pytest.mark.parametrize("name", sorted(_public.LAZY))
def test_a_lazy_name_loads_its_module_at_first_lookup(name: str) -> None:
    module = "runcomfy_client" + _public.LAZY[name]
    code = (
        "import runcomfy_client\n"
        f"print({module!r} in sys.modules)\n"
        f"value = runcomfy_client.{name}\n"
        f"print({module!r} in sys.modules)\n"
        f"print(value is sys.modules[{module!r}].{name})\n"
    )
    assert _run(code) == ["False", "True", "True"]


def test_every_public_name_resolves_to_the_object_its_module_defines() -> None:
    for name in runcomfy_client.__all__:
        value = getattr(runcomfy_client, name)
        if name in _public.LAZY:
            module = importlib.import_module(_public.LAZY[name], "runcomfy_client")
            assert value is getattr(module, name), name
        assert name in dir(runcomfy_client), name
    namespace: dict[str, object] = {}
    exec("from runcomfy_client import *", namespace)
    assert set(runcomfy_client.__all__) <= set(namespace)


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NoSuchName"):
        _ = runcomfy_client.NoSuchName  # type: ignore[attr-defined]
    with pytest.raises(ImportError):
        exec("from runcomfy_client import NoSuchName", {})


def test_type_checkers_see_every_lazy_name_from_its_module() -> None:
    # ``_public`` imports the lazy names under TYPE_CHECKING, for mypy and editors: that block
    # and ``LAZY`` must name the same objects, or a type checker and the runtime disagree.
    tree = ast.parse(inspect.getsource(_public))
    seen: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom)
                seen.update({alias.name: "." + (stmt.module or "") for alias in stmt.names})
    assert seen == _public.LAZY
    assert set(_public.LAZY) <= set(_public.__all__)
