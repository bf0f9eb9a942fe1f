"""Which JSON Schema (draft 7) keywords hold schemas, and a walk that follows only those.

Every walk over a schema goes through ``children`` / ``map_children``, so data (``enum``,
``const``, ``default``, ``examples``, RunComfy's ``validations``) is never mistaken for a
schema, even when it holds a key called ``properties`` or ``$ref``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

__all__ = [
    "ANNOTATIONS",
    "SCHEMA_KEYWORDS",
    "SCHEMA_LIST_KEYWORDS",
    "SCHEMA_MAP_KEYWORDS",
    "children",
    "map_children",
]

#: keywords whose value is one schema
SCHEMA_KEYWORDS = (
    "items",
    "additionalItems",
    "additionalProperties",
    "contains",
    "propertyNames",
    "not",
    "if",
    "then",
    "else",
)
#: keywords whose value is a list of schemas (``items`` too, in its tuple form)
SCHEMA_LIST_KEYWORDS = ("allOf", "anyOf", "oneOf", "items")
#: keywords whose value maps names to schemas (``dependencies`` values may also be name lists)
SCHEMA_MAP_KEYWORDS = ("properties", "patternProperties", "definitions", "$defs", "dependencies")
#: keywords that never change which values are valid
ANNOTATIONS = frozenset(
    {
        "title", "description", "default", "examples", "$comment", "readOnly", "writeOnly",
        "deprecated", "contentMediaType", "contentEncoding", "$schema", "$id",
    }
)  # fmt: skip


def children(node: Any) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """``(relative path, subschema)`` for every schema directly inside ``node``."""
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key in SCHEMA_KEYWORDS and isinstance(value, dict | bool):
            yield (key,), value
        elif key in SCHEMA_LIST_KEYWORDS and isinstance(value, list):
            for index, sub in enumerate(value):
                yield (key, index), sub
        elif key in SCHEMA_MAP_KEYWORDS and isinstance(value, dict):
            for name, sub in value.items():
                if isinstance(sub, dict | bool):
                    yield (key, name), sub


def map_children(
    node: dict[str, Any], change: Callable[[tuple[str | int, ...], Any], Any]
) -> dict[str, Any]:
    """A copy of ``node`` with ``change(path, sub)`` in place of every direct subschema
    (everything else deep-copied, so the copy shares nothing with ``node``)."""
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in SCHEMA_KEYWORDS and isinstance(value, dict | bool):
            out[key] = change((key,), value)
        elif key in SCHEMA_LIST_KEYWORDS and isinstance(value, list):
            out[key] = [change((key, i), sub) for i, sub in enumerate(value)]
        elif key in SCHEMA_MAP_KEYWORDS and isinstance(value, dict):
            out[key] = {
                name: change((key, name), sub)
                if isinstance(sub, dict | bool)
                else copy.deepcopy(sub)
                for name, sub in value.items()
            }
        else:
            out[key] = copy.deepcopy(value)
    return out
