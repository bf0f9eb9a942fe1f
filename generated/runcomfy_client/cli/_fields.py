# generated from templates/runtime/cli/_fields.py by runcomfy-codegen; do not edit
"""Command-line options built from a model's input schema, and its fields described for people.

One option per top-level property: ``image_urls`` -> ``--image-urls``. Scalars get their type,
enums their choices, arrays ``nargs="+"``, booleans ``--flag/--no-flag``; objects and arrays of
objects are given as JSON text. An option left out is not sent, so the server applies its own
default (the help text shows it), exactly as with the Python client. A file input (``*_uri``
formats) also takes ``@PATH``: the local file is sent as a ``data:`` URI once the schema's size
rule allows it.

A property whose option would clash with one of the command's own options (or another field's)
is offered under another name: ``--input-<name>``, then ``--field-<name>``; the command's own
options are read from its parser, never listed by hand.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._base import file_size_problem
from .._contract import MEDIA_KINDS, URI_FORMATS, printable
from .._errors import InputValidationError
from .._files import data_uri
from ._exit import BadInput, UsageError

__all__ = [
    "FIELD_PREFIX",
    "FieldOption",
    "add_field_options",
    "describe_fields",
    "field_options",
    "field_values",
    "validation_lines",
]

FIELD_PREFIX = "field:"
"""``dest`` prefix of field options, so they never clash with the command's own options."""
FILE_PREFIX = "@"

_SCALARS: dict[str, Callable[[str], Any]] = {"string": str, "integer": int, "number": float}
_FILE_FORMATS = frozenset(URI_FORMATS)  # image_uri, video_uri, audio_uri, uri
_PLAIN_METAVAR = re.compile(r"[\w.:*+/=-]+")


def _json_value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not valid JSON ({exc}): {text[:80]!r}") from exc


