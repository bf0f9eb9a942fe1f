"""The fingerprint of what shapes the output besides its inputs: the manifest's ``generator_sha256``
and part of the render cache's keys.

It covers exactly the generator's emitting code, the templates (the runtime included) and the
versions of the tools that write text. The emitting code is every module ``generator.build``
reaches through its imports (load, parse, render and the emitters), found by reading the import
statements, so a new emitter is covered the moment it is imported and a command that only uses
the pipeline (``pull``, ``diff``, ``release``, ``verify``, the CLI) is not. Comments are left out:
they cannot change a byte of the output.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from importlib import metadata
from pathlib import Path

from generator.runtime import TEMPLATES_DIR

__all__ = ["TOOLS", "emitting_modules", "fingerprint", "tool_versions"]

#: the distributions whose version shapes the emitted text
TOOLS = ("datamodel-code-generator", "ruff")
_PACKAGE_DIR = Path(__file__).resolve().parents[1]
_ROOT_MODULE = "generator.build"


@cache
def tool_versions() -> dict[str, str]:
    return {dist: metadata.version(dist) for dist in TOOLS}


def _module_file(package: Path, name: str) -> Path | None:
    parts = name.split(".")
    if parts[0] != "generator":
        return None
    base = package.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


# Import statements, found by pattern rather than by parsing (ten times faster; the fingerprint
# is taken on every render): a match inside a docstring only adds a file to the hash.
_FROM_IMPORT = re.compile(
    r"^[ \t]*from[ \t]+(generator[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)", re.M
)
_IMPORT = re.compile(r"^[ \t]*import[ \t]+(generator[\w.]*)", re.M)
# A string literal (kept as it is) or a comment (dropped); our sources are Python 3.11 syntax.
_STRING = (
    r"[rRbBuUfF]{0,2}(?:"
    r"'''(?:\\.|[^\\])*?'''"
    r'|"""(?:\\.|[^\\])*?"""'
    r"|'(?:\\.|[^\\'\n])*'"
    r'|"(?:\\.|[^\\"\n])*"'
    r")"
)
_STRING_OR_COMMENT = re.compile("(?P<string>" + _STRING + r")|(?P<comment>#[^\n]*)")


def _imported(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    names = {match.group(1) for match in _IMPORT.finditer(text)}
    for match in _FROM_IMPORT.finditer(text):
        module, imported = match.group(1), match.group(2)
        names.add(module)
        # ``from generator.emit import models`` imports a module too
        names.update(f"{module}.{name}" for name in re.findall(r"\w+", imported))
    return names


def emitting_modules(package: Path = _PACKAGE_DIR) -> list[Path]:
    """The source files of ``generator.build`` and of every generator module it imports,
    directly or not (package ``__init__`` files of the way included), in the ``generator``
    package folder ``package``."""
    seen: set[Path] = set()
    todo = [_ROOT_MODULE]
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):
            path = _module_file(package, ".".join(parts[:depth]))
            if path is not None and path not in seen:
                seen.add(path)
                todo.extend(_imported(path))
    return sorted(seen)


def _without_comments(source: bytes) -> bytes:
    """The source with its comments and blank lines removed, and nothing else changed."""
    text = _STRING_OR_COMMENT.sub(
        lambda m: m.group("string") or "", source.decode("utf-8").replace("\r\n", "\n")
    )
    return "\n".join(line.rstrip() for line in text.split("\n") if line.strip()).encode("utf-8")


def fingerprint(package: Path = _PACKAGE_DIR, templates: Path = TEMPLATES_DIR) -> str:
    """sha256 of the emitting code (comments aside), every template file and the tool versions.

    ``package`` and ``templates`` are the generator package and templates folders (by default
    the ones this module belongs to)."""
    digest = hashlib.sha256()

    def add(name: str, data: bytes) -> None:
        digest.update(name.encode("utf-8") + b"\0" + data.replace(b"\r\n", b"\n") + b"\0")

    for path in emitting_modules(package):
        code = _without_comments(path.read_bytes())
        add(f"generator/{path.relative_to(package).as_posix()}", code)
    for path in sorted(templates.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            add(f"templates/{path.relative_to(templates).as_posix()}", path.read_bytes())
    for dist, version in tool_versions().items():
        add(f"tool {dist}", version.encode("utf-8"))
    return digest.hexdigest()
