"""Valid payloads for the repository's schemas: every property set (the most work for a
validator), from defaults, first enum members and bounds."""

from __future__ import annotations

from typing import Any


def _value(prop: dict[str, Any]) -> Any:
    """A valid value for a property of our schemas (default, first enum member, or in bounds)."""
    if "default" in prop:
        return prop["default"]
    if "enum" in prop:
        return prop["enum"][0]
    kind = prop.get("type")
    if kind == "object":
        return payload_for(prop)
    if kind == "array":
        return [_value(prop.get("items", {"type": "string"}))] * max(1, prop.get("minItems", 1))
    if kind == "integer":
        return prop.get("minimum", 1)
    if kind == "number":
        return prop.get("minimum", 0.5)
    if kind == "boolean":
        return True
    if "uri" in str(prop.get("format", "")):
        return "https://example.com/inputs/picture.png"
    return "a lighthouse on a cliff at dusk"


def payload_for(schema: dict[str, Any]) -> dict[str, Any]:
    """Every property set: the fullest payload, the most work for a validator."""
    return {name: _value(prop) for name, prop in schema.get("properties", {}).items()}
