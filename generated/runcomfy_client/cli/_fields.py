# generated from templates/runtime/cli/_fields.py by runcomfy-codegen; do not edit
"""Command-line options built from a model's input schema, and its fields described for people.

One option per top-level property: ``image_urls`` -> ``--image-urls``. Scalars get their type,
enums their choices, arrays ``nargs="+"``, booleans ``--flag/--no-flag``; objects and arrays of
objects are given as JSON text. An option left out is not sent, so the server applies its own
default (the help text shows it), exactly as with the Python client.
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from .._contract import printable

__all__ = [
    "FIELD_PREFIX",
    "FieldOption",
    "add_field_options",
    "describe_fields",
    "field_options",
    "python_names",
]

FIELD_PREFIX = "field:"
"""``dest`` prefix of field options, so they never clash with the command's own options."""

_NON_WORD = re.compile(r"[^A-Za-z0-9]+")
_TOKEN = re.compile(r"[A-Za-z0-9._:+/-]+")  # a choice that can stand in the usage line as is

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
        if self.flag[2:] != self.name.replace("_", "-"):
            extras.append(f"sent as {json.dumps(self.name, ensure_ascii=False)}")
        # Schema text is data: shown with control characters escaped, and argparse applies
        # %-formatting to help strings.
        help_text = f"{text} [{'; '.join(extras)}]"
        return printable(help_text, newlines=False).replace("%", "%%")

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
            kwargs.update(
                nargs="+",
                type=scalar,
                metavar=self.flag[2:].upper().replace("-", "_").rstrip("S") or "ITEM",
            )
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
            if not all(_TOKEN.fullmatch(str(v)) for v in schema["enum"]):
                kwargs["metavar"] = "VALUE"  # listed in the help text: the usage line stays whole
                choices = ", ".join(json.dumps(v, ensure_ascii=False) for v in schema["enum"])
                kwargs["help"] += " choices: " + printable(choices, newlines=False).replace(
                    "%", "%%"
                )
        else:
            kwargs["metavar"] = str(kind).upper()
        return kwargs


def _flag_word(name: str) -> str:
    """``image_urls`` -> ``image-urls``: a property name as the word of a long option (ASCII
    letters, digits and dashes; ``field`` when nothing is left)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _NON_WORD.sub("-", folded).strip("-") or "field"


def _flags_of(option: str, boolean: bool) -> tuple[str, ...]:
    return (option, "--no-" + option[2:]) if boolean else (option,)


def python_names(model_id: str) -> dict[str, str]:
    """Wire name -> Python field name of a model's inputs (its keyword arguments)."""
    from .._registry import MODELS

    fields = MODELS[model_id].input_model().model_fields
    return {field.alias or name: name for name, field in fields.items()}


def field_options(
    schema: Mapping[str, Any],
    taken: Collection[str] = (),
    names: Mapping[str, str] | None = None,
) -> list[FieldOption]:
    """The options of an input schema, in the schema's property order.

    An option is named after the field's Python name (``names``: wire -> Python, as the
    keyword arguments are; ``class`` -> ``--class``, ``imageURL`` -> ``--image-url``), else
    after the property name with anything but ASCII letters and digits turned into dashes.
    ``taken`` holds the command's own option strings: a property that would take one (``json``,
    ``timeout``, ``base-url`` ...) is offered as ``--input-<name>``; two properties that would
    share one get ``-2``, ``-3`` ... A boolean's ``--no-<name>`` counts too.
    """
    properties: Mapping[str, Any] = schema.get("properties") or {}
    required = set(schema.get("required") or ())
    own = set(taken)
    used = set(own)
    options = []
    for name, prop in properties.items():
        prop = prop if isinstance(prop, Mapping) else {}
        boolean = prop.get("type") == "boolean"
        python = (names or {}).get(name)
        word = _flag_word(python.rstrip("_") if python else name)
        flag = "--" + word
        if any(f in own for f in _flags_of(flag, boolean)):
            flag = "--input-" + word
        base, n = flag, 2
        while any(f in used for f in _flags_of(flag, boolean)):
            flag, n = f"{base}-{n}", n + 1
        used.update(_flags_of(flag, boolean))
        options.append(FieldOption(name, flag, name in required, prop))
    return options


def add_field_options(
    parser: argparse.ArgumentParser,
    schema: Mapping[str, Any],
    taken: Collection[str] = (),
    names: Mapping[str, str] | None = None,
) -> None:
    """Add the schema's field options to ``parser`` (``run`` / ``submit``), clear of the options
    ``parser`` already has and of ``taken`` (those of the rest of the command line)."""
    own = {flag for action in parser._actions for flag in action.option_strings}
    group = parser.add_argument_group("model inputs (from the model's input schema)")
    for option in field_options(schema, own | set(taken), names):
        group.add_argument(option.flag, **option.argparse_kwargs())


def field_values(namespace: argparse.Namespace) -> dict[str, Any]:
    """The field options given on the command line, by wire name."""
    return {
        dest[len(FIELD_PREFIX) :]: value
        for dest, value in vars(namespace).items()
        if dest.startswith(FIELD_PREFIX)
    }


def describe_fields(
    model_id: str,
    schema: Mapping[str, Any],
    taken: Collection[str],
    names: Mapping[str, str] | None = None,
) -> str:
    """``runcomfy-py models show``: one block per field with type, default, choices and rules.

    ``taken``: the command line's own options, so each field shows the option ``run`` gives it.
    Schema text is shown with control characters escaped.
    """

    def show(value: object) -> str:
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        return printable(text, newlines=False)

    lines = [model_id, ""]
    for option in field_options(schema, taken, names):
        prop = option.schema
        kind = show(_type_name(prop)) + (", required" if option.required else "")
        head = f"  {show(option.name)}  ({kind})"
        lines.append(head)
        lines.append(f"      option: {option.flag}")
        for label, key in (("title", "title"), ("about", "description")):
            text = str(prop.get(key) or "").strip()
            if text:
                lines.append(f"      {label}: {show(text)}")
        if "default" in prop:
            lines.append(f"      default: {show(json.dumps(prop['default'], ensure_ascii=False))}")
        items = prop.get("items")
        choices = prop.get("enum") or (items.get("enum") if isinstance(items, Mapping) else None)
        if isinstance(choices, list) and choices:
            lines.append(
                "      choices: "
                + ", ".join(show(json.dumps(c, ensure_ascii=False)) for c in choices)
            )
        rules = rules_of(prop)
        if rules:
            lines.append("      rules: " + show("; ".join(rules)))
        for rule in prop.get("validations") or []:
            if isinstance(rule, Mapping) and rule.get("validation_error"):
                lines.append(show(f"        {rule.get('validation_rule')} "
                                  f"{rule.get('validation_value')}: {rule['validation_error']}"))  # fmt: skip
    return "\n".join(lines) + "\n"
