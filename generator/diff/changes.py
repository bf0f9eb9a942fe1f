"""Compare two sets of model schemas and classify every change as breaking or compatible.

A change is **breaking** when code or stored requests that worked before can fail after it
(a removed field, a new required field, a removed enum value, a narrowed bound, a type
change, a removed model) and **compatible** otherwise (a new optional field or model, a new
enum value, a widened bound, a new default, new docs).

Input and output schemas are judged in opposite directions. An input schema says what the
server *accepts*: accepting less is breaking. An output schema says what the server
*returns*: returning more (a wider type, a new enum value, a field that may now be absent)
is breaking, because code written against the old result meets values it never expected.

Both sides are normalised first (`generator.pipeline.dialect`, as `generate` does), so key order,
`"float"` vs `"number"` and the output wrapper are never reported.

Version bump: `major` if anything is breaking; `minor` for compatible changes to what is
accepted or returned (new fields, models, enum values, widened bounds, changed defaults);
`patch` for documentation-only changes (titles, descriptions, validation messages); `none`
when nothing changed, so regenerating an unchanged catalog never moves the version.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from generator.diff.constraints import KEYWORDS as CONSTRAINT_KEYWORDS
from generator.diff.constraints import Effect, code, constraint_changes, show
from generator.pipeline.dialect import normalise_input, normalise_output
from generator.runtime import contract

__all__ = ["Bump", "Change", "ChangeClass", "ModelSchemas", "diff_models", "suggested_bump"]

ChangeClass = Literal["breaking", "compatible"]
Bump = Literal["major", "minor", "patch", "none"]

SchemaKind = Literal["input", "output"]

_BUMP_ORDER: tuple[Bump, ...] = ("none", "patch", "minor", "major")
_DOC_KEYWORDS = frozenset({"title", "description", "examples"})
# `$comment` is for whoever reads the file (the generated copies carry a do-not-edit header in
# it), never part of what a model accepts: it is not compared at all.
_HANDLED = CONSTRAINT_KEYWORDS | {
    "$comment",
    "type",
    "properties",
    "required",
    "enum",
    "items",
    "additionalProperties",
}

_CONSEQUENCE: dict[tuple[SchemaKind, Effect], str] = {
    ("input", "narrowed"): "requests that were valid before can now be rejected",
    ("input", "changed"): "requests that were valid before can now be rejected",
    ("input", "widened"): "more values are accepted; existing requests still work",
    ("output", "narrowed"): "results hold a subset of what they held before",
    (
        "output",
        "changed",
    ): "results can hold values that code written for the old schema does not expect",
    (
        "output",
        "widened",
    ): "results can hold values that code written for the old schema does not expect",
}


@dataclass(frozen=True)
class ModelSchemas:
    """One model's two schema documents, as read (dialect or normalised; both work)."""

    input: Mapping[str, Any]
    output: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Change:
    """One classified difference. `pointer` is a JSON pointer into {"input": .., "output": ..}."""

    model_id: str
    pointer: str
    change: str
    cls: ChangeClass
    reason: str
    bump: Bump

    def as_json(self) -> dict[str, str]:
        return {
            "model_id": self.model_id,
            "pointer": self.pointer,
            "change": self.change,
            "class": self.cls,
            "reason": self.reason,
        }


def diff_models(old: Mapping[str, ModelSchemas], new: Mapping[str, ModelSchemas]) -> list[Change]:
    """Every change from `old` to `new`, models in id order, fields in schema order."""
    changes: list[Change] = []
    for model_id in sorted(set(old) | set(new)):
        if model_id not in new:
            changes.append(
                Change(
                    model_id,
                    "",
                    "model removed",
                    "breaking",
                    "the model is gone from the catalog; its client and every call to it go too",
                    "major",
                )
            )
        elif model_id not in old:
            changes.append(
                Change(
                    model_id,
                    "",
                    "model added",
                    "compatible",
                    "a new model; nothing existing changes",
                    "minor",
                )
            )
        else:
            before, after = old[model_id], new[model_id]
            pairs: tuple[tuple[SchemaKind, Any, Any], ...] = (
                ("input", before.input, after.input),
                ("output", before.output, after.output),
            )
            for kind, a, b in pairs:
                walker = _Walker(model_id, kind, changes)
                walker.node(_normalised(a, kind), _normalised(b, kind), f"/{kind}")
    return changes


