"""Valid instances built from a schema, and edits of an instance at a path.

``build_full`` makes one deterministic valid instance holding every property (nested too), so
every constraint has a value to be checked on; the helpers below edit copies of an instance.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from contract_formats import CUSTOM_FORMATS

__all__ = [
    "InstancePath",
    "build_full",
    "drop_at",
    "get_at",
    "high_bound",
    "number_inside",
    "schema_type",
    "set_at",
    "short",
]

InstancePath = tuple[str | int, ...]


_URL = "https://files.example.com/contract/input.png"


def build_full(schema: dict[str, Any]) -> Any:
    """A valid instance holding every property (nested too), so every constraint has a place.

    Deterministic, built from the keywords (a ``pattern`` by hypothesis's simplest match).
    """
    if "const" in schema:
        return copy.deepcopy(schema["const"])
    if schema.get("enum"):
        return copy.deepcopy(schema["enum"][0])
    if "default" in schema:
        return copy.deepcopy(schema["default"])
    kind = schema_type(schema)
    if kind == "object":
        return {name: build_full(sub) for name, sub in (schema.get("properties") or {}).items()}
    if kind == "array":
        items: dict[str, Any] = schema["items"] if isinstance(schema.get("items"), dict) else {}
        count = max(1, schema.get("minItems", 0))
        if "maxItems" in schema:
            count = min(count, schema["maxItems"])
        return [build_full(items) for _ in range(count)]
    if kind == "string":
        if schema.get("format") in CUSTOM_FORMATS:
            return _URL
        if "pattern" in schema:
            return _fitting(schema["pattern"], schema.get("minLength", 0), schema.get("maxLength"))
        return "x" * max(1, schema.get("minLength", 0))
    if kind in ("integer", "number"):
        return number_inside(schema, kind)
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    return "x"


@functools.cache
def _fitting(pattern: str, low: int, high: int | None) -> str:
    """The simplest string matching ``pattern`` within the length bounds (hypothesis shrinks to
    it, so it is the same on every run); "x" when there is none."""
    from hypothesis import HealthCheck, find, settings
    from hypothesis import strategies as st
    from hypothesis.errors import NoSuchExample

    try:
        found: str = find(
            st.from_regex(pattern),
            lambda s: low <= len(s) <= (high if high is not None else len(s)),
            settings=settings(database=None, suppress_health_check=list(HealthCheck)),
        )
    except NoSuchExample:
        return "x"
    return found


def schema_type(schema: dict[str, Any]) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind is None and "properties" in schema:
        return "object"
    return kind if isinstance(kind, str) else None


def _low(schema: dict[str, Any], kind: str) -> float | None:
    step = 1 if kind == "integer" else 0.5
    if "minimum" in schema:
        return float(schema["minimum"])
    if "exclusiveMinimum" in schema:
        return float(schema["exclusiveMinimum"]) + step
    return None


def high_bound(schema: dict[str, Any], kind: str) -> float | None:
    step = 1 if kind == "integer" else 0.5
    if "maximum" in schema:
        return float(schema["maximum"])
    if "exclusiveMaximum" in schema:
        return float(schema["exclusiveMaximum"]) - step
    return None


def number_inside(schema: dict[str, Any], kind: str) -> int | float:
    low, high = _low(schema, kind), high_bound(schema, kind)
    value = low if low is not None else (min(high, 0.0) if high is not None else 0.0)
    step = schema.get("multipleOf")
    if step:
        value = -(-value // step) * step  # the first multiple at or above the bound
    return int(value) if kind == "integer" else value


def get_at(instance: Any, path: InstancePath) -> Any:
    for part in path:
        instance = instance[part]
    return instance


def set_at(instance: Any, path: InstancePath, value: Any) -> Any:
    out = copy.deepcopy(instance)
    if not path:
        return value
    parent = get_at(out, path[:-1])
    parent[path[-1]] = value
    return out


def drop_at(instance: Any, path: InstancePath) -> Any:
    out = copy.deepcopy(instance)
    del get_at(out, path[:-1])[path[-1]]
    return out


def short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
