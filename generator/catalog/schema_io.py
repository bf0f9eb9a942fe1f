"""Schema files as text: the stable JSON this project writes.

- `schema_text` / `json_text`: the one way this project writes JSON, so that writing the
  same data twice gives the same bytes (a pull with no upstream change leaves git clean).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from generator.runtime import contract

__all__ = ["STANDARD_OUTPUT_SCHEMA", "json_text", "schema_text"]

# Keywords whose value is one schema / a list of schemas / a map of name -> schema. The
# walkers below recurse only through these, so data (enum, default, examples, validations)
# is never mistaken for a schema even when it holds a key called "properties".
_SCHEMA_KEYWORDS = ("items", "additionalProperties", "not", "if", "then", "else", "contains")
_SCHEMA_LIST_KEYWORDS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_MAP_KEYWORDS = ("properties", "patternProperties", "$defs", "definitions")

# Map keywords whose order is meaning: `properties` order becomes the keyword-argument order
# of the generated `submit(...)`, and the order a UI shows fields in. Everything else is sorted.
_ORDERED_MAP_KEYWORDS = frozenset({"properties"})

# The catalog serves no output schema; a pulled model gets the standard one (every `output` key
# RunComfy results are known to use), in the `{"output": {...}}` wrapper form RunComfy publishes.
STANDARD_OUTPUT_SCHEMA: dict[str, Any] = {"output": contract.standard_output()}


def json_text(data: Any) -> str:
    """Plain data (not a schema) as stable JSON text: every object's keys sorted."""
    return _dump(_sorted_data(data))


def schema_text(schema: Mapping[str, Any]) -> str:
    """A schema as stable JSON text.

    Keys are sorted except inside `properties`, whose order is kept as given; two-space
    indent, non-ASCII kept as is (titles are often Chinese), one trailing newline.
    """
    inner = schema.get("output") if set(schema) == {"output"} else None
    if isinstance(inner, Mapping):
        # The RunComfy output wrapper: `output` holds a schema or a bare properties map.
        if isinstance(inner.get("type"), str | list):
            return _dump({"output": _sorted_schema(inner)})
        return _dump({"output": {name: _sorted_schema(sub) for name, sub in inner.items()}})
    return _dump(_sorted_schema(schema))


def _sorted_schema(node: Any) -> Any:
    if not isinstance(node, Mapping):
        return _sorted_data(node)
    out: dict[str, Any] = {}
    for key in sorted(node):
        value = node[key]
        if key in _SCHEMA_KEYWORDS and isinstance(value, Mapping):
            out[key] = _sorted_schema(value)
        elif key in _SCHEMA_LIST_KEYWORDS and isinstance(value, list):
            out[key] = [_sorted_schema(v) for v in value]
        elif key in _SCHEMA_MAP_KEYWORDS and isinstance(value, Mapping):
            names = list(value) if key in _ORDERED_MAP_KEYWORDS else sorted(value)
            out[key] = {name: _sorted_schema(value[name]) for name in names}
        else:
            out[key] = _sorted_data(value)
    return out


def _sorted_data(data: Any) -> Any:
    # Lists keep their order (enum order is what a UI shows; `validations` are checked in
    # order); only object keys, whose order JSON gives no meaning, are sorted.
    if isinstance(data, Mapping):
        return {key: _sorted_data(data[key]) for key in sorted(data)}
    if isinstance(data, list):
        return [_sorted_data(item) for item in data]
    return data


def _dump(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