def suggested_bump(changes: Iterable[Change]) -> Bump:
    return max((c.bump for c in changes), key=_BUMP_ORDER.index, default="none")


def _normalised(schema: Mapping[str, Any] | None, kind: SchemaKind) -> dict[str, Any]:
    # The generator's own normaliser, so the diff sees exactly what the generator sees; a
    # missing output.json means the standard output, as it does for `generate`.
    document = dict(schema or ({} if kind == "input" else {"output": contract.standard_output()}))
    normalise = normalise_input if kind == "input" else normalise_output
    try:
        result, _ = normalise(document, f"{kind}.json")
    except TypeError:
        # A document too broken to normalise (the loader reports it when generating) is
        # compared as written: a diff of unvalidated files must still print a report.
        result = document
    return result if isinstance(result, dict) else {}


def _pointer(base: str, *parts: object) -> str:
    return base + "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _key(value: Any) -> str:
    # JSON-equal values (enum members, defaults) compare equal whatever their key order.
    return json.dumps(value, sort_keys=True)


def _types(node: Mapping[str, Any]) -> frozenset[str] | None:
    """The JSON types a node accepts (None: any); an integer is also a number."""
    kind = node.get("type")
    if isinstance(kind, str):
        names = {kind}
    elif isinstance(kind, list):
        names = {t for t in kind if isinstance(t, str)}
    else:
        return None
    if "number" in names:
        names.add("integer")
    return frozenset(names)


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _names(value: Any) -> set[str]:
    return {name for name in value if isinstance(name, str)} if isinstance(value, list) else set()


