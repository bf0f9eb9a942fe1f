"""``$ref``: references inside the same document are inlined; nothing else is ever read.

A schema fetched from a catalog is data: a ``$ref`` to a file path or a URL must never make the
generator (or a library it calls) read a local file into a committed package or look a host up.
So every ``$ref`` is checked before anything else touches the schema:

* only JSON pointers into the same document (``#``, ``#/definitions/a``, ``#/properties/x``)
  are followed; anything else is a diagnostic;
* a pointer that resolves to nothing, or to something that is not a schema, is a diagnostic;
* ``$id`` below the root (which would move where pointers resolve) is a diagnostic.

Then every reference is replaced by a copy of its target, except a recursive one: a schema that
contains itself through nesting (a tree: a node's ``children`` are nodes) keeps its ``$ref`` to
the root or to a definition, and the definitions it needs stay (a class that refers to itself).
A recursion with no nesting between (``a`` is ``b``, ``b`` is ``a``) has no instance at all and
is a diagnostic, and so is a recursive reference to anything but the root or a definition. As
in draft 7, validation keywords beside a ``$ref`` are ignored (with a warning); its annotations
(title, description, default, examples) are kept.
"""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import unquote

from generator.pipeline.diagnostics import Diagnostic, pointer_join, shorten
from generator.pipeline.keywords import ANNOTATIONS, children, map_children
from generator.pipeline.schema_checks import is_schema

__all__ = ["inline_refs"]

_KEPT_BESIDE_REF = ("title", "description", "default", "examples")
_MAX_NODES = 20_000  # after expansion; a few nested definitions used twice each can explode


class _Cycle(Exception):
    def __init__(self, where: str, ref: str, nested: bool) -> None:
        self.where, self.ref, self.nested = where, ref, nested


class _TooLarge(Exception):
    pass


# Keywords whose subschemas describe values nested inside the instance: a recursion through one
# of them is a finite tree, one through none of them never ends.
_NESTING = frozenset({"properties", "items", "additionalProperties", "additionalItems"})
_DEFINITIONS = ("definitions", "$defs")


def _keepable(target: str) -> bool:
    """The root or a definition: where a kept reference still points once the rest is inlined."""
    parts = target.split("/")[1:] if target else []
    return not parts or (len(parts) == 2 and parts[0] in _DEFINITIONS)


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
    judged: dict[str, bool] = {}

    def leads_to_schema(target: str) -> bool:
        # a pointer can land on something that is not a schema (``#/properties`` is a map of
        # them): every later step (defaults, the models, the library) would read it as one
        if target not in judged:
            found, value = _lookup(root, target)
            judged[target] = found and isinstance(value, dict | bool) and is_schema(value)
        return judged[target]

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
            elif not leads_to_schema(target):
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


class _Expansion:
    """One pass of inlining over a document; ``kept``: the targets of the references kept."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.count = 0
        self.kept: set[str] = set()

    def expand(
        self, node: Any, pointer: str, stack: tuple[tuple[str, int, str], ...], depth: int
    ) -> Any:
        """``node`` with its references inlined; ``stack``: the targets being expanded, each
        with the nesting depth it was entered at and where the reference that entered it is;
        ``depth``: the nesting depth here."""
        self.count += 1
        if self.count > _MAX_NODES:
            raise _TooLarge
        if not isinstance(node, dict):
            return copy.deepcopy(node)
        ref = node.get("$ref")
        kept = {k: copy.deepcopy(node[k]) for k in _KEPT_BESIDE_REF if k in node}
        if isinstance(ref, str):
            target = _target_pointer(ref)
            assert target is not None  # checked first
            entered = next(((level, at) for t, level, at in stack if t == target), None)
            if entered is not None:
                if depth > entered[0] and _keepable(target):
                    self.kept.add(target)
                    return {"$ref": ref, **kept}
                raise _Cycle(entered[1] or pointer, ref, nested=depth > entered[0])
            found = _lookup(self.root, target)[1]
            resolved = self.expand(found, pointer, (*stack, (target, depth, pointer)), depth)
            if resolved is True:
                resolved = {}
            if resolved is False:
                resolved = {"not": {}}
            return {**resolved, **kept}
        data = {k: v for k, v in node.items() if k not in _DEFINITIONS}
        return map_children(
            data,
            lambda path, sub: self.expand(
                sub,
                pointer_join(pointer, *path),
                stack,
                depth + (1 if path[0] in _NESTING else 0),
            ),
        )

    def document(self, base: str) -> dict[str, Any]:
        """The whole document, with the definitions kept references point at."""
        out: dict[str, Any] = self.expand(self.root, base, (("", 0, ""),), 0)
        done: set[str] = set()
        while self.kept - done:
            target = sorted(self.kept - done)[0]
            done.add(target)
            if not target:
                continue  # the root: already there
            _, keyword, name = target.split("/")
            node = _lookup(self.root, target)[1]
            pointer = pointer_join(base, keyword, name)
            out.setdefault(keyword, {})[name] = self.expand(node, pointer, ((target, 0, ""),), 0)
        return out


def _has_refs(node: Any) -> bool:
    if not isinstance(node, dict):
        return False
    return "$ref" in node or any(_has_refs(sub) for _, sub in children(node))


def inline_refs(schema: Any, file: str, base: str = "") -> tuple[Any, list[Diagnostic]]:
    """``schema`` with every local reference replaced by its target (but recursive ones, see
    the module's docstring), and the problems found.

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
        return _Expansion(schema).document(base), problems
    except _Cycle as cycle:
        what = (
            "refers back to a schema that is neither the root nor a definition; move that "
            "schema into definitions and refer to it there"
            if cycle.nested
            else "is recursive with nothing nested between (no value can end it); make one "
            "step an object property or a list item"
        )
        problems.append(
            Diagnostic(
                file, pointer_join(cycle.where, "$ref"), f"$ref {shorten(cycle.ref, 40)} {what}"
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
