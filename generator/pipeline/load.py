"""Step 1: find model folders, read their JSON and check it, collecting every problem.

A model is a folder below the schemas root holding ``input.json``; its id is the folder path
(``schemas/wan-ai/wan-2-6/image-to-image`` -> ``wan-ai/wan-2-6/image-to-image``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.pipeline.diagnostics import Diagnostic, shorten
from generator.pipeline.dialect import normalise_input, normalise_output
from generator.pipeline.model_facts import MODEL_FILE, read_facts
from generator.pipeline.refs import inline_refs
from generator.pipeline.schema_checks import check_metaschema, check_schema
from generator.pipeline.spec import CatalogFacts
from generator.pipeline.support import check_support
from generator.runtime import contract

__all__ = ["RawModel", "load_models"]


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
    output_base: str = ""  # where the output schema sits in its file ("/output": the wrapper)


class _NotJson(ValueError):
    pass


def _no_constant(name: str) -> Any:
    raise _NotJson(f"{name} is not a JSON value; write a number")


def _pairs(duplicates: list[str]) -> Any:
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                duplicates.append(key)
            out[key] = value
        return out

    return hook


UNREADABLE: Any = object()  # what _read_json returns for a file it reported


def _read_json(path: Path, display: str, problems: list[Diagnostic]) -> Any:
    """The file's JSON, or ``UNREADABLE`` with a diagnostic: strict JSON only (no NaN or
    Infinity). ``null`` is a value like any other (the caller says what it expected)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Diagnostic(display, "", f"cannot read the file ({exc}); fix or remove it"))
        return UNREADABLE
    duplicates: list[str] = []
    try:
        value = json.loads(text, parse_constant=_no_constant, object_pairs_hook=_pairs(duplicates))
    except json.JSONDecodeError as exc:
        where = f"at line {exc.lineno} column {exc.colno}"
        problems.append(
            Diagnostic(display, "", f"not valid JSON: {exc.msg} {where}; fix the syntax")
        )
        return UNREADABLE
    except _NotJson as exc:
        problems.append(Diagnostic(display, "", f"not valid JSON: {exc}"))
        return UNREADABLE
    except RecursionError:
        problems.append(
            Diagnostic(display, "", "the JSON is nested too deeply to read; flatten the schema")
        )
        return UNREADABLE
    for key in sorted(set(duplicates))[:3]:
        problems.append(
            Diagnostic(
                display,
                "",
                f"the key {shorten(key, 40)} appears twice in one object; the last one is used: "
                "remove the other",
                "warning",
            )
        )
    return value


def _schema(
    raw: Any, normalised: Any, display: str, base: str, kind: str, problems: list[Diagnostic]
) -> Any:
    """The checked, reference-free schema, or None when it has errors (all reported)."""
    if raw is UNREADABLE:
        return None
    wrapper = kind == "output" and isinstance(raw, dict) and set(raw) == {"output"}
    if wrapper and not isinstance(raw["output"], dict):
        problems.append(
            Diagnostic(
                display,
                "/output",
                f'expected {{"output": {{<object schema>}}}}, not {shorten(raw["output"], 30)}',
            )
        )
        return None
    wanted = {
        "input": "the input schema must be of type 'object'",
        "output": 'expected {"output": {<object schema>}} or an object schema',
    }[kind]
    if not isinstance(normalised, dict):
        problems.append(Diagnostic(display, base, f"{wanted}, not {shorten(normalised, 30)}"))
        return None
    if not check_metaschema(normalised, display, base, problems):
        return None
    schema, ref_problems = inline_refs(normalised, display, base)
    problems.extend(ref_problems)
    if any(p.severity == "error" for p in ref_problems):
        return None
    kind_ok = schema.get("type") == "object" or (kind == "output" and "type" not in schema)
    if not kind_ok:
        where = f"{base}/type" if "type" in schema else base
        problems.append(Diagnostic(display, where, wanted))
        return None
    if (
        kind == "input"
        and not schema.get("properties")
        and isinstance(schema.get("additionalProperties"), dict)
    ):
        # the input is a class with one field per property: a map of unlisted keys has none
        problems.append(
            Diagnostic(
                display,
                f"{base}/additionalProperties",
                "an input whose keys are not listed (a schema for 'additionalProperties' and no "
                "'properties') cannot be typed; list the properties, or use true or false",
            )
        )
        return None
    check_schema(schema, display, base, problems, closed=kind == "input")
    check_support(schema, display, base, problems)
    return schema


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
    input_schema = _schema(raw_input, input_schema, input_display, "", "input", problems)
    output_schema, notes = normalise_output(raw_output, output_display)
    problems.extend(notes)
    wrapped = isinstance(raw_output, dict) and set(raw_output) == {"output"}
    output_base = "/output" if wrapped else ""
    output_schema = _schema(
        raw_output, output_schema, output_display, output_base, "output", problems
    )
    catalog = CatalogFacts()
    if (folder / MODEL_FILE).exists():
        facts_display = f"{label}/{rel}/{MODEL_FILE}"
        facts = _read_json(folder / MODEL_FILE, facts_display, problems)
        if facts is not UNREADABLE:
            catalog = read_facts(facts, facts_display, problems)
    examples = []
    for path in sorted((folder / "examples").glob("*.json")):
        example = _read_json(path, f"{label}/{rel}/examples/{path.name}", problems)
        if example is not UNREADABLE:
            examples.append((path.name, example))
    errors = len([p for p in problems if p.severity == "error"])
    if model_id is None or input_schema is None or output_schema is None or errors > before:
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
        output_base=output_base,
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
