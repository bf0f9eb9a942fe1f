"""Read a set of model schemas from a folder or from a git revision, for `diff`.

A source names either a folder (`schemas/`, `../old/schemas`) or a git tree:
`HEAD~1` means `HEAD~1:schemas`, and `main:path/to/schemas` is taken as written. A folder
wins when both exist, so a folder called like a branch still reads as a folder.

Model discovery matches the loader: every `input.json` below the root, outside `examples/`,
is a model whose id is its folder path; `output.json` next to it is optional.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from generator.diff.changes import ModelSchemas

__all__ = ["SourceError", "read_folder", "read_git", "read_source"]

_SCHEMA_FILES = ("input.json", "output.json")


class SourceError(Exception):
    """A source that cannot be read; the message says which and what to do."""


def read_source(spec: str, cwd: Path, default_path: str = "schemas") -> dict[str, ModelSchemas]:
    path = cwd / spec
    if path.is_dir():
        return read_folder(path)
    rev, _, tree = spec.partition(":")
    return read_git(rev, tree or default_path, cwd)


def read_folder(root: Path) -> dict[str, ModelSchemas]:
    files: dict[str, bytes] = {}
    for path in root.rglob("*.json"):
        rel = path.relative_to(root).as_posix()
        if _is_schema_file(rel):
            files[rel] = path.read_bytes()
    return _models(files, str(root))


def read_git(rev: str, tree: str, cwd: Path) -> dict[str, ModelSchemas]:
    """The schemas in `rev:tree`: one `ls-tree` and one `cat-file --batch`, whatever the size."""
    where = f"{rev}:{tree}"
    listing = _git(["ls-tree", "-r", "-z", where], cwd, where)
    wanted: dict[str, str] = {}  # relative path -> blob id
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        kind, blob = meta.split(b" ")[1:3]
        rel = name.decode("utf-8", "surrogateescape")
        if kind == b"blob" and _is_schema_file(rel):
            wanted[rel] = blob.decode()
    order = sorted(wanted)
    batch = _git(["cat-file", "--batch"], cwd, where, "".join(f"{wanted[r]}\n" for r in order))
    files: dict[str, bytes] = {}
    offset = 0
    for rel in order:
        header_end = batch.index(b"\n", offset)
        size = int(batch[offset:header_end].split(b" ")[2])
        files[rel] = batch[header_end + 1 : header_end + 1 + size]
        offset = header_end + 1 + size + 1  # the content is followed by one newline
    return _models(files, where)


def _git(args: list[str], cwd: Path, where: str, stdin: str | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=stdin.encode() if stdin is not None else None,
            capture_output=True,
            check=False,
        )
    except OSError as exc:
        raise SourceError(f"{where}: not a folder, and git cannot run ({exc})") from exc
    if done.returncode != 0:
        detail = done.stderr.decode(errors="replace").strip().splitlines()
        raise SourceError(
            f"{where}: not a folder and not a git tree "
            f"({detail[-1] if detail else 'git failed'}); "
            "pass a schemas folder, a revision such as HEAD~1, or REV:path"
        )
    return done.stdout


def _is_schema_file(rel: str) -> bool:
    parts = PurePosixPath(rel).parts
    return parts[-1] in _SCHEMA_FILES and "examples" not in parts[:-1] and len(parts) > 1


def _models(files: Mapping[str, bytes], where: str) -> dict[str, ModelSchemas]:
    models: dict[str, ModelSchemas] = {}
    for rel in sorted(files):
        folder, _, name = rel.rpartition("/")
        if name != "input.json":
            continue
        output_rel = f"{folder}/output.json"
        output = _parse(files[output_rel], f"{where}/{output_rel}") if output_rel in files else None
        models[folder] = ModelSchemas(_parse(files[rel], f"{where}/{rel}"), output)
    return models


def _parse(data: bytes, display: str) -> dict[str, Any]:
    try:
        value = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SourceError(f"{display}: not valid JSON ({exc}); fix the file") from exc
    if not isinstance(value, dict):
        raise SourceError(f"{display}: expected a JSON object")
    return value
