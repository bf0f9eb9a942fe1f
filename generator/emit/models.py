"""Emitters of the per-model files: the model module (pydantic input/output classes and the sync
and async resources) and the package's copy of the model's normalised schemas."""

from __future__ import annotations

from typing import Any

from generator.emit.base import PACKAGE, EmitJob, header, json_text
from generator.emit.pydantic_gen import FieldCode, ModelsCode
from generator.emit.typed_params import typed_params
from generator.pipeline.formats import unchecked_formats
from generator.pipeline.spec import FieldSpec, ModelSpec
from generator.runtime import contract

__all__ = ["emit_model_modules", "emit_schema_copies"]

# The two resource classes of a model module, sync and async, written by one template loop.
_FLAVOURS = (
    {"base": "SyncModelResource", "job": "Job", "def": "def", "await": ""},
    {"base": "AsyncModelResource", "job": "AsyncJob", "def": "async def", "await": "await "},
)


def emit_model_modules(job: EmitJob) -> dict[str, str]:
    template = job.env.get_template("model_module.py.j2")
    return {
        spec.module_file: template.render(_model_context(spec, job.models[spec.model_id]))
        for spec in job.specs
    }


def emit_schema_copies(job: EmitJob) -> dict[str, str]:
    """``runcomfy_client/schemas/<model_id>/{input,output}.json``, read by the fake and the CLI."""
    files = {}
    for spec in job.specs:
        base = f"{PACKAGE}/schemas/{spec.model_id}"
        for name, source, schema in (
            ("input.json", spec.input_file, spec.input_schema),
            ("output.json", spec.output_file, spec.output_schema),
        ):
            files[f"{base}/{name}"] = json_text({"$comment": header(source, "").strip(), **schema})
    return files


def _field_doc(spec: FieldSpec, code: FieldCode) -> str:
    head = f"{spec.py_name} ({code.annotation}"
    head += ", required)" if code.default is None else f", default {code.default})"
    if spec.wire_name != spec.py_name:
        head += f" [sent as {spec.wire_name!r}]"
    text = " ".join(part for part in (spec.title, spec.description) if part)
    lines = [head + (": " + text if text else "")]
    for rule in spec.rules:
        lines.append(f"    rule {rule.describe()}")
    for fmt in unchecked_formats(spec.schema):
        lines.append(f"    format {fmt!r} is not checked by the client (a plain string)")
    return "\n".join(lines)


def _model_context(spec: ModelSpec, code: ModelsCode) -> dict[str, Any]:
    """What ``model_module.py.j2`` needs; the docstrings as plain text (the template quotes)."""
    by_name = {f.py_name: f for f in spec.fields}
    params = []
    field_docs = []
    for field in code.fields:
        param = f"{field.py_name}: {field.annotation}"
        if field.default is not None:
            param += f" = {field.default}"
        params.append(param)
        if field.py_name in by_name:
            field_docs.append(_field_doc(by_name[field.py_name], field))
    fields_text = "\n".join(field_docs) or "(this model takes no input fields)"
    server_rules = [
        f"{f.py_name}: {r.rule} {r.value}"
        for f in spec.fields
        for r in f.rules
        if r.checked_by == "server"
    ]
    rules_text = (
        "\n\nChecked by the server only (the client cannot check these offline): "
        + "; ".join(server_rules)
        if server_rules
        else ""
    )
    summary = f"RunComfy model ``{spec.model_id}``." + (
        f"\n\n{spec.summary}" if spec.summary else ""
    )
    resource_doc = (
        f"{summary}\n\nClient-side rules (``validations``) are checked on data URIs before any "
        "request; URLs are checked by the server." + rules_text
    )
    typed = typed_params(spec, code)
    payload_text = (
        f"Pass either one positional payload, a ``{spec.input_class}`` or a "
        f"``{typed.input_params}`` dict keyed by the schema's wire names (a mapping loaded from "
        "JSON works too), or keyword arguments. A keyword left out is not sent; the server "
        "applies its default."
    )
    submit_doc = (
        f"Submit a job and return its handle at once.\n\n{payload_text}\n\nFields:\n{fields_text}"
    )
    wait_text = ", ".join(
        f"{o.name}: {o.annotation} = {o.default!r}" for o in contract.WAIT_OPTIONS
    )
    run_doc = (
        "Submit a job, wait for it and return its typed output.\n\n"
        f"{payload_text}\n\nFields:\n{fields_text}\n\n"
        f"Wait options, as ``Job.wait`` takes them: {wait_text}."
    )
    module_doc = (
        f"{spec.model_id}: typed input and output models and the sync and async resources.\n\n"
        f"Generated from {spec.input_file} and {spec.output_file}.\n"
    )
    exports = sorted(
        {spec.resource_class, spec.async_resource_class, *code.class_names}
        | {alias for alias, _ in code.enum_aliases}
        | {typed_dict.name for typed_dict in typed.dicts}
    )
    return {
        "header": header(f"{spec.input_file} and {spec.output_file}"),
        "module_doc": module_doc,
        "m": spec,
        "code": code,
        "typed": typed,
        "import_groups": [group for group in code.import_groups if group],
        "exports": exports,
        "params": params,
        "wait_options": contract.WAIT_OPTIONS,
        "resource_doc": resource_doc,
        "submit_doc": submit_doc,
        "run_doc": run_doc,
        "flavours": [
            {"cls": cls, **flavour}
            for cls, flavour in zip(
                (spec.resource_class, spec.async_resource_class), _FLAVOURS, strict=True
            )
        ],
    }
