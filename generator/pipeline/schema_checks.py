"""Checks of a schema against itself and RunComfy's extensions, with short messages.

- the draft-7 metaschema, with each error said in a few words (never a dumped sub-schema);
- ``validations`` rules well formed; ``format`` values known;
- every ``pattern`` compiles with the engine the generated models use (Python's ``re``);
- every ``default`` passes its own schema (in an input schema, as the model reads it: an object
  that lists its properties takes no other key);
- bounds no value can meet (``minimum`` > ``maximum`` ...) are warned about.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from typing import Any

from jsonschema import Draft7Validator
from jsonschema.exceptions import UnknownType, ValidationError
from referencing import Registry
from referencing.exceptions import NoSuchResource

from generator.pipeline.diagnostics import Diagnostic, pointer_join, shorten
from generator.pipeline.formats import format_checker
from generator.pipeline.keywords import children, map_children
from generator.runtime import contract

__all__ = ["KNOWN_RULES", "check_metaschema", "check_schema", "closed_objects", "validator_for"]

#: every rule RunComfy is known to use; others are kept, with a warning, as server-checked
KNOWN_RULES = contract.CLIENT_CHECKED_RULES | {"duration_seconds<", "duration_seconds>"}
_STANDARD_FORMATS = frozenset(
    {
        "uri", "uri-reference", "iri", "iri-reference", "uri-template", "date-time", "date",
        "time", "email", "idn-email", "hostname", "idn-hostname", "ipv4", "ipv6",
        "json-pointer", "relative-json-pointer", "regex", "duration", "uuid", "binary", "byte",
        "password", "int32", "int64", "float", "double",
    }
)  # fmt: skip
_META = Draft7Validator(Draft7Validator.META_SCHEMA)


def _refuse(uri: str) -> Any:
    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]


def validator_for(schema: Any) -> Draft7Validator:
    """A draft-7 validator that checks RunComfy's formats and never reads a file or a URL."""
    return Draft7Validator(
        schema,
        format_checker=format_checker(),
        registry=Registry(retrieve=_refuse),  # type: ignore[call-arg]
    )


_EXPECTED: dict[str, Callable[[Any], str]] = {
    "type": lambda v: f"must be of type {shorten(v, 40)}",
    "minimum": lambda v: f"must be at least {shorten(v, 30)}",
    "exclusiveMinimum": lambda v: f"must be greater than {shorten(v, 30)}",
    "maximum": lambda v: f"must be at most {shorten(v, 30)}",
    "exclusiveMaximum": lambda v: f"must be less than {shorten(v, 30)}",
    "minItems": lambda v: f"needs at least {shorten(v, 20)} item(s)",
    "maxItems": lambda v: f"takes at most {shorten(v, 20)} item(s)",
    "minLength": lambda v: f"needs at least {shorten(v, 20)} character(s)",
    "maxLength": lambda v: f"takes at most {shorten(v, 20)} character(s)",
    "uniqueItems": lambda v: "must not repeat an item",
    "enum": lambda v: f"must be one of {shorten(v, 60)}",
    "const": lambda v: f"must be {shorten(v, 40)}",
    "required": lambda v: f"needs {shorten(v, 40)}",
    "pattern": lambda v: f"must match {shorten(v, 40)}",
    "multipleOf": lambda v: f"must be a multiple of {shorten(v, 30)}",
    "format": lambda v: (
        f"is not a valid {shorten(v, 20)}"
        + (" (an http(s) URL or a data: URI)" if v in contract.URI_FORMATS else "")
    ),
    "additionalProperties": lambda v: (
        "has a key the object does not list (input objects take no other)"
    ),
}


def _expected(error: ValidationError) -> str:
    """What a failed keyword wanted, in a few words."""
    explain = _EXPECTED.get(str(error.validator))
    if explain is None:
        return f"fails '{shorten(str(error.validator), 30)}'"
    try:
        return explain(error.validator_value)
    except TypeError:  # an unhashable value where a name was expected
        return f"fails '{error.validator}'"


def describe(error: ValidationError) -> str:
    """``<value> <what was expected>``: one short clause for a jsonschema error."""
    return f"{shorten(error.instance, 50)} {_expected(error)}"


def is_schema(node: Any) -> bool:
    """True when ``node`` passes the draft-7 metaschema (what a ``$ref`` must lead to)."""
    try:
        return bool(_META.is_valid(node))
    except RecursionError:
        return False


