"""Step 1: find model folders, read their JSON and check it, collecting every problem.

A model is a folder below the schemas root holding ``input.json``; its id is the folder path
(``schemas/wan-ai/wan-2-6/image-to-image`` -> ``wan-ai/wan-2-6/image-to-image``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema import Draft7Validator

from generator.pipeline.diagnostics import Diagnostic, pointer_join
from generator.pipeline.dialect import normalise_input, normalise_output
from generator.pipeline.model_facts import MODEL_FILE, read_facts
from generator.pipeline.spec import CatalogFacts
from generator.runtime import contract

__all__ = ["KNOWN_RULES", "RawModel", "load_models", "uri_format_checker"]

#: every rule RunComfy is known to use; others are kept, with a warning, as server-checked
KNOWN_RULES = contract.CLIENT_CHECKED_RULES | {"duration_seconds<", "duration_seconds>"}
_STANDARD_FORMATS = frozenset(Draft7Validator.FORMAT_CHECKER.checkers) | {
    "uri", "uri-reference", "iri", "iri-reference", "uri-template", "date-time", "date", "time",
    "email", "idn-email", "hostname", "idn-hostname", "ipv4", "ipv6", "json-pointer",
    "relative-json-pointer", "regex", "duration", "uuid", "binary", "byte", "password",
}  # fmt: skip


@dataclass(frozen=True)
class RawModel:
    """A model folder as read from disk, with its schemas in standard JSON Schema."""

    model_id: str
    folder: Path
    input_file: str  # display path, e.g. schemas/wan-ai/wan-2-6/image-to-image/input.json
    output_file: str
    input_schema: dict[str, Any]
    output_schema: dict[str, Any]
    examples: tuple[tuple[str, Any], ...] = field(default=())
    catalog: CatalogFacts = field(default_factory=CatalogFacts)  # model.json, if pull wrote one


def uri_format_checker() -> jsonschema.FormatChecker:
    """A format checker that knows RunComfy's ``*_uri`` formats (http(s) URL or data URI)."""
    checker = jsonschema.FormatChecker()
    for fmt in contract.URI_FORMATS:
        checker.checks(fmt)(lambda value: not isinstance(value, str) or contract.is_uri(value))
    return checker


def _read_json(path: Path, display: str, problems: list[Diagnostic]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Diagnostic(display, "", f"cannot read the file ({exc}); fix or remove it"))
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(
            Diagnostic(
                display,
                "",
                f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}; fix the syntax",
            )
        )
        return None


def _check_metaschema(schema: Any, display: str, base: str, problems: list[Diagnostic]) -> bool:
    errors = sorted(
        Draft7Validator(Draft7Validator.META_SCHEMA).iter_errors(schema), key=lambda e: e.path
    )
    for error in errors:
        pointer = pointer_join(base, *error.absolute_path)
        if error.absolute_path and error.absolute_path[-1] == "type":
            message = (
                f"unknown type {error.instance!r}; use string, number, integer, boolean, array, "
                "object or null (RunComfy's 'float' is read as number)"
            )
        else:
            message = (
                f"not a valid JSON Schema: {error.message}; see the JSON Schema (draft 7) reference"
            )
        problems.append(Diagnostic(display, pointer, message))
    return not errors


def _check_extensions(node: Any, display: str, pointer: str, problems: list[Diagnostic]) -> None:
    """RunComfy's extension keywords (``validations``, custom formats) and defaults, recursively."""
    if not isinstance(node, dict):
        return
    fmt = node.get("format")
    if isinstance(fmt, str) and fmt not in contract.URI_FORMATS and fmt not in _STANDARD_FORMATS:
        problems.append(
            Diagnostic(
                display,
                pointer_join(pointer, "format"),
                f"unknown format {fmt!r}; the client treats the value as a plain string",
                "warning",
            )
        )
    rules = node.get("validations")
    if rules is not None:
        _check_validations(rules, display, pointer_join(pointer, "validations"), problems)
    if "default" in node:
        _check_default(node, display, pointer, problems)
    for name, sub in (node.get("properties") or {}).items():
        _check_extensions(sub, display, pointer_join(pointer, "properties", name), problems)
    if isinstance(node.get("items"), dict):
        _check_extensions(node["items"], display, pointer_join(pointer, "items"), problems)


def _check_validations(rules: Any, display: str, pointer: str, problems: list[Diagnostic]) -> None:
    if not isinstance(rules, list):
        problems.append(
            Diagnostic(display, pointer, "'validations' must be a list of rule objects")
        )
        return
    for i, rule in enumerate(rules):
        where = pointer_join(pointer, i)
        if not isinstance(rule, dict):
            problems.append(Diagnostic(display, where, "a validation rule must be an object"))
            continue
        name, value = rule.get("validation_rule"), rule.get("validation_value")
        if not isinstance(name, str):
            problems.append(
                Diagnostic(
                    display, where, "'validation_rule' must be a string such as 'file_size_mb<'"
                )
            )
        elif name not in KNOWN_RULES:
            problems.append(
                Diagnostic(
                    display,
                    pointer_join(where, "validation_rule"),
                    f"unknown validation rule {name!r}; kept, documented as checked by the server",
                    "warning",
                )
            )
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(
                Diagnostic(
                    display,
                    pointer_join(where, "validation_value"),
                    "'validation_value' must be a number",
                )
            )


