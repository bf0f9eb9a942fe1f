"""TypedDicts and visible signatures for messy, hostile and nested (recursive) schemas.

Wire names that are not identifiers or are keywords (``1st``, ``a-b``, ``class``), nested objects
(their own TypedDicts), recursion (a quoted forward reference) and fields named like ``run``'s own
options (``timeout``) all come out right, import, and pass ``mypy --strict``; a nested dict
payload is type-checked.
"""

from __future__ import annotations

import inspect
import shutil
import subprocess
import sys
import typing
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from generator_support import FIXTURES, imported_from

from generator.build import build
from generator.output.write import write

SETS = ("messy", "hostile", "nested")


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("typed")
    schemas, out = root / "schemas", root / "out"
    for name in SETS:
        shutil.copytree(FIXTURES / name, schemas, dirs_exist_ok=True)
    write(build(schemas, out).rendered, out)
    return out


def _modules() -> list[tuple[str, ModuleType, Any]]:
    from runcomfy_client._registry import MODELS
    from runcomfy_client._registry_types import import_resource

    found = []
    for model_id, entry in sorted(MODELS.items()):
        resource = import_resource(entry)
        found.append((model_id, sys.modules[resource.__module__], resource))
    return found


def test_every_input_class_has_a_typed_dict_that_matches_it(package: Path) -> None:
    with imported_from(package):
        seen = 0
        for model_id, module, resource in _modules():
            dicts = [n for n in module.__all__ if typing.is_typeddict(getattr(module, n))]
            assert f"{resource.__name__}Params" in dicts, model_id
            for name in dicts:
                base = name.removesuffix("Params")
                # <Stem>Params is the input's (<Stem> is the resource); <Class>Params a nested one's
                cls = getattr(module, base + "Input" if base == resource.__name__ else base)
                params = getattr(module, name)
                wire = {info.alias or n: info for n, info in cls.model_fields.items()}
                required = {w for w, info in wire.items() if info.is_required()}
                assert params.__required_keys__ == required, (model_id, name)
                assert params.__optional_keys__ == set(wire) - required, (model_id, name)
                typing.get_type_hints(params)  # recursion and nesting resolve
                seen += 1
        assert seen >= 10  # the inputs and nested objects of all three sets


def test_hostile_wire_names_are_keys_and_keywords_stay_python_names(package: Path) -> None:
    with imported_from(package):
        from runcomfy_client.models.evil import model

        assert set(model.ModelParams.__annotations__) == {
            "class", "from", "1st", "a-b", "self", "timeout", "json", "model_config",
        }  # fmt: skip
        signature = inspect.signature(model.Model.run)
        names = list(signature.parameters)
        # the input's ``timeout`` is ``timeout_``; run's own wait option keeps ``timeout``
        assert names[:2] == ["self", "class_"]
        assert "timeout_" in names and "timeout" in names


def test_recursive_objects_refer_to_themselves(package: Path) -> None:
    with imported_from(package):
        from runcomfy_client.models.acme.tree import model

        hints = typing.get_type_hints(model.NodeParams)
        assert "NodeParams" in str(hints["children"])
        tree: Any = {"root": {"name": "a", "children": [{"name": "b", "children": []}]}}
        typed = model.ModelInput.model_validate(tree)
        assert typed.root.children is not None and typed.root.children[0].name == "b"


def test_the_package_and_nested_dict_payloads_pass_mypy_strict(package: Path) -> None:
    snippet = package / "uses_nested.py"
    snippet.write_text(
        "from runcomfy_client import RunComfy\n"
        "\n"
        "def main(client: RunComfy) -> None:\n"
        "    kling = client.kling.v3.pro.multi.elements\n"
        '    kling.submit({"prompt": "p", "elements": [{"image_url": "https://x/a.png", "role": "subject"}]})\n'
        '    kling.submit({"prompt": "p", "camera": {"zoom": 1.5}, "styles": ["anime"]})\n'
        '    client.acme.tree.model.submit({"root": {"name": "a", "children": [{"name": "b"}]}})\n'
        '    kling.submit({"prompt": "p", "elements": [{"role": "subject"}]})  # line 8\n'
        '    kling.submit({"prompt": "p", "camera": {"zoom": "near"}})  # line 9\n'
        '    kling.submit({"prompt": "p", "fps": None})  # line 10: may be left out, not null\n'
        '    client.acme.tree.model.submit({"root": {"children": []}})  # line 11\n',
        encoding="utf-8",
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "runcomfy_client/models",
            snippet.name,
        ],
        cwd=package,
        capture_output=True,
        text=True,
        check=False,
    )
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert all(line.startswith("uses_nested.py:") for line in errors), done.stdout
    lines = sorted({int(line.split(":")[1]) for line in errors})
    assert lines == [8, 9, 10, 11], done.stdout + done.stderr