def check_metaschema(schema: Any, file: str, base: str, problems: list[Diagnostic]) -> bool:
    """The draft-7 metaschema; True when the schema passes it."""
    errors = sorted(_META.iter_errors(schema), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors[:20]:
        pointer = pointer_join(base, *error.absolute_path)
        if error.absolute_path and error.absolute_path[-1] == "type":
            message = (
                f"unknown type {shorten(error.instance, 50)}; use string, number, integer, "
                "boolean, array, object or null (RunComfy's 'float' is read as number)"
            )
        else:
            message = (
                f"not a valid JSON Schema: {describe(error)}; see the JSON Schema (draft 7) "
                "reference"
            )
        problems.append(Diagnostic(file, pointer, message))
    return not errors


def closed_objects(node: Any) -> Any:
    """A copy of ``node`` as an input model reads it: an object schema that lists its
    ``properties`` and says nothing of others refuses them (README, "Deliberate differences")."""
    if not isinstance(node, dict):
        return node
    out = map_children(node, lambda _path, sub: closed_objects(sub))
    if isinstance(node.get("properties"), dict) and "additionalProperties" not in node:
        out["additionalProperties"] = False
    return out


def check_schema(
    node: Any,
    file: str,
    pointer: str,
    problems: list[Diagnostic],
    root: Draft7Validator | None = None,
    *,
    closed: bool = False,
) -> None:
    """RunComfy's extensions, patterns, defaults and impossible bounds, recursively.

    ``root``: the validator of the whole document (defaults below may hold local references);
    ``closed``: an input schema, whose defaults are judged by ``closed_objects``.
    """
    if not isinstance(node, dict):
        return
    root = root or validator_for(closed_objects(node) if closed else node)
    fmt = node.get("format")
    if isinstance(fmt, str) and fmt not in contract.URI_FORMATS and fmt not in _STANDARD_FORMATS:
        problems.append(
            Diagnostic(
                file,
                pointer_join(pointer, "format"),
                f"unknown format {shorten(fmt, 40)}; the client treats the value as a plain string",
                "warning",
            )
        )
    if node.get("validations") is not None:
        _check_validations(
            node["validations"], file, pointer_join(pointer, "validations"), problems
        )
    pattern = node.get("pattern")
    if isinstance(pattern, str):
        try:
            re.compile(pattern)
        except (re.error, RecursionError, OverflowError) as exc:
            problems.append(
                Diagnostic(
                    file,
                    pointer_join(pointer, "pattern"),
                    f"pattern {shorten(pattern, 50)} is not a regular expression the client can "
                    f"use (Python re: {shorten(str(exc), 60)}); fix the pattern",
                )
            )
            return  # the default check below would compile it again
    _check_bounds(node, file, pointer, problems)
    if "default" in node:
        _check_default(closed_objects(node) if closed else node, file, pointer, problems, root)
    for path, sub in children(node):
        check_schema(sub, file, pointer_join(pointer, *path), problems, root, closed=closed)


def _check_validations(rules: Any, file: str, pointer: str, problems: list[Diagnostic]) -> None:
    if not isinstance(rules, list):
        problems.append(Diagnostic(file, pointer, "'validations' must be a list of rule objects"))
        return
    for i, rule in enumerate(rules):
        where = pointer_join(pointer, i)
        if not isinstance(rule, dict):
            problems.append(Diagnostic(file, where, "a validation rule must be an object"))
            continue
        name, value = rule.get("validation_rule"), rule.get("validation_value")
        if not isinstance(name, str):
            problems.append(
                Diagnostic(
                    file, where, "'validation_rule' must be a string such as 'file_size_mb<'"
                )
            )
        elif name not in KNOWN_RULES:
            problems.append(
                Diagnostic(
                    file,
                    pointer_join(where, "validation_rule"),
                    f"unknown validation rule {shorten(name, 40)}; kept, documented as checked by "
                    "the server",
                    "warning",
                )
            )
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(
                Diagnostic(
                    file,
                    pointer_join(where, "validation_value"),
                    "'validation_value' must be a number",
                )
            )
        message = rule.get("validation_error")
        if message is not None and not isinstance(message, str):
            problems.append(
                Diagnostic(
                    file,
                    pointer_join(where, "validation_error"),
                    "'validation_error' must be a string (the message shown when the rule fails)",
                )
            )


_IMPOSSIBLE: tuple[tuple[str, str, Callable[[Any, Any], bool]], ...] = (
    ("minimum", "maximum", operator.gt),
    ("exclusiveMinimum", "maximum", operator.ge),
    ("minimum", "exclusiveMaximum", operator.ge),
    ("exclusiveMinimum", "exclusiveMaximum", operator.ge),
    ("minLength", "maxLength", operator.gt),
    ("minItems", "maxItems", operator.gt),
)


def _check_bounds(
    node: dict[str, Any], file: str, pointer: str, problems: list[Diagnostic]
) -> None:
    for low, high, impossible in _IMPOSSIBLE:
        a, b = node.get(low), node.get(high)
        numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (a, b))
        if numbers and impossible(a, b):
            problems.append(
                Diagnostic(
                    file,
                    pointer_join(pointer, low),
                    f"{low} {a} and {high} {b} leave no value that can pass; fix the bounds",
                    "warning",
                )
            )


def _check_default(
    node: dict[str, Any], file: str, pointer: str, problems: list[Diagnostic], root: Draft7Validator
) -> None:
    sub = {k: v for k, v in node.items() if k != "default"}
    try:  # within the whole document: the schema may refer to its definitions
        errors = list(root.evolve(schema=sub).iter_errors(node["default"]))[:5]
    except (RecursionError, re.error, UnknownType):
        # reported by the checks of the sub-schemas themselves (or of the $ref that led into
        # something that is not a schema)
        return
    for error in errors:
        problems.append(
            Diagnostic(
                file,
                pointer_join(pointer, "default", *error.absolute_path),
                f"the default breaks its own schema: {describe(error)}; fix the default or the "
                "constraint",
            )
        )
