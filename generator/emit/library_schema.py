"""The copy of a schema that datamodel-code-generator gets: only what it models exactly.

The library reads many keywords loosely: it keeps a type's bounds on a property with no type
(and then drops them), lets ``nullable``, ``customTypePath`` or ``x-enum-varnames`` in a schema
change the emitted code, turns ``format: email`` into a type needing another package, reads a
mixed ``enum`` into one Python ``Enum`` (where ``True`` and ``1`` become the same member), and
lets ``null`` through beside an enum that lacks it. So it gets a rewritten copy, built only from
the keywords ``generator.pipeline.support`` lets through:

* each schema is split by JSON type into ``anyOf`` branches, each holding only the keywords that
  apply to its type (``{"minimum": 5}`` is a number of at least 5, or any string, list, ...);
* an ``enum`` becomes one branch per JSON type holding the values that can pass (strings, whole
  numbers, other numbers, booleans, null), with readable member names; a lone fractional number
  becomes the number between equal bounds (the library's one-member Literal cannot hold it);
* an object that takes no key (``additionalProperties: false`` and no property, or an input
  object with ``properties: {}``) below the root is a mapping whose values take nothing
  (``NoKey``): the library bounds such a mapping's length on a field only;
* RunComfy's URI formats become the client's URI types; other formats are left out (plain
  strings: the docstring says the format is not checked);
* ``oneOf`` (its branches exclusive, as checked at load) is read as ``anyOf``;
* on input properties, the runtime's marks: ``null`` refused where an optional field's schema
  does not allow it, ``uniqueItems``; RunComfy's ``validations`` are kept on the field.

A recursive schema keeps its ``$ref`` to the root or to a definition (the loader inlined every
other one), and the definitions it points at are converted like the rest.

Nothing outside a known keyword reaches the library: schema text is data.
"""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import unquote

from generator.pipeline.naming import enum_member_names, field_name
from generator.pipeline.support import TYPE_KEYWORDS, allowed_enum_values, json_kind, types_of
from generator.runtime import contract

__all__ = ["TYPES_MODULE", "library_schema"]

TYPES_MODULE = "runcomfy_client._types"
_ANNOTATIONS = ("title", "description", "default", "examples")
# keywords converted on their own (not copied as they are)
_STRUCTURE = frozenset(
    {
        "items",
        "additionalItems",
        "properties",
        "required",
        "additionalProperties",
        "format",
        "uniqueItems",
    }
)


def library_schema(
    schema: dict[str, Any], names: dict[str, str], *, is_input: bool
) -> dict[str, Any]:
    """The library's copy of a model's root object schema; ``names`` collects wire -> Python."""
    converter = _Converter(schema, names, is_input=is_input)
    out = converter.convert(schema)
    for keyword in ("definitions", "$defs"):
        if isinstance(schema.get(keyword), dict):
            out[keyword] = {name: converter.convert(sub) for name, sub in schema[keyword].items()}
    return out


def _one_of(branches: list[dict[str, Any]], extra: dict[str, Any]) -> dict[str, Any]:
    if len(branches) == 1:
        return {**branches[0], **extra}
    return {"anyOf": branches, **extra}