def _items(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """An array's ``items`` schema; ``{}`` when it is absent or a boolean (``items: true``)."""
    items = schema.get("items")
    return items if isinstance(items, Mapping) else {}


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


def _takes_files(schema: Mapping[str, Any]) -> bool:
    """A ``*_uri`` string, or an array of them (``image_uris`` on the array, or on its items)."""
    fmt = str(schema.get("format") or "")
    if fmt in _FILE_FORMATS or (fmt.endswith("_uris") and fmt[:-1] in _FILE_FORMATS):
        return True
    items = schema.get("items")
    return isinstance(items, Mapping) and str(items.get("format") or "") in _FILE_FORMATS


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

    @property
    def takes_files(self) -> bool:
        return _takes_files(self.schema)

    @property
    def media_kind(self) -> str | None:
        """``image``, ``video`` or ``audio`` for those formats (None: any file)."""
        items = self.schema.get("items")
        formats = [
            self.schema.get("format"),
            items.get("format") if isinstance(items, Mapping) else None,
        ]
        for fmt in formats:
            kind = str(fmt or "").split("_", 1)[0]
            if kind in MEDIA_KINDS:
                return kind
        return None

    @property
    def option_strings(self) -> tuple[str, ...]:
        """Every string argparse registers for it (booleans also get ``--no-...``)."""
        if self.schema.get("type") == "boolean":
            return (self.flag, "--no-" + self.flag[2:])
        return (self.flag,)

    def help_text(self) -> str:
        schema = self.schema
        parts = [
            str(schema.get("title") or "").strip(),
            str(schema.get("description") or "").strip(),
        ]
        text = ". ".join(p for p in parts if p) or self.name
        extras = [_type_name(schema)]
        if self.name != self.flag[2:].replace("-", "_"):
            extras.append(f"field {self.name}")
        if self.required:
            extras.append("required")  # a default beside it would only confuse: it must be given
        extras.extend(rules_of(schema))
        if "default" in schema and not self.required:
            extras.append(f"default: {json.dumps(schema['default'], ensure_ascii=False)}")
        if self.takes_files:
            extras.append(f"{FILE_PREFIX}PATH sends a local file")
        # Schema text is data: shown with control characters escaped (``printable``), and
        # argparse applies %-formatting to help strings.
        return printable(f"{text} [{'; '.join(extras)}]", newlines=False).replace("%", "%%")

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
            items = _items(schema)
            scalar = _SCALARS.get(str(items.get("type")))
            if scalar is None and self.takes_files:
                scalar = str  # an items-less ``image_uris`` array: URLs (or @PATH)
            if scalar is None:  # arrays of objects (or of anything): one JSON text
                kwargs.update(type=_json_value, metavar="JSON")
                return kwargs
            kwargs.update(nargs="+", type=scalar, metavar=_metavar(self.name.upper().rstrip("S")))
            if items.get("enum"):
                _choices(kwargs, items["enum"])
            return kwargs
        scalar = _SCALARS.get(str(kind))
        if scalar is None:  # objects, unions, untyped: JSON text
            kwargs.update(type=_json_value, metavar="JSON")
            return kwargs
        kwargs["type"] = scalar
        if schema.get("enum"):
            _choices(kwargs, schema["enum"])
        else:
            kwargs["metavar"] = str(kind).upper()
        return kwargs


def _metavar(text: str) -> str:
    return text if _PLAIN_METAVAR.fullmatch(text) else "VALUE"


def _choices(kwargs: dict[str, Any], values: list[Any]) -> None:
    kwargs["choices"] = values
    shown = [str(v) for v in values]
    if all(_PLAIN_METAVAR.fullmatch(v) for v in shown):
        kwargs["metavar"] = "{" + ",".join(shown) + "}"
    else:  # spaces or brackets break argparse's usage line: list the choices in the help text
        kwargs["metavar"] = "VALUE"
        listed = printable(", ".join(repr(v) for v in values), newlines=False).replace("%", "%%")
        kwargs["help"] += f" choices: {listed}"


def _flag_stem(name: str) -> str:
    stem = re.sub(r"[^0-9A-Za-z]+", "-", name).strip("-").lower()
    return stem or "field"


def field_options(schema: Mapping[str, Any], reserved: Collection[str] = ()) -> list[FieldOption]:
    """The options of an input schema, in the schema's property order; none of their option
    strings is in ``reserved`` (the command's own) or taken twice."""
    properties: Mapping[str, Any] = schema.get("properties") or {}
    required = set(schema.get("required") or ())
    taken = set(reserved)
    options = []
    for name, prop in properties.items():
        prop = prop if isinstance(prop, Mapping) else {}
        stem = _flag_stem(name)
        candidates = [stem, f"input-{stem}", f"field-{stem}"]
        candidates += (f"field-{stem}-{n}" for n in range(2, len(properties) + 3))
        for candidate in candidates:
            option = FieldOption(name, "--" + candidate, name in required, prop)
            if not taken.intersection(option.option_strings):
                break
        taken.update(option.option_strings)
        options.append(option)
    return options


def add_field_options(
    parser: argparse.ArgumentParser, schema: Mapping[str, Any]
) -> list[FieldOption]:
    own = {s for action in parser._actions for s in action.option_strings}
    options = field_options(schema, own)
    group = parser.add_argument_group(
        "model inputs (from the model's input schema; they override --input / --input-file)"
    )
    for option in options:
        group.add_argument(*option.option_strings[:1], **option.argparse_kwargs())
    return options


def field_values(namespace: argparse.Namespace, options: list[FieldOption]) -> dict[str, Any]:
    """The field options given on the command line, by wire name; ``@PATH`` files read."""
    by_name = {option.name: option for option in options}
    values: dict[str, Any] = {}
    for dest, value in vars(namespace).items():
        if not dest.startswith(FIELD_PREFIX):
            continue
        name = dest[len(FIELD_PREFIX) :]
        option = by_name.get(name)
        if option is not None and option.takes_files:
            value = _read_files(option, value)
        values[name] = value
    return values


def _read_files(option: FieldOption, value: Any) -> Any:
    if isinstance(value, list):
        return [_read_file(option, item) for item in value]
    return _read_file(option, value)


def _read_file(option: FieldOption, value: Any) -> Any:
    if not isinstance(value, str) or not value.startswith(FILE_PREFIX):
        return value
    path = Path(value[len(FILE_PREFIX) :]).expanduser()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UsageError(
            f"{option.flag} {value}: cannot read {path} ({exc.strerror or exc})"
        ) from None
    if not path.is_file():
        raise UsageError(f"{option.flag} {value}: {path} is not a file")
    # The schema's size rule first, so that a file too large is refused before it is read.
    rules = option.schema.get("validations") or _items(option.schema).get("validations")
    problem = file_size_problem(size, rules or [])
    if problem is not None:
        raise BadInput(f"{option.flag} {value}: {problem}")
    try:
        uri = data_uri(path)
    except InputValidationError as exc:
        raise BadInput(f"{option.flag} {value}: {exc}") from None
    except OSError as exc:
        raise UsageError(
            f"{option.flag} {value}: cannot read {path} ({exc.strerror or exc})"
        ) from None
    mime = uri[len("data:") : uri.index(";")]
    kind = option.media_kind
    if kind and not mime.startswith(kind + "/"):
        article = "an" if kind[0] in "aeiou" else "a"
        raise BadInput(
            f"{option.flag} {value}: expected {article} {kind} file; {path.name} is {mime}"
        )
    return uri


def validation_lines(error: InputValidationError, options: list[FieldOption]) -> list[str]:
    """One line per problem, naming the option (``--image-urls``) rather than the field."""
    flags = {option.name: option.flag for option in options}
    lines = []
    for item in error.errors():
        loc = tuple(item.get("loc") or ())
        where = ""
        if loc and isinstance(loc[0], str) and loc[0] in flags:
            rest = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc[1:])
            where = flags[loc[0]] + (f" ({loc[0]}{rest})" if rest else "")
        elif loc:
            where = ".".join(str(p) for p in loc)
        msg = str(item.get("msg") or "invalid").removeprefix("Value error, ")
        lines.append(f"{where}: {msg}" if where else msg)
    return lines


