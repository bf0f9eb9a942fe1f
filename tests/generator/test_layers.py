"""The generator's folders show its architecture and imports run one way: the pipeline stages
first, the features built on them (diff, catalog, release, verify) after, the CLI on top."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from generator_support import REPO

PACKAGE = REPO / "generator"

# Lower layers never import higher ones; modules of one layer never import each other's group.
LAYERS: dict[str, int] = {
    "runtime": 0,  # templates/ and the runtime contract
    "pipeline": 1,  # schemas/ -> ModelSpec (and the release record)
    "emit": 2,  # ModelSpec -> {path: text}
    "output": 3,  # {path: text} <-> disk
    "build": 4,  # load -> parse -> render in one call
    "diff": 4,  # two schema sets -> classified changes
    "catalog": 5,  # RunComfy's catalog -> schemas/
    "release": 5,  # versions and the changelog
    "verify": 5,  # the contract suite on a fresh client
    "cli": 6,
}


def group_of(module: str) -> str:
    return module.split(".")[1]


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def imports_of(path: Path) -> list[tuple[int, str, int]]:
    """(line, imported generator module, relative level) for every import in the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            found.append((node.lineno, node.module or "", node.level))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, 0) for alias in node.names]
    return [
        (line, name, level) for line, name, level in found if level or name.startswith("generator.")
    ]


def test_every_generator_module_has_a_layer() -> None:
    groups = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in modules()}
    assert groups - {"__init__"} == set(LAYERS)


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_are_absolute_and_run_one_way(path: Path) -> None:
    own = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
    if own == "__init__":
        return
    for line, name, level in imports_of(path):
        assert level == 0, f"line {line}: relative import; write `from generator.... import`"
        target = group_of(name)
        assert target == own or LAYERS[target] < LAYERS[own], (
            f"line {line}: {own} (layer {LAYERS[own]}) imports {name} (layer {LAYERS[target]})"
        )