class _Walker:
    """Walks one pair of normalised schema documents, appending to `changes`."""

    def __init__(self, model_id: str, kind: SchemaKind, changes: list[Change]) -> None:
        self.model_id = model_id
        self.kind = kind
        self.changes = changes

    def add(self, pointer: str, change: str, cls: ChangeClass, reason: str, bump: Bump) -> None:
        self.changes.append(Change(self.model_id, pointer, change, cls, reason, bump))

    def shift(self, pointer: str, change: str, effect: Effect, detail: str) -> None:
        """A change to the set of valid values, classified by direction (see module doc)."""
        breaking = (effect != "widened") if self.kind == "input" else (effect != "narrowed")
        reason = f"{detail}; {_CONSEQUENCE[(self.kind, effect)]}"
        if breaking:
            self.add(pointer, change, "breaking", reason, "major")
        else:
            self.add(pointer, change, "compatible", reason, "minor")

    def node(self, old: Any, new: Any, ptr: str) -> None:
        if old == new:
            return
        if not isinstance(old, Mapping) or not isinstance(new, Mapping):
            # `true`, `false` or junk where a schema belongs: nothing finer to say.
            self.other("schema", old, new, ptr)
            return
        if not self.type(old, new, ptr):
            return  # a different kind of value: differences below it would only be noise
        self.properties(old, new, ptr)
        self.enum(old, new, ptr)
        self.constraints(old, new, ptr)
        self.nested(old, new, ptr)
        for word in sorted((set(old) | set(new)) - _HANDLED):
            if old.get(word) != new.get(word):
                self.other(word, old.get(word), new.get(word), _pointer(ptr, word))

    def type(self, old: Mapping[str, Any], new: Mapping[str, Any], ptr: str) -> bool:
        """Report a type change; False when the types are unrelated (stop descending)."""
        before, after = _types(old), _types(new)
        if before == after:
            return True
        detail = f"type {show(old.get('type', 'any'))} -> {show(new.get('type', 'any'))}"
        where = _pointer(ptr, "type")
        if after is None or (before is not None and before < after):
            self.shift(where, "type widened", "widened", detail)
        elif before is None or after < before:
            self.shift(where, "type narrowed", "narrowed", detail)
        else:
            self.shift(where, "type changed", "changed", detail)
            return False
        return True

    def properties(self, old: Mapping[str, Any], new: Mapping[str, Any], ptr: str) -> None:
        before, after = _mapping(old.get("properties")), _mapping(new.get("properties"))
        old_required, new_required = _names(old.get("required")), _names(new.get("required"))
        for name in before:
            if name not in after:
                consequence = (
                    "calls that pass it now fail"
                    if self.kind == "input"
                    else "code that reads it from results breaks"
                )
                self.add(
                    _pointer(ptr, "properties", name),
                    "field removed",
                    "breaking",
                    f"{code(name)} was removed; {consequence}",
                    "major",
                )
        for name in after:
            if name in before:
                self.node(before[name], after[name], _pointer(ptr, "properties", name))
            elif self.kind == "input" and name in new_required:
                self.add(
                    _pointer(ptr, "properties", name),
                    "required field added",
                    "breaking",
                    f"{code(name)} is new and required; every request must now send it",
                    "major",
                )
            else:
                self.add(
                    _pointer(ptr, "properties", name),
                    "field added",
                    "compatible",
                    f"{code(name)} is new and optional; existing code is unaffected",
                    "minor",
                )
        moved = set(before) ^ set(after)  # added/removed fields are reported above
        for name in sorted(new_required - old_required - moved):
            self.shift(
                _pointer(ptr, "required"),
                "required added",
                "narrowed",
                f"{code(name)} is now required",
            )
        for name in sorted(old_required - new_required - moved):
            self.shift(
                _pointer(ptr, "required"),
                "required removed",
                "widened",
                f"{code(name)} is no longer required",
            )

    def enum(self, old: Mapping[str, Any], new: Mapping[str, Any], ptr: str) -> None:
        before, after = old.get("enum"), new.get("enum")
        where = _pointer(ptr, "enum")
        if before == after:
            return
        if not isinstance(before, list) or not isinstance(after, list):
            if isinstance(after, list):
                self.shift(where, "enum added", "narrowed", f"only {show(after)} are allowed now")
            elif isinstance(before, list):
                self.shift(where, "enum removed", "widened", "any value is allowed now")
            return
        old_keys, new_keys = {_key(v) for v in before}, {_key(v) for v in after}
        for value in before:
            if _key(value) not in new_keys:
                self.shift(where, "enum value removed", "narrowed", f"{show(value)} was removed")
        for value in after:
            if _key(value) not in old_keys:
                self.shift(where, "enum value added", "widened", f"{show(value)} was added")

    def constraints(self, old: Mapping[str, Any], new: Mapping[str, Any], ptr: str) -> None:
        for moved in constraint_changes(old, new):
            where = _pointer(ptr, moved.keyword)
            if moved.effect == "reworded":
                self.add(where, moved.change, "compatible", moved.detail, "patch")
            else:
                self.shift(where, moved.change, moved.effect, moved.detail)

    def nested(self, old: Mapping[str, Any], new: Mapping[str, Any], ptr: str) -> None:
        for word in ("items", "additionalProperties"):
            a, b = old.get(word), new.get(word)
            if a == b:
                continue
            where = _pointer(ptr, word)
            if isinstance(a, Mapping) and isinstance(b, Mapping):
                self.node(a, b, where)
            elif a is None or a is True or a == {}:
                self.shift(where, f"{word} constrained", "narrowed", f"{word} {show(b)} added")
            elif b is None or b is True or b == {}:
                self.shift(where, f"{word} relaxed", "widened", f"{word} {show(a)} removed")
            else:
                self.other(word, a, b, where)

    def other(self, word: str, a: Any, b: Any, where: str) -> None:
        if word == "default":
            self.add(
                where,
                "default changed",
                "compatible",
                f"default {show(a)} -> {show(b)}; calls that leave it out now get the new value",
                "minor",
            )
        elif word in _DOC_KEYWORDS:
            self.add(
                where, "docs changed", "compatible", f"{word} changed; documentation only", "patch"
            )
        else:
            self.add(
                where,
                "keyword changed",
                "breaking",
                f"{code(word)} {show(a)} -> {show(b)} is not classified automatically; review by hand",
                "major",
            )
