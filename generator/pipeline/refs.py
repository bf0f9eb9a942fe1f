"""``$ref``: references inside the same document are inlined; nothing else is ever read.

A schema fetched from a catalog is data: a ``$ref`` to a file path or a URL must never make the
generator (or a library it calls) read a local file into a committed package or look a host up.
So every ``$ref`` is checked before anything else touches the schema:

* only JSON pointers into the same document (``#``, ``#/definitions/a``, ``#/properties/x``)
  are followed; anything else is a diagnostic;
* a pointer that resolves to nothing is a diagnostic;
* a recursive reference (a schema containing itself) is a diagnostic: a finite client type
  cannot express it;
* ``$id`` below the root (which would move where pointers resolve) is a diagnostic.

Then every reference is replaced by a copy of its target, so the schema handed on holds no
``$ref`` and no ``definitions``. As in draft 7, validation keywords beside a ``$ref`` are
ignored (with a warning); its annotations (title, description, default, examples) are kept.
"""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import unquote

from generator.pipeline.diagnostics import Diagnostic, pointer_join, shorten
from generator.pipeline.keywords import ANNOTATIONS, children, map_children

__all__ = ["inline_refs"]

_KEPT_BESIDE_REF = ("title", "description", "default", "examples")
_MAX_NODES = 20_000  # after expansion; a few nested definitions used twice each can explode


class _Cycle(Exception):
    def __init__(self, where: str, ref: str) -> None:
        self.where, self.ref = where, ref


class _TooLarge(Exception):
    pass


def _target_pointer(ref: str) -> str | None:
    """The JSON pointer a same-document reference names, or None for any other reference."""
    if not ref.startswith("#"):
        return None
    fragment = unquote(ref[1:])
    if fragment and not fragment.startswith("/"):
        return None  # a plain-name fragment ("#foo") needs $id anchors: not followed
    return fragment


def _lookup(root: Any, pointer: str) -> tuple[bool, Any]:
    node = root
    for raw in pointer.split("/")[1:] if pointer else []:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False, None
    return True, node


def _check(root: Any, file: str, base: str, problems: list[Diagnostic]) -> None:
    """Every ``$ref`` and ``$id`` anywhere (unused definitions too): local and resolvable."""

    def visit(node: Any, pointer: str, top: bool) -> None:
        if not isinstance(node, dict):
            return
        if "$id" in node and not top:
            problems.append(
                Diagnostic(
                    file,
                    pointer_join(pointer, "$id"),
                    "'$id' inside a schema changes where references point; remove it "
                    "(references are followed within this file only)",
                )
            )
        ref = node.get("$ref")
        if isinstance(ref, str):
            where = pointer_join(pointer, "$ref")
            target = _target_pointer(ref)
            if target is None:
                problems.append(
                    Diagnostic(
                        file,
                        where,
                        f"$ref {shorten(ref, 40)} points outside this file (only #/... references "
                        "are followed; nothing is read or fetched); copy the schema into this "
                        "file's definitions and refer to it there",
                    )
                )
            elif not _lookup(root, target)[0] or not isinstance(
                _lookup(root, target)[1], dict | bool
            ):
                problems.append(
                    Diagnostic(
                        file,
                        where,
                        f"$ref {shorten(ref, 40)} does not resolve to a schema in this file; fix "
                        "the reference or add the definition it names",
                    )
                )
            extra = sorted(k for k in node if k != "$ref" and k not in ANNOTATIONS)
            if extra and target is not None:
                problems.append(
                    Diagnostic(
                        file,
                        pointer,
                        f"keywords beside $ref are ignored (JSON Schema draft 7): "
                        f"{shorten(', '.join(extra))}; move them into the referenced schema",
                        "warning",
                    )
                )
        for path, sub in children(node):
            visit(sub, pointer_join(pointer, *path), False)

    visit(root, base, True)


def _expand(root: Any, node: Any, pointer: str, stack: tuple[str, ...], count: list[int]) -> Any:
    count[0] += 1
    if count[0] > _MAX_NODES:
        raise _TooLarge
    if not isinstance(node, dict):
        return copy.deepcopy(node)
    ref = node.get("$ref")
    if isinstance(ref, str):
        target = _target_pointer(ref)
        assert target is not None  # checked first
        if target in stack:
            raise _Cycle(pointer, ref)
        resolved = _expand(root, _lookup(root, target)[1], pointer, (*stack, target), count)
        if resolved is True:
            resolved = {}
        if resolved is False:
            resolved = {"not": {}}
        kept = {k: copy.deepcopy(node[k]) for k in _KEPT_BESIDE_REF if k in node}
        return {**resolved, **kept}
    data = {k: v for k, v in node.items() if k not in ("definitions", "$defs")}
    return map_children(
        data, lambda path, sub: _expand(root, sub, pointer_join(pointer, *path), stack, count)
    )


def _has_refs(node: Any) -> bool:
    if not isinstance(node, dict):
        return False
    return "$ref" in node or any(_has_refs(sub) for _, sub in children(node))


def inline_refs(schema: Any, file: str, base: str = "") -> tuple[Any, list[Diagnostic]]:
    """``schema`` with every local reference replaced by its target, and the problems found.

    On any error the schema comes back unchanged (it will not be used). ``base`` is where the
    schema sits in its file (``/output`` for RunComfy's output wrapper), for messages.
    """
    problems: list[Diagnostic] = []
    if not isinstance(schema, dict):
        return schema, problems
    _check(schema, file, base, problems)
    if any(p.severity == "error" for p in problems):
        return schema, problems
    if not _has_refs(schema) and "definitions" not in schema and "$defs" not in schema:
        return schema, problems
    try:
        return _expand(schema, schema, base, (), [0]), problems
    except _Cycle as cycle:
        problems.append(
            Diagnostic(
                file,
                pointer_join(cycle.where, "$ref"),
                f"$ref {shorten(cycle.ref)} is recursive (the schema contains itself); a client "
                "type cannot be infinite: make the nesting finite",
            )
        )
    except _TooLarge:
        problems.append(
            Diagnostic(
                file,
                base,
                f"expanding the $refs gives more than {_MAX_NODES} schemas; the client would be "
                "too large: refer to fewer nested definitions",
            )
        )
    return schema, problems
