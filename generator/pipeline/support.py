"""What a generated model can check exactly, and one clear diagnostic for everything else.

The generated pydantic models must accept exactly what the schema accepts (jsonschema, draft 7,
with the client's documented differences). Every keyword below is modelled exactly; a schema
using anything else is refused with a diagnostic naming the keyword and what to do, instead of
a client that silently lets through what the schema refuses.

Modelled: ``type`` (one or several), ``enum``/``const`` of strings, numbers, booleans and null,
string ``minLength``/``maxLength``/``pattern``/``format`` (RunComfy's URI formats are checked,
other formats are annotations), numeric bounds and ``multipleOf``, ``items`` (one schema),
``minItems``/``maxItems``, ``uniqueItems`` on a property, ``properties``/``required``/
``additionalProperties``, ``anyOf`` and a ``oneOf`` whose branches cannot both match.

The enum helpers here are shared with ``generator.emit``, which builds the models from them.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from typing import Any

from jsonschema import Draft7Validator

from generator.pipeline.diagnostics import Diagnostic, pointer_join, shorten
from generator.pipeline.formats import format_checker
from generator.pipeline.keywords import ANNOTATIONS, children

__all__ = [
    "JSON_TYPES",
    "TYPE_KEYWORDS",
    "allowed_enum_values",
    "check_support",
    "json_kind",
    "types_of",
]

JSON_TYPES = ("string", "integer", "number", "boolean", "null", "array", "object")
#: the keywords that apply to each JSON type (JSON Schema ignores them for values of other types)
TYPE_KEYWORDS: dict[str, tuple[str, ...]] = {
    "string": ("minLength", "maxLength", "pattern", "format"),
    "integer": ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"),
    "number": ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"),
    "array": ("items", "minItems", "maxItems", "uniqueItems", "additionalItems"),
    "object": ("properties", "required", "additionalProperties"),
    "boolean": (),
    "null": (),
}
_TYPED = frozenset(k for keys in TYPE_KEYWORDS.values() for k in keys)
_SCALAR_KEYWORDS = frozenset(TYPE_KEYWORDS["string"] + TYPE_KEYWORDS["number"])
_UNSUPPORTED = {
    "not": "'not' cannot be checked by a typed client; describe the allowed values directly",
    "if": "'if'/'then'/'else' cannot be checked by a typed client; describe each case with anyOf",
    "then": "'if'/'then'/'else' cannot be checked by a typed client; describe each case with anyOf",
    "else": "'if'/'then'/'else' cannot be checked by a typed client; describe each case with anyOf",
    "allOf": "'allOf' is not supported; merge its schemas into one",
    "contains": "'contains' is not supported; constrain 'items' instead",
    "propertyNames": "'propertyNames' is not supported; list the properties instead",
    "patternProperties": "'patternProperties' is not supported; list the properties instead",
    "dependencies": "'dependencies' is not supported; describe each case with anyOf",
    "minProperties": "'minProperties' is not supported; mark the properties required instead",
    "maxProperties": "'maxProperties' is not supported; remove it or list the properties",
}
_COMBINATORS = ("anyOf", "oneOf")


def json_kind(value: object) -> str:
    """The JSON type of a value: ``integer`` for whole numbers (``1.0`` too), as JSON Schema."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if math.isfinite(value) and value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def types_of(node: dict[str, Any]) -> list[str]:
    """The JSON types a schema lets through (every type when it has no ``type``)."""
    kind = node.get("type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [k for k in JSON_TYPES if k in kind]
    return list(JSON_TYPES)


def _accepts_type(types: list[str], value: object) -> bool:
    kind = json_kind(value)
    if kind == "integer" and isinstance(value, float):
        return "number" in types  # the client refuses 512.0 where the schema says integer
    return kind in types or (kind == "integer" and "number" in types)


def _json_key(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return json.dumps(value, sort_keys=True)


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError):
        return False
    return True


def allowed_enum_values(node: dict[str, Any]) -> list[Any]:
    """The ``enum``/``const`` values the rest of ``node`` lets through, once each, in order.

    A value of another type than ``type`` allows, or one breaking a bound, length or pattern
    beside it, can never pass: the client offers only the values that can.
    """
    values: list[Any] = []
    if isinstance(node.get("enum"), list):
        values = list(node["enum"])
    if "const" in node:
        values = (
            [node["const"]]
            if not values or any(_json_key(v) == _json_key(node["const"]) for v in values)
            else []
        )
    # Enum values are scalars: only the keywords of scalars can refuse one.
    rest = {k: v for k, v in node.items() if k in _SCALAR_KEYWORDS}
    if isinstance(rest.get("pattern"), str) and not _compiles(rest["pattern"]):
        del rest["pattern"]  # reported by the pattern check; judged here without it
    checker = Draft7Validator(rest, format_checker=format_checker())
    types = types_of(node)
    out, seen = [], set()
    for value in values:
        key = _json_key(value)
        if key in seen or not _accepts_type(types, value) or not checker.is_valid(value):
            continue
        seen.add(key)
        out.append(value)
    return out


# ---- the check ------------------------------------------------------------------------------


def check_support(schema: Any, file: str, base: str, problems: list[Diagnostic]) -> None:
    """A diagnostic for every construct a generated model could not check exactly."""
    _check(schema, file, base, problems, field=False)


def _check(node: Any, file: str, pointer: str, problems: list[Diagnostic], *, field: bool) -> None:
    if node is False or node is True:
        if node is False:
            problems.append(
                Diagnostic(file, pointer or "/", "the schema false accepts nothing; remove it")
            )
        return
    if not isinstance(node, dict):
        return
    for message in _problems(node, field=field):
        problems.append(Diagnostic(file, pointer or "/", message))
    for key in sorted(set(node) & set(_UNSUPPORTED)):
        problems.append(Diagnostic(file, pointer_join(pointer, key), _UNSUPPORTED[key]))
    if "validations" in node and not field:
        problems.append(
            Diagnostic(
                file,
                pointer_join(pointer, "validations"),
                "'validations' here are left to the server: the client checks them on a "
                "property (or its list of URIs) only",
                "warning",
            )
        )
    if "nullable" in node:
        problems.append(
            Diagnostic(
                file,
                pointer_join(pointer, "nullable"),
                "'nullable' is not JSON Schema and is ignored; to allow null add 'null' to 'type'",
                "warning",
            )
        )
    for path, sub in children(node):
        if path[0] in _UNSUPPORTED or path[0] == "additionalItems":
            continue
        if path[0] == "additionalProperties" and isinstance(sub, bool):
            continue  # true / false: extra keys allowed or not
        _check(sub, file, pointer_join(pointer, *path), problems, field=path[0] == "properties")


def _problems(node: dict[str, Any], *, field: bool) -> Iterator[str]:
    if isinstance(node.get("items"), list):
        yield "'items' as a list (a tuple) is not supported; give one schema for every item"
    if node.get("uniqueItems") is True and not field:
        yield (
            "'uniqueItems' is checked on a property's own list only, not here; move the list "
            "into a property or drop uniqueItems"
        )
    extra = node.get("additionalProperties")
    if isinstance(extra, dict) and extra and node.get("properties"):
        yield (
            "'additionalProperties' with a schema beside 'properties' is not supported; list "
            "the extra properties, or use true or false"
        )
    if "enum" in node or "const" in node:
        yield from _enum_problems(node)
    combinators = [k for k in _COMBINATORS if k in node]
    if combinators:
        siblings = sorted(
            k
            for k in node
            if k not in ANNOTATIONS
            and k not in _COMBINATORS
            and k in _TYPED | {"type", "enum", "const"}
        )
        if siblings or len(combinators) > 1:
            yield (
                f"'{combinators[0]}' beside {shorten(', '.join(siblings or combinators[1:]))} is not "
                f"supported; move those keywords into each branch of '{combinators[0]}'"
            )
        branches = node.get("oneOf")
        if isinstance(branches, list):
            for i, j in _overlapping(branches):
                yield (
                    f"oneOf branches {i} and {j} can both match one value, which the client "
                    "cannot rule out; make them exclusive (different types or a const "
                    "discriminator) or use anyOf"
                )
                break


def _enum_problems(node: dict[str, Any]) -> Iterator[str]:
    values = node["enum"] if isinstance(node.get("enum"), list) else []
    if "const" in node:
        values = [*values, node["const"]]
    if isinstance(node.get("enum"), list) and not node["enum"]:
        yield "'enum' is empty, so no value can pass; list the allowed values or remove it"
        return
    if any(isinstance(v, list | dict) for v in values):
        yield "enum values that are arrays or objects are not supported; use strings or numbers"
        return
    if not allowed_enum_values(node):
        yield (
            f"no value of the enum {shorten(values)} passes the rest of the schema (type, "
            "bounds, length, pattern), so nothing can be sent; fix the enum or the constraint"
        )


def _value_set(node: Any) -> tuple[set[str], set[str]] | None:
    """(JSON kinds, enum keys) a branch allows: keys None when any value of the kinds may pass."""
    if not isinstance(node, dict):
        return None
    if "enum" in node or "const" in node:
        values = allowed_enum_values(node)
        return {json_kind(v) for v in values}, {_json_key(v) for v in values}
    kinds = set(types_of(node))
    if "number" in kinds:
        kinds.add("integer")
    return kinds, set()


def _discriminated(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two object schemas told apart by a property both require with disjoint enum values."""
    props_a, props_b = a.get("properties") or {}, b.get("properties") or {}
    required = set(a.get("required") or []) & set(b.get("required") or [])
    for name in required & set(props_a) & set(props_b):
        sa, sb = _value_set(props_a[name]), _value_set(props_b[name])
        if sa and sb and sa[1] and sb[1] and not sa[1] & sb[1]:
            return True
    return False


def _overlapping(branches: list[Any]) -> Iterator[tuple[int, int]]:
    """Pairs of oneOf branches not provably disjoint (by JSON type or by enum values)."""
    sets = [_value_set(b) for b in branches]
    for i, a in enumerate(sets):
        for j in range(i + 1, len(sets)):
            b = sets[j]
            if a is None or b is None:
                yield i, j
                continue
            common = a[0] & b[0]
            if not common or (common == {"object"} and _discriminated(branches[i], branches[j])):
                continue
            if a[1] and b[1]:
                if a[1] & b[1]:
                    yield i, j
                continue
            yield i, j
