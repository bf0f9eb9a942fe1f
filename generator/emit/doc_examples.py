"""The example request of a model's reference page, and its Python and CLI forms.

The model's first ``examples/*.json`` when it has one (a real request body, checked by the
contract suite); otherwise one made from the input schema: the required fields (or, when none is
required, the first one) with their default, first choice, a bound or a placeholder. The made-up
body is checked against the schema here; where a placeholder cannot satisfy it (a ``pattern``),
the page says which values to adjust.
"""

from __future__ import annotations

import math
import shlex
from dataclasses import dataclass
from typing import Any

from generator.emit.markdown import json_shown
from generator.pipeline.naming import field_name
from generator.pipeline.schema_checks import validator_for
from generator.pipeline.spec import ModelSpec
from generator.runtime import contract

__all__ = ["Example", "example_of", "resolve_ref"]

_MEDIA_URLS = {
    "image_uri": "https://example.com/photo.png",
    "video_uri": "https://example.com/clip.mp4",
    "audio_uri": "https://example.com/sound.wav",
    "uri": "https://example.com/file",
}


@dataclass(frozen=True)
class Example:
    source: str  # where the body comes from, e.g. "examples/radio-hosts.json"
    body: dict[str, Any]
    python: str  # a script
    cli: str  # a shell command
    problems: tuple[str, ...]  # placeholders that do not satisfy the schema yet


def _first_type(schema: dict[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    return str(kind or ("object" if "properties" in schema else "any"))


def _number(schema: dict[str, Any], integer: bool) -> int | float:
    low = schema.get("minimum")
    if low is None and "exclusiveMinimum" in schema:
        low = schema["exclusiveMinimum"] + (1 if integer else 0.5)
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    value: float = low if low is not None else 0
    if high is not None and value > high:
        value = high
    step = schema.get("multipleOf")
    if isinstance(step, int | float) and step > 0:
        value = math.ceil(value / step) * step
    return int(value) if integer else float(value)


def resolve_ref(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """A local ``$ref`` (``#/definitions/Node``) followed to its schema."""
    ref = schema.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/"):
        return schema
    node: Any = root
    for part in ref[2:].split("/"):
        node = (
            node.get(part.replace("~1", "/").replace("~0", "~")) if isinstance(node, dict) else None
        )
    return node if isinstance(node, dict) else {}


def _value(schema: Any, root: dict[str, Any], depth: int = 0) -> Any:
    if not isinstance(schema, dict) or depth > 8:  # a recursive schema that requires itself
        return None
    schema = resolve_ref(schema, root)
    for key in ("default", "const"):
        if key in schema:
            return schema[key]
    if schema.get("enum"):
        return schema["enum"][0]
    for key in ("anyOf", "oneOf"):
        options = [
            o for o in schema.get(key) or [] if isinstance(o, dict) and o.get("type") != "null"
        ]
        if options:
            return _value(options[0], root, depth + 1)
    kind = _first_type(schema)
    if kind == "string":
        fmt = schema.get("format")
        if fmt in _MEDIA_URLS:
            return _MEDIA_URLS[fmt]
        text = "..." * max(1, -(-int(schema.get("minLength", 0)) // 3))
        return text[: max(int(schema.get("maxLength", len(text))), 1)]
    if kind in ("integer", "number"):
        return _number(schema, kind == "integer")
    if kind == "boolean":
        return False
    if kind == "array":
        count = max(int(schema.get("minItems", 1)), 1)
        count = min(count, int(schema.get("maxItems", count)))
        return [_value(schema.get("items", {}), root, depth + 1) for _ in range(count)]
    if kind == "object":
        return _object(schema, root, depth + 1)
    return None


def _object(schema: dict[str, Any], root: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    properties = schema.get("properties") or {}
    wanted = [name for name in properties if name in set(schema.get("required") or [])]
    return {name: _value(properties[name], root, depth) for name in wanted}


def _made_up(spec: ModelSpec) -> dict[str, Any]:
    root = spec.input_schema
    body = _object(root, root)
    properties = root.get("properties") or {}
    if not body and properties:
        first = next(iter(properties))
        body[first] = _value(properties[first], root)
    return body


def _problems(spec: ModelSpec, body: dict[str, Any]) -> tuple[str, ...]:
    validator = validator_for(spec.input_schema)
    return tuple(
        f"{'/'.join(str(p) for p in error.absolute_path) or '(body)'}: {error.message}"
        for error in sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    )


def _has_objects(value: Any) -> bool:
    if isinstance(value, dict):
        return True
    return isinstance(value, list) and any(_has_objects(item) for item in value)


def _output_field(spec: ModelSpec) -> str | None:
    """The output field a user reads: the one the fake fills for the model's kind, if known."""
    if not spec.output_kind:
        return None
    wire = contract.main_output_field(spec.output_schema, spec.output_kind)
    return field_name(wire) if wire is not None else None


def _python(spec: ModelSpec, params_class: str, body: dict[str, Any]) -> str:
    resource = "client." + ".".join(spec.attr_path)
    read = _output_field(spec)
    shown = f"output.{read}" if read else "output"
    lines = [
        "from runcomfy_client import RunComfy",
        f"from {spec.module} import {params_class}",
        "",
        "client = RunComfy()  # the API key from RUNCOMFY_API_KEY",
        f"payload: {params_class} = {{",
        *(f"    {k!r}: {v!r}," for k, v in body.items()),
        "}",
        f"output = {resource}.run(payload)  # submit, wait, typed output",
        f"print({shown})",
    ]
    if not any(_has_objects(value) for value in body.values()):
        py_names = {f.wire_name: f.py_name for f in spec.fields}
        lines += [
            "",
            "# the same with keyword arguments (Python names, with the schema's defaults):",
            f"output = {resource}.run(",
            *(f"    {py_names.get(k, field_name(k))}={v!r}," for k, v in body.items()),
            ")",
        ]
    return "\n".join(lines)


def example_of(spec: ModelSpec, params_class: str) -> Example:
    if spec.examples:
        name, body = spec.examples[0]
        source = f"examples/{name}"
    else:
        body, source = _made_up(spec), "made from the input schema"
    if not isinstance(body, dict):
        body, source = _made_up(spec), "made from the input schema"
    cli = f"runcomfy-py run {shlex.quote(spec.model_id)} --input {shlex.quote(json_shown(body))}"
    return Example(
        source=source,
        body=body,
        python=_python(spec, params_class, body),
        cli=cli,
        problems=_problems(spec, body),
    )
