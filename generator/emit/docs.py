"""Emitter of the model reference pages: ``docs/<model_id>.md`` per model and ``docs/README.md``.

A page says what a user needs before calling: what the catalog says of the model (name,
categories, price unit), what it produces, every input field (nested ones too) with its type,
default, constraints and RunComfy ``validations`` rules, the output fields, and an example in
Python and on the command line (``runcomfy-py``). Everything is computed here; the templates
(``templates/docs/*.md.j2``) only loop. Schema text goes through ``emit.markdown``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from generator.emit.base import EmitJob, header
from generator.emit.doc_examples import example_of, resolve_ref
from generator.emit.markdown import md_code, md_fence, md_text
from generator.emit.typed_params import typed_params
from generator.pipeline.naming import field_name
from generator.pipeline.spec import ModelSpec
from generator.runtime import contract

__all__ = ["DOCS_DIR", "emit_docs", "page_path"]

DOCS_DIR = "docs"
_KIND_SOURCES = {
    "output schema": "its output schema",
    "catalog categories": "its catalog categories",
    "model id": "the task in its id",
}


def page_path(model_id: str) -> str:
    return f"{DOCS_DIR}/{model_id}.md"


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]  # Markdown, already escaped


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _type(schema: Any, root: dict[str, Any]) -> str:
    """A type in words: ``array of string (image_uri)``, ``integer or null``."""
    if not isinstance(schema, dict):
        return "any"
    if isinstance(schema.get("$ref"), str):
        return (
            _type(resolve_ref(schema, root), root)
            if "$ref" not in resolve_ref(schema, root)
            else "object"
        )
    for key in ("anyOf", "oneOf"):
        if isinstance(schema.get(key), list):
            return " or ".join(_type(option, root) for option in schema[key])
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind] if kind else []
    if not kinds:
        kinds = ["object"] if "properties" in schema else ["any"]
    words = []
    for k in kinds:
        if k == "array":
            words.append(f"array of {_type(schema.get('items', {}), root)}")
        elif k == "string" and isinstance(schema.get("format"), str):
            words.append(f"string ({schema['format']})")
        else:
            words.append(str(k))
    return " or ".join(words)


_BOUNDS = (
    ("minimum", "≥ {}"),
    ("exclusiveMinimum", "> {}"),
    ("maximum", "≤ {}"),
    ("exclusiveMaximum", "< {}"),
    ("multipleOf", "multiple of {}"),
    ("minLength", "at least {} characters"),
    ("maxLength", "at most {} characters"),
    ("minItems", "at least {} item(s)"),
    ("maxItems", "at most {} item(s)"),
)


def _constraints(schema: dict[str, Any]) -> str:
    parts = [md_text(text.format(schema[key])) for key, text in _BOUNDS if key in schema]
    if schema.get("uniqueItems") is True:
        parts.append("items unique")
    if "pattern" in schema:
        parts.append("matches " + md_code(schema["pattern"]))
    items = schema.get("items")
    choices = schema.get("enum") or (items.get("enum") if isinstance(items, dict) else None)
    if choices:
        parts.append("one of " + ", ".join(md_code(_json(c)) for c in choices))
    return "; ".join(parts)


def _children(
    sub: dict[str, Any], path: str, root: dict[str, Any], seen: frozenset[str]
) -> list[tuple[dict[str, Any], str, frozenset[str]]]:
    """The objects below a field whose properties get rows of their own: the field itself or its
    items, local ``$ref``s followed, each reference at most once on a path (recursion)."""
    found = []
    for node, prefix in ((sub.get("items"), f"{path}[]."), (sub, f"{path}.")):
        if not isinstance(node, dict):
            continue
        ref = node.get("$ref")
        refs = frozenset({ref}) if isinstance(ref, str) else frozenset()
        if refs & seen:
            continue  # a recursive schema: its fields are listed above
        target = resolve_ref(node, root)
        if "properties" in target:
            found.append((target, prefix, seen | refs))
    return found


def _field_rows(
    schema: dict[str, Any],
    root: dict[str, Any],
    prefix: str = "",
    py: bool = True,
    seen: frozenset[str] = frozenset(),
) -> list[Row]:
    """One row per property, then the properties of its objects (``camera.zoom``, ``elements[].role``)."""
    rows: list[Row] = []
    required = set(schema.get("required") or [])
    for name, raw in (schema.get("properties") or {}).items():
        raw = raw if isinstance(raw, dict) else {}
        sub = resolve_ref(raw, root)
        path = f"{prefix}{name}"
        about = " — ".join(
            md_text(part) for part in (sub.get("title"), sub.get("description")) if part
        )
        rows.append(
            Row(
                (
                    md_code(path),
                    md_code(field_name(name)) if py and not prefix else "",
                    md_text(_type(sub, root)),
                    "yes" if name in required else "",
                    # a required field must be sent: a default the schema also gives never applies
                    md_code(_json(sub["default"]))
                    if "default" in sub and name not in required
                    else "",
                    _constraints(sub),
                    about,
                )
            )
        )
        for child, child_prefix, child_seen in _children(raw, path, root, seen):
            rows += _field_rows(child, root, child_prefix, py, child_seen)
    return rows


def _rule_rows(schema: dict[str, Any], prefix: str = "") -> list[Row]:
    rows: list[Row] = []
    for name, sub in (schema.get("properties") or {}).items():
        if not isinstance(sub, dict):
            continue
        path = f"{prefix}{name}"
        for rule in sub.get("validations") or []:
            if not isinstance(rule, dict):
                continue
            rule_name = str(rule.get("validation_rule"))
            checked = (
                "the client, on data URIs, before sending"
                if rule_name in contract.CLIENT_CHECKED_RULES
                else "the server"
            )
            rows.append(
                Row(
                    (
                        md_code(path),
                        md_code(rule_name),
                        md_code(_json(rule.get("validation_value"))),
                        checked,
                        md_text(rule.get("validation_error") or ""),
                    )
                )
            )
        items = sub.get("items")
        if isinstance(items, dict) and "properties" in items:
            rows += _rule_rows(items, f"{path}[].")
        if "properties" in sub:
            rows += _rule_rows(sub, f"{path}.")
    return rows


def _facts(spec: ModelSpec) -> list[tuple[str, str]]:
    kind = spec.output_kind
    produces = (
        f"{kind} (from {_KIND_SOURCES.get(spec.output_kind_source, spec.output_kind_source)})"
        if kind
        else "unknown: neither the output schema, the catalog nor the id says"
    )
    facts = [
        ("Model id", md_code(spec.model_id)),
        ("Produces", md_text(produces)),
        ("Python", md_code("client." + ".".join(spec.attr_path))),
        ("Input / output classes", f"{md_code(spec.input_class)} / {md_code(spec.output_class)}"),
    ]
    if spec.catalog.display_name:
        facts.insert(1, ("Name in the catalog", md_text(spec.catalog.display_name)))
    if spec.catalog.categories:
        facts.append(("Categories", ", ".join(md_code(c) for c in spec.catalog.categories)))
    if spec.catalog.price_unit:
        facts.append(("Priced per", md_text(spec.catalog.price_unit)))
    return facts


def _page(job: EmitJob, spec: ModelSpec) -> str:
    params = typed_params(spec, job.models[spec.model_id]).input_params
    example = example_of(spec, params)
    context = {
        "header": f"<!-- {header(f'{spec.input_file} and {spec.output_file}', '').strip()} -->",
        "title": md_text(spec.catalog.display_name or spec.model_id),
        "index_link": "../" * spec.model_id.count("/") + "README.md",
        "summary": md_text(spec.summary) if spec.summary else "",
        "facts": _facts(spec),
        "params_class": md_code(params),
        "fields": _field_rows(spec.input_schema, spec.input_schema),
        "rules": _rule_rows(spec.input_schema),
        "outputs": _field_rows(spec.output_schema, spec.output_schema, py=False),
        "example_source": md_text(example.source),
        "example_problems": [md_text(p) for p in example.problems],
        "python": md_fence(example.python, "python"),
        "cli": md_fence(example.cli, "bash"),
        "cli_options": md_code(f"runcomfy-py run {spec.model_id} --help"),
    }
    return job.env.get_template("docs/model.md.j2").render(context)


def _index(job: EmitJob) -> str:
    rows = [
        Row(
            (
                f"[{md_text(spec.model_id)}]({spec.model_id}.md)",
                md_text(spec.output_kind or "?"),
                md_text(spec.catalog.display_name),
                ", ".join(md_code(c) for c in spec.catalog.categories),
                md_text(spec.catalog.price_unit),
            )
        )
        for spec in job.specs
    ]
    return job.env.get_template("docs/index.md.j2").render(
        header=f"<!-- {header('schemas/', '').strip()} -->", rows=rows, count=len(rows)
    )


def emit_docs(job: EmitJob) -> dict[str, str]:
    files = {page_path(spec.model_id): _page(job, spec) for spec in job.specs}
    files[f"{DOCS_DIR}/README.md"] = _index(job)
    return files