def describe_fields(model_id: str, schema: Mapping[str, Any], reserved: Collection[str]) -> str:
    """``runcomfy-py models show``: one block per field with type, default, choices and rules.

    Schema text is shown with control characters escaped (``printable``), one line per item.
    """

    def show(text: str) -> str:
        return printable(text, newlines=False)

    def dumped(value: Any) -> str:
        return show(json.dumps(value, ensure_ascii=False))

    lines = [model_id, ""]
    for option in field_options(schema, reserved):
        prop = option.schema
        kind = _type_name(prop) + (", required" if option.required else "")
        lines.append(f"  {show(option.name)}  ({show(kind)})")
        lines.append(f"      option: {option.flag}")
        for label, key in (("title", "title"), ("about", "description")):
            text = str(prop.get(key) or "").strip()
            if text:
                lines.append(f"      {label}: {show(text)}")
        if "default" in prop and not option.required:
            lines.append(f"      default: {dumped(prop['default'])}")
        choices = prop.get("enum") or _items(prop).get("enum")
        if choices:
            lines.append("      choices: " + ", ".join(dumped(c) for c in choices))
        rules = rules_of(prop)
        if rules:
            lines.append("      rules: " + show("; ".join(rules)))
        for rule in prop.get("validations") or []:
            if isinstance(rule, Mapping) and rule.get("validation_error"):
                lines.append(show(f"        {rule.get('validation_rule')} "
                                  f"{rule.get('validation_value')}: {rule['validation_error']}"))  # fmt: skip
        if option.takes_files:
            lines.append(f"      files: {option.flag} {FILE_PREFIX}photo.png sends a local file")
    return "\n".join(lines) + "\n"
