"""Step 2: raw models -> frozen ``ModelSpec`` objects, with every Python name resolved.

Name collisions (two models or two properties that normalise to the same Python name) are
reported here as errors, with the file and JSON pointer of the second one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.pipeline.diagnostics import Diagnostic, pointer_join, shorten
from generator.pipeline.keywords import children
from generator.pipeline.load import RawModel
from generator.pipeline.naming import class_stem, field_name, module_segment
from generator.pipeline.spec import FieldSpec, ModelSpec, Rule
from generator.runtime import client_attributes, contract

__all__ = ["parse_models", "python_paths"]


def python_paths(model_ids: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The attribute path of each model id.

    Each segment becomes a Python name; where one model's id is a prefix of another's
    (``x/y/image-to-video`` and ``x/y/image-to-video/1080p``), the longer one's remaining
    segments are joined onto the last shared level (``image_to_video_v1080p``), so every
    path ends in exactly one model and no module is also a package.
    """
    ids = sorted(model_ids)
    id_set = set(ids)
    paths: dict[str, tuple[str, ...]] = {}
    for model_id in ids:
        segments = model_id.split("/")
        # the longest proper prefix that is itself a model
        cut = next(
            (n for n in range(len(segments) - 1, 0, -1) if "/".join(segments[:n]) in id_set), None
        )
        names = [module_segment(s) for s in segments]
        if names[0] in client_attributes():
            names[0] += "_"  # `client.model(...)` and `client.close()` keep their meaning
        if cut is not None:
            head = paths["/".join(segments[:cut])]
            names = [*head[:-1], "_".join([head[-1], *names[cut:]])]
        paths[model_id] = tuple(names)
    return paths


def _rules(schema: dict[str, Any]) -> tuple[Rule, ...]:
    rules = []
    for rule in schema.get("validations") or []:
        name = str(rule.get("validation_rule"))
        rules.append(
            Rule(
                rule=name,
                value=rule.get("validation_value", 0),
                message=str(rule.get("validation_error") or ""),
                checked_by="client" if name in contract.CLIENT_CHECKED_RULES else "server",
            )
        )
    return tuple(rules)


def _fields(raw: RawModel) -> tuple[FieldSpec, ...]:
    schema = raw.input_schema
    required = set(schema.get("required") or [])
    fields: list[FieldSpec] = []
    seen: set[str] = set()
    for wire, sub in (schema.get("properties") or {}).items():
        py = field_name(wire)
        if py in seen:
            continue  # reported by _check_names
        seen.add(py)
        sub = sub if isinstance(sub, dict) else {}
        fields.append(
            FieldSpec(
                wire_name=wire,
                py_name=py,
                required=wire in required,
                title=str(sub.get("title") or ""),
                description=str(sub.get("description") or ""),
                schema=sub,
                rules=_rules(sub),
            )
        )
    return tuple(fields)


def _check_names(file: str, node: Any, pointer: str, problems: list[Diagnostic]) -> None:
    """Two properties of one object (at any depth) must not become the same Python name."""
    if not isinstance(node, dict):
        return
    properties = node.get("properties")
    if isinstance(properties, dict):
        seen: dict[str, str] = {}
        for wire in properties:
            py = field_name(wire)
            if py in seen:
                problems.append(
                    Diagnostic(
                        file,
                        pointer_join(pointer, "properties", wire),
                        f"property {shorten(wire, 40)} and property {shorten(seen[py], 40)} both "
                        f"become the Python name {py!r}; rename one of them in the schema",
                    )
                )
            seen[py] = wire
    for path, sub in children(node):
        _check_names(file, sub, pointer_join(pointer, *path), problems)


def parse_models(raws: list[RawModel]) -> tuple[list[ModelSpec], list[Diagnostic]]:
    """Specs for every model, sorted by id, and the naming problems found."""
    problems: list[Diagnostic] = []
    paths = python_paths(raw.model_id for raw in raws)
    owner: dict[tuple[str, ...], str] = {}
    specs = []
    for raw in sorted(raws, key=lambda r: r.model_id):
        path = paths[raw.model_id]
        if path in owner:
            problems.append(
                Diagnostic(
                    raw.input_file,
                    "",
                    f"model {raw.model_id!r} and model {owner[path]!r} both become the Python "
                    f"path {'.'.join(path)!r}; rename one of the folders",
                )
            )
            continue
        owner[path] = raw.model_id
        stem = class_stem(path[-1])
        _check_names(raw.input_file, raw.input_schema, "", problems)
        _check_names(raw.output_file, raw.output_schema, raw.output_base, problems)
        fields = _fields(raw)
        summary = raw.input_schema.get("description") or ""
        kind = contract.output_kind(raw.model_id, raw.output_schema, raw.catalog.categories)
        if kind.kind is None:
            problems.append(
                Diagnostic(
                    raw.output_file,
                    "",
                    "cannot tell which kind of media this model produces (its output schema has "
                    "several or none, there is no model.json with catalog categories, and its id "
                    "has no '<input>-to-<kind>' task); the fake server will answer with one file "
                    "of each kind; run `runcomfy-codegen pull` for model.json or add output.json",
                    "warning",
                )
            )
        specs.append(
            ModelSpec(
                model_id=raw.model_id,
                attr_path=path,
                module="runcomfy_client.models." + ".".join(path),
                module_file="runcomfy_client/models/" + "/".join(path) + ".py",
                class_stem=stem,
                input_class=f"{stem}Input",
                output_class=f"{stem}Output",
                resource_class=stem,
                async_resource_class=f"Async{stem}",
                input_file=raw.input_file,
                output_file=raw.output_file,
                summary=str(summary),
                input_schema=raw.input_schema,
                output_schema=raw.output_schema,
                fields=fields,
                examples=raw.examples,
                catalog=raw.catalog,
                params_class=f"{stem}Params",
                output_kind=kind.kind or "",
                output_kind_source=kind.source,
            )
        )
    return specs, problems
