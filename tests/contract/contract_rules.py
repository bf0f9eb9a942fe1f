"""RunComfy's extensions to JSON Schema, checked as the contract suite understands them.

The metaschema (draft 7) says nothing about RunComfy's own keywords, so these rules do:

* ``validations`` is a list of ``{"validation_rule": str, "validation_value": number,
  "validation_error": str (optional)}`` and sits on a string or an array of strings (the rules
  are about files: size, pixels, duration);
* every ``format`` is one the client enforces (RunComfy's ``*_uri`` formats) or a standard one
  jsonschema knows; an unknown format would be a constraint nobody checks;
* every ``default`` satisfies its own schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from contract_formats import CUSTOM_FORMATS, format_checker
from jsonschema import Draft7Validator

__all__ = ["extension_problems", "walk"]

# Draft 7's own formats, listed rather than read from jsonschema, whose list depends on which
# optional packages happen to be installed.
_STANDARD_FORMATS = frozenset(
    {
        "date-time", "date", "time", "email", "idn-email", "hostname", "idn-hostname", "ipv4",
        "ipv6", "uri", "uri-reference", "iri", "iri-reference", "uri-template", "json-pointer",
        "relative-json-pointer", "regex",
    }
)  # fmt: skip
_SCHEMA_LISTS = ("anyOf", "oneOf", "allOf")


def walk(node: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every subschema of ``node`` with its JSON pointer (properties, items, combinators)."""
    if not isinstance(node, dict):
        return
    yield pointer, node
    for name, sub in (node.get("properties") or {}).items():
        yield from walk(sub, f"{pointer}/properties/{_escape(name)}")
    items = node.get("items")
    if isinstance(items, dict):
        yield from walk(items, f"{pointer}/items")
    elif isinstance(items, list):
        for i, sub in enumerate(items):
            yield from walk(sub, f"{pointer}/items/{i}")
    for key in ("additionalProperties", "not"):
        if isinstance(node.get(key), dict):
            yield from walk(node[key], f"{pointer}/{key}")
    for key in _SCHEMA_LISTS:
        for i, sub in enumerate(node.get(key) or []):
            yield from walk(sub, f"{pointer}/{key}/{i}")


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def _holds_strings(node: dict[str, Any]) -> bool:
    if node.get("type") == "string":
        return True
    items = node.get("items")
    return node.get("type") == "array" and isinstance(items, dict) and items.get("type") == "string"


def _rule_problems(pointer: str, rules: Any) -> Iterator[str]:
    if not isinstance(rules, list):
        yield f"{pointer}/validations: must be a list of rule objects"
        return
    for i, rule in enumerate(rules):
        where = f"{pointer}/validations/{i}"
        if not isinstance(rule, dict):
            yield f"{where}: a rule must be an object"
            continue
        if not isinstance(rule.get("validation_rule"), str):
            yield f"{where}/validation_rule: must be a string such as 'file_size_mb<'"
        value = rule.get("validation_value")
        if isinstance(value, bool) or not isinstance(value, int | float):
            yield f"{where}/validation_value: must be a number"
        if "validation_error" in rule and not isinstance(rule["validation_error"], str):
            yield f"{where}/validation_error: must be a string (the message shown to users)"


def extension_problems(schema: dict[str, Any]) -> list[str]:
    """Every breach of the rules above, as ``/json/pointer: what is wrong``."""
    problems: list[str] = []
    checker = format_checker()
    for pointer, node in walk(schema):
        if "validations" in node:
            problems.extend(_rule_problems(pointer, node["validations"]))
            if not _holds_strings(node):
                problems.append(
                    f"{pointer}/validations: rules are about files, but this field does not "
                    "hold strings (URIs)"
                )
        fmt = node.get("format")
        if fmt is not None and fmt not in CUSTOM_FORMATS and fmt not in _STANDARD_FORMATS:
            problems.append(
                f"{pointer}/format: {fmt!r} is neither a RunComfy *_uri format nor a standard "
                "one, so no one checks it"
            )
        if "default" in node:
            own = {k: v for k, v in node.items() if k != "default"}
            for error in Draft7Validator(own, format_checker=checker).iter_errors(node["default"]):
                problems.append(f"{pointer}/default: breaks its own schema: {error.message}")
    return problems
