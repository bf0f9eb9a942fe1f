"""Command-line options built from a model's input schema, and its fields described for people.

One option per top-level property: ``image_urls`` -> ``--image-urls``. Scalars get their type,
enums their choices, arrays ``nargs="+"``, booleans ``--flag/--no-flag``; objects and arrays of
objects are given as JSON text. An option left out is not sent, so the server applies its own
default (the help text shows it), exactly as with the Python client.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["FIELD_PREFIX", "FieldOption", "add_field_options", "describe_fields", "field_options"]

FIELD_PREFIX = "field:"
"""``dest`` prefix of field options, so they never clash with the command's own options."""

# Options of `run` / `submit` themselves; a schema property with one of these names is offered
# as --input-<name> instead.
RESERVED = frozenset(
    {"json", "download", "timeout", "fake", "base_url", "help", "on_interrupt", "poll_interval",
     "fake_timings", "model_id", "quiet"}
)  # fmt: skip

_SCALARS: dict[str, Callable[[str], Any]] = {"string": str, "integer": int, "number": float}


def _json_value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not valid JSON ({exc}): {text[:80]!r}") from exc


def _type_name(schema: Mapping[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        return " | ".join(str(k) for k in kind)
    if kind == "array":
        items = schema.get("items")
        return f"array of {_type_name(items)}" if isinstance(items, Mapping) else "array"
    if kind is None and "enum" in schema:
        return "enum"
    fmt = schema.get("format")
    return f"{kind} ({fmt})" if fmt else str(kind)


def rules_of(schema: Mapping[str, Any]) -> list[str]:
    """Constraints in words: bounds, lengths, item counts, RunComfy validations."""
    words = {
        "minimum": ">= {}", "maximum": "<= {}", "exclusiveMinimum": "> {}",
        "exclusiveMaximum": "< {}", "multipleOf": "multiple of {}", "minLength": "at least {} chars",
        "maxLength": "at most {} chars", "minItems": "at least {} items",
        "maxItems": "at most {} items", "pattern": "matches {}",
    }  # fmt: skip
    rules = [template.format(schema[key]) for key, template in words.items() if key in schema]
    for rule in schema.get("validations") or []:
        if isinstance(rule, Mapping):
            rules.append(f"{rule.get('validation_rule')} {rule.get('validation_value')}")
    return rules


@dataclass(frozen=True, slots=True)
class FieldOption:
    """How one schema property is offered on the command line."""

    name: str  # wire name
    flag: str
    required: bool
    schema: Mapping[str, Any]

    @property
    def dest(self) -> str:
        return FIELD_PREFIX + self.name

    def help_text(self) -> str:
        schema = self.schema
        parts = [
            str(schema.get("title") or "").strip(),
            str(schema.get("description") or "").strip(),
        ]
        text = ". ".join(p for p in parts if p) or self.name
        extras = [_type_name(schema)]
        if self.required:
            extras.append("required")
        extras.extend(rules_of(schema))
        if "default" in schema:
            extras.append(f"default: {json.dumps(schema['default'], ensure_ascii=False)}")
        # argparse applies %-formatting to help strings: schema text is data, so escape it.
        return f"{text} [{'; '.join(extras)}]".replace("%", "%%")

    def argparse_kwargs(self) -> dict[str, Any]:
        schema = self.schema
        kwargs: dict[str, Any] = {
            "dest": self.dest,
            "help": self.help_text(),
            "default": argparse.SUPPRESS,
        }
        kind = schema.get("type")
        if kind == "boolean":
            kwargs["action"] = argparse.BooleanOptionalAction
            return kwargs
        if kind == "array":
            items = schema.get("items") if isinstance(schema.get("items"), Mapping) else {}
            scalar = _SCALARS.get(str(items.get("type")))  # type: ignore[union-attr]
            if scalar is None:  # arrays of objects (or of anything): one JSON text
                kwargs.update(type=_json_value, metavar="JSON")
                return kwargs
            kwargs.update(nargs="+", type=scalar, metavar=self.name.upper().rstrip("S") or "ITEM")
            if items.get("enum"):  # type: ignore[union-attr]
                kwargs["choices"] = items["enum"]  # type: ignore[index]
            return kwargs
        scalar = _SCALARS.get(str(kind))
        if scalar is None:  # objects, unions, untyped: JSON text
            kwargs.update(type=_json_value, metavar="JSON")
            return kwargs
        kwargs["type"] = scalar
        if schema.get("enum"):
            kwargs["choices"] = schema["enum"]
            kwargs["metavar"] = "{" + ",".join(str(v) for v in schema["enum"]) + "}"
            if any(" " in str(v) for v in schema["enum"]):
                kwargs["metavar"] = (
                    "VALUE"  # listed in the help text instead; spaces break the usage line
                )
                kwargs["help"] += " choices: " + ", ".join(repr(v) for v in schema["enum"]).replace(
                    "%", "%%"
                )
        else:
            kwargs["metavar"] = str(kind).upper()
        return kwargs


def field_options(schema: Mapping[str, Any]) -> list[FieldOption]:
    """The options of an input schema, in the schema's property order."""
    properties: Mapping[str, Any] = schema.get("properties") or {}
    required = set(schema.get("required") or ())
    options = []
    for name, prop in properties.items():
        flag_name = f"input_{name}" if name in RESERVED else name
        flag = "--" + flag_name.replace("_", "-")
        options.append(
            FieldOption(name, flag, name in required, prop if isinstance(prop, Mapping) else {})
        )
    return options


def add_field_options(parser: argparse.ArgumentParser, schema: Mapping[str, Any]) -> None:
    group = parser.add_argument_group("model inputs (from the model's input schema)")
    for option in field_options(schema):
        group.add_argument(option.flag, **option.argparse_kwargs())


def field_values(namespace: argparse.Namespace) -> dict[str, Any]:
    """The field options given on the command line, by wire name."""
    return {
        dest[len(FIELD_PREFIX) :]: value
        for dest, value in vars(namespace).items()
        if dest.startswith(FIELD_PREFIX)
    }


def describe_fields(model_id: str, schema: Mapping[str, Any]) -> str:
    """``runcomfy-py models show``: one block per field with type, default, choices and rules."""
    lines = [model_id, ""]
    for option in field_options(schema):
        prop = option.schema
        head = f"  {option.name}  ({_type_name(prop)}{', required' if option.required else ''})"
        lines.append(head)
        lines.append(f"      option: {option.flag}")
        for label, key in (("title", "title"), ("about", "description")):
            text = str(prop.get(key) or "").strip()
            if text:
                lines.append(f"      {label}: {text}")
        if "default" in prop:
            lines.append(f"      default: {json.dumps(prop['default'], ensure_ascii=False)}")
        choices = prop.get("enum") or (prop.get("items") or {}).get("enum")
        if choices:
            lines.append(
                "      choices: " + ", ".join(json.dumps(c, ensure_ascii=False) for c in choices)
            )
        rules = rules_of(prop)
        if rules:
            lines.append("      rules: " + "; ".join(rules))
        for rule in prop.get("validations") or []:
            if isinstance(rule, Mapping) and rule.get("validation_error"):
                lines.append(f"        {rule.get('validation_rule')} {rule.get('validation_value')}: "
                             f"{rule['validation_error']}")  # fmt: skip
    return "\n".join(lines) + "\n"