def _check_default(
    node: dict[str, Any], display: str, pointer: str, problems: list[Diagnostic]
) -> None:
    sub = {k: v for k, v in node.items() if k != "default"}
    validator = Draft7Validator(sub, format_checker=uri_format_checker())
    for error in validator.iter_errors(node["default"]):
        problems.append(
            Diagnostic(
                display,
                pointer_join(pointer, "default", *error.absolute_path),
                f"the default breaks its own schema: {error.message}; fix the default or the constraint",
            )
        )


def _model_id(folder: Path, root: Path, display: str, problems: list[Diagnostic]) -> str | None:
    model_id = folder.relative_to(root).as_posix()
    problem = contract.model_id_problem(model_id)  # the rule of pull and of the client
    if problem is not None:
        problems.append(Diagnostic(display, "", f"{problem}; move the folder"))
        return None
    return model_id


def _load_one(folder: Path, root: Path, label: str, problems: list[Diagnostic]) -> RawModel | None:
    rel = folder.relative_to(root).as_posix()
    input_display = f"{label}/{rel}/input.json"
    output_display = f"{label}/{rel}/output.json"
    model_id = _model_id(folder, root, input_display, problems)
    before = len([p for p in problems if p.severity == "error"])
    raw_input = _read_json(folder / "input.json", input_display, problems)
    output_path = folder / "output.json"
    raw_output: Any = {"output": contract.standard_output()}
    if output_path.exists():
        raw_output = _read_json(output_path, output_display, problems)
    else:
        problems.append(
            Diagnostic(
                output_display,
                "",
                "no output.json; using the standard RunComfy output (image, images, video, videos, "
                "audio); add the model's own output schema to type its result precisely",
                "warning",
            )
        )
    input_schema, notes = normalise_input(raw_input, input_display)
    problems.extend(notes)
    output_schema, notes = normalise_output(raw_output, output_display)
    problems.extend(notes)
    if raw_input is not None and _check_metaschema(input_schema, input_display, "", problems):
        if not isinstance(input_schema, dict) or input_schema.get("type") != "object":
            problems.append(
                Diagnostic(input_display, "/type", "the input schema must be of type 'object'")
            )
        else:
            _check_extensions(input_schema, input_display, "", problems)
    out_base = "/output" if isinstance(raw_output, dict) and set(raw_output) == {"output"} else ""
    if raw_output is not None and _check_metaschema(
        output_schema, output_display, out_base, problems
    ):
        if not isinstance(output_schema, dict) or output_schema.get("type", "object") != "object":
            problems.append(
                Diagnostic(
                    output_display,
                    out_base or "/",
                    'expected {"output": {<object schema>}} or an object schema',
                )
            )
        else:
            _check_extensions(output_schema, output_display, out_base, problems)
    catalog = CatalogFacts()
    if (folder / MODEL_FILE).exists():
        facts_display = f"{label}/{rel}/{MODEL_FILE}"
        facts = _read_json(folder / MODEL_FILE, facts_display, problems)
        if facts is not None:
            catalog = read_facts(facts, facts_display, problems)
    examples = []
    for path in sorted((folder / "examples").glob("*.json")):
        example = _read_json(path, f"{label}/{rel}/examples/{path.name}", problems)
        if example is not None:
            examples.append((path.name, example))
    if model_id is None or len([p for p in problems if p.severity == "error"]) > before:
        return None
    return RawModel(
        model_id=model_id,
        folder=folder,
        input_file=input_display,
        output_file=output_display,
        input_schema=input_schema,
        output_schema=output_schema,
        examples=tuple(examples),
        catalog=catalog,
    )


def load_models(root: Path, label: str | None = None) -> tuple[list[RawModel], list[Diagnostic]]:
    """Every model below ``root``, sorted by id, and every problem found (errors and warnings).

    ``label`` is how file names start in messages (default: the root folder's name).
    """
    label = label or root.name
    problems: list[Diagnostic] = []
    if not root.is_dir():
        problems.append(
            Diagnostic(label, "", "the schemas folder does not exist; pass --schemas DIR")
        )
        return [], problems
    models = []
    for input_path in sorted(root.rglob("input.json")):
        if "examples" in input_path.relative_to(root).parts:
            continue
        model = _load_one(input_path.parent, root, label, problems)
        if model is not None:
            models.append(model)
    if not models and not problems:
        problems.append(
            Diagnostic(label, "", "no model folders found (a model is a folder with input.json)")
        )
    return sorted(models, key=lambda m: m.model_id), problems