class _Converter:
    def __init__(self, root: dict[str, Any], names: dict[str, str], *, is_input: bool) -> None:
        self.root = root
        self.names = names
        self.is_input = is_input

    def convert(self, node: Any, *, field: bool = False) -> dict[str, Any]:
        if not isinstance(node, dict):
            return {}  # `true` (anything); `false` was refused at load
        out = {k: copy.deepcopy(node[k]) for k in _ANNOTATIONS if k in node}
        if isinstance(node.get("$ref"), str):
            return {"$ref": node["$ref"], **out}  # recursive: a class that refers to itself
        if field and isinstance(node.get("validations"), list):
            out[contract.VALIDATIONS_KEY] = copy.deepcopy(node["validations"])
        if field and node.get("uniqueItems") is True:
            out[contract.UNIQUE_KEY] = True  # the library drops uniqueItems; the runtime checks it
        if "enum" in node or "const" in node:
            return _one_of(_enum_branches(node), out)
        for key in ("anyOf", "oneOf"):
            if isinstance(node.get(key), list):
                return _one_of([self.convert(b) for b in node[key]], out)
        types = types_of(node)
        if "number" in types and "integer" in types:
            types.remove("integer")  # every integer is a number
        if "type" not in node and not any(k in node for t in types for k in TYPE_KEYWORDS[t]):
            return out  # no type and nothing to check: any value
        return _one_of([self._typed(kind, node) for kind in types], out)

    def _typed(self, kind: str, node: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"type": kind}
        for key in TYPE_KEYWORDS[kind]:
            if key in node and key not in _STRUCTURE:
                out[key] = copy.deepcopy(node[key])
        if kind == "string":
            fmt = node.get("format")
            if isinstance(fmt, str) and fmt in contract.URI_FORMATS:
                out["customTypePath"] = f"{TYPES_MODULE}.{contract.URI_FORMATS[fmt]}"
        elif kind == "array" and isinstance(node.get("items"), dict | bool):
            out["items"] = self.convert(node["items"])
        elif kind == "object":
            self._object(node, out)
        return out

    def _object(self, node: dict[str, Any], out: dict[str, Any]) -> None:
        extra = node.get("additionalProperties")
        if isinstance(extra, bool):
            out["additionalProperties"] = extra
        elif isinstance(extra, dict):
            out["additionalProperties"] = self.convert(extra)
        properties = node.get("properties")
        listed = isinstance(properties, dict) and bool(properties)
        # An object that takes no key: input objects that list their properties refuse the
        # others (here, every key), or it says so. The root is a class that forbids extras; the
        # library reads any other as a mapping and bounds its length on a field only (lost in a
        # list or a union), so its values take nothing.
        if not listed and (
            extra is False or (self.is_input and properties == {} and extra is None)
        ):
            out["additionalProperties"] = (
                False
                if node is self.root
                else {"type": "string", "customTypePath": f"{TYPES_MODULE}.NoKey"}
            )
        if not isinstance(properties, dict):
            return
        required = [r for r in node.get("required") or [] if r in properties]
        converted = {}
        for wire, sub in properties.items():
            self.names[wire] = field_name(wire)
            prop = self.convert(sub, field=True)
            optional = wire not in required and "default" not in prop
            if self.is_input and optional and not self._allows_null(sub, frozenset()):
                prop[contract.NOT_NULL_KEY] = True
            if not self.is_input and wire not in required and "default" in prop:
                prop = self._null_too(prop, sub)
            converted[wire] = prop
        out["properties"] = converted
        if required:
            out["required"] = required

    def _null_too(self, prop: dict[str, Any], sub: Any) -> dict[str, Any]:
        """An optional output property with a default, that also reads ``null`` (as absent, like
        every optional output; the library makes a field with a default take no ``None``)."""
        if self._allows_null(sub, frozenset()):
            return prop
        kept = (*_ANNOTATIONS, contract.VALIDATIONS_KEY, contract.UNIQUE_KEY)
        outer = {k: prop[k] for k in kept if k in prop}
        inner = {k: v for k, v in prop.items() if k not in outer}
        branches = inner["anyOf"] if set(inner) == {"anyOf"} else [inner]
        return {"anyOf": [*branches, {"type": "null"}], **outer}

    def _allows_null(self, node: Any, seen: frozenset[str]) -> bool:
        """Whether a (source) schema lets ``null`` through; a reference: its target's."""
        if not isinstance(node, dict):
            return node is True
        ref = node.get("$ref")
        if isinstance(ref, str):
            return ref not in seen and self._allows_null(_pointer(self.root, ref), seen | {ref})
        if "enum" in node or "const" in node:
            return None in allowed_enum_values(node)
        for key in ("anyOf", "oneOf"):
            if isinstance(node.get(key), list):
                return any(self._allows_null(branch, seen) for branch in node[key])
        return "null" in types_of(node)


def _pointer(root: dict[str, Any], ref: str) -> Any:
    node: Any = root
    for part in unquote(ref[1:]).split("/")[1:]:
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _enum_branches(node: dict[str, Any]) -> list[dict[str, Any]]:
    """One branch per JSON type of the values that can pass, each a single-type enum."""
    values = allowed_enum_values(node)
    groups: dict[str, list[Any]] = {}
    for value in values:
        kind = json_kind(value)
        if kind == "integer" and isinstance(value, float):
            value = int(value)  # 2.0 and 2 are one JSON value; the client sends 2
        groups.setdefault("number" if kind in ("integer", "number") else kind, []).append(value)
    branches: list[dict[str, Any]] = []
    for kind in ("string", "number", "boolean", "null"):
        members = groups.get(kind)
        if not members:
            continue
        if kind == "null":
            branches.append({"type": "null"})
            continue
        if kind == "number" and all(isinstance(v, int) for v in members):
            kind = "integer"
        elif kind == "number" and len(members) == 1:
            # The library makes a one-member enum a Literal, and Literal cannot hold a float:
            # it would drop the enum. The number between equal bounds is that value alone.
            branches.append({"type": "number", "minimum": members[0], "maximum": members[0]})
            continue
        branches.append(
            {"type": kind, "enum": members, "x-enum-varnames": enum_member_names(members)}
        )
    return branches
