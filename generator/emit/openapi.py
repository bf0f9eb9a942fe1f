"""An OpenAPI 3.1 document of the RunComfy Model API for the models in ``schemas/``.

Pure: ``build_openapi(specs)`` returns a dict; ``emit_openapi`` writes it as
``generated/openapi.json``. One submit operation per model (its input schema is the request
body), the three shared request operations and the catalog endpoint. Everything is sorted, so
the document depends only on the schemas.

The bodies here describe what the real API sends: ``succeeded`` on
``/result`` where ``/status`` says ``completed``, cancel answering 202 with an ``outcome``, and
error bodies carrying a numeric ``error_code``. Status strings are left open (any string), as
RunComfy's own tools treat them, with the known values listed in the description.

Class names: code generators (openapi-python-client, datamodel-code-generator) name the class of
an object or enum schema after its ``title``. RunComfy's titles are labels, often the same for
every model and often Chinese (``输入结构``, ``宽高比(宽:高)``), so two models' inputs would both
become ``InputSchema``. Every component's title is therefore its (unique) component name, and
a schema nested in it has no title, so tools name it after its place
(``WanAiWan26ImageToImageInputImageSize``); the schema's own label is kept as
``x-runcomfy-title``. See ``class_names``.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterable, Mapping
from typing import Any

from generator.emit.base import EmitJob, json_text
from generator.pipeline.keywords import map_children
from generator.pipeline.spec import ModelSpec

__all__ = ["OPENAPI_VERSION", "build_openapi", "class_names", "component_stem", "emit_openapi"]

OPENAPI_VERSION = "3.1.0"
_REF = "#/components/schemas/"
_ERROR_STATUSES = {
    "400": "Malformed request or invalid id (error_code 400001).",
    "401": "Missing or invalid API key.",
    "402": "No remaining balance (error_code 400002).",
    "403": "The resource belongs to another account (error_code 403001).",
    "404": "Unknown, deleted or expired resource (error_code 404001).",
    "429": "Rate limited; retry after the Retry-After header.",
    "500": "Server error; retry GETs with backoff.",
}
_REQUEST_ID = {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,128}$"}
_TIMESTAMP = {"type": "string", "description": "When it happened (ISO 8601)."}


def component_stem(spec: ModelSpec) -> str:
    """A component name unique per model, from its attribute path.

    ``wan_ai.wan_2_6.image_to_image`` -> ``WanAiWan26ImageToImage``; the class stem alone
    (``ImageToImage``) is shared by models of different providers.
    """
    return "".join(word.capitalize() for part in spec.attr_path for word in part.split("_"))


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _REF + name}


def _json(schema_name: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": _ref(schema_name)}},
    }


def _errors(*codes: str) -> dict[str, Any]:
    return {code: _json("Error", _ERROR_STATUSES[code]) for code in codes}


def _free_name(name: str, taken: Iterable[str]) -> str:
    """``name``, or ``name2``, ``name3``... when it is taken: component names never collide."""
    used = set(taken)
    candidate, n = name, 2
    while candidate in used:
        candidate, n = f"{name}{n}", n + 1
    return candidate


def _portable(schema: Mapping[str, Any], component: str, hoisted: dict[str, Any]) -> dict[str, Any]:
    """A copy fit for ``components``: RunComfy's ``validations`` keyword prefixed ``x-``.

    The loader has inlined every ``$ref`` but the recursive ones, which point at the root or at a
    definition; definitions move to components as ``<component><Name>`` and those references
    follow them, so they resolve in the shared document. Only schema keywords are walked: a
    default or an enum value holding a ``properties`` or ``$ref`` key is data.
    """
    renames = {"#": _REF + component}
    moved: dict[str, Any] = {}
    for key in ("$defs", "definitions"):
        for name, sub in sorted((schema.get(key) or {}).items()):
            hoisted_name = _free_name(component + name, {*hoisted, *moved, component})
            renames[f"#/{key}/{name}"] = _REF + hoisted_name
            moved[hoisted_name] = sub

    def fix(node: Any) -> Any:
        if not isinstance(node, dict):
            return copy.deepcopy(node)
        out = map_children(node, lambda _path, sub: fix(sub))
        if isinstance(out.get("$ref"), str):
            out["$ref"] = renames.get(out["$ref"], out["$ref"])
        if "validations" in out:
            out["x-runcomfy-validations"] = out.pop("validations")
        return out

    for name, sub in moved.items():
        hoisted[name] = fix(sub)
    body = {k: v for k, v in schema.items() if k not in ("$schema", "$id", "$defs", "definitions")}
    fixed: dict[str, Any] = fix(body)
    return fixed


_ORIGINAL_TITLE = "x-runcomfy-title"
# keywords whose value is a schema or a list of schemas (maps of schemas are handled apart)
_SUBSCHEMA_KEYS = frozenset(
    {"items", "additionalProperties", "not", "anyOf", "oneOf", "allOf", "prefixItems", "contains"}
)


def class_names(schemas: dict[str, Any]) -> dict[str, Any]:
    """``schemas`` (components) with titles that name classes uniquely.

    A component is titled by its key, which is unique. A schema inside it has no title, so tools
    name its class or type after its place (``<Component><Property>``, as openapi-python-client
    and datamodel-code-generator do), never after a label shared by many models (some tools name
    even a constrained string after its title). A title that changes or goes is kept as
    ``x-runcomfy-title``.
    """

    def retitled(node: Any, component: str | None = None) -> Any:
        if isinstance(node, list):
            return [retitled(item) for item in node]
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in ("properties", "patternProperties", "$defs") and isinstance(value, dict):
                out[key] = {name: retitled(sub) for name, sub in value.items()}
            elif key in _SUBSCHEMA_KEYS:
                out[key] = retitled(value)
            elif key != "title":
                out[key] = value
        label = node.get("title")
        if label is not None and label != component:
            out[_ORIGINAL_TITLE] = label
        return out if component is None else {"title": component, **out}

    return {key: retitled(schema, key) for key, schema in sorted(schemas.items())}


def _shared_schemas() -> dict[str, Any]:
    status_values = "in_queue, in_progress, completed, cancelled; RunComfy's tools also see failed"
    return {
        "Error": {
            "type": "object",
            "description": (
                "RunComfy's error body; some endpoints send it with HTTP 200, so check every body."
            ),
            "required": ["error_code"],
            "properties": {
                "error_code": {"type": "integer", "examples": [404001]},
                "error_message": {"type": "string"},
                "message": {"type": "string"},
                "detail": {
                    "description": "More detail; a list of {loc, msg, type} for validation errors."
                },
            },
        },
        "SubmitResponse": {
            "type": "object",
            "required": ["request_id"],
            "properties": {
                "request_id": _REQUEST_ID,
                "status_url": {"type": "string", "format": "uri"},
                "result_url": {"type": "string", "format": "uri"},
                "cancel_url": {"type": "string", "format": "uri"},
            },
        },
        "StatusResponse": {
            "type": "object",
            "required": ["request_id", "status"],
            "properties": {
                "request_id": _REQUEST_ID,
                "status": {"type": "string", "description": f"One of {status_values}."},
                "queue_position": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Only while in_queue.",
                },
                "status_url": {"type": "string", "format": "uri"},
                "result_url": {"type": "string", "format": "uri"},
            },
        },
        "ResultResponse": {
            "type": "object",
            "required": ["request_id", "status"],
            "description": "Before completion: the current status and no output.",
            "properties": {
                "request_id": _REQUEST_ID,
                "status": {
                    "type": "string",
                    "description": "succeeded, failed, in_queue, in_progress or cancelled.",
                },
                "queue_position": {"type": "integer", "minimum": 0},
                "output": {
                    "type": "object",
                    "description": "Only when succeeded; shaped like the model's *Output schema.",
                },
                "error": {"description": "Why the job failed, when it failed."},
                "created_at": _TIMESTAMP,
                "finished_at": _TIMESTAMP,
            },
        },
        "CancelResponse": {
            "type": "object",
            "required": ["request_id", "outcome"],
            "properties": {
                "request_id": _REQUEST_ID,
                "status": {"type": "string"},
                "outcome": {
                    "type": "string",
                    "description": "cancelled, or not_cancellable once the job runs or has ended.",
                    "examples": ["cancelled", "not_cancellable"],
                },
            },
        },
        "CatalogEntry": {
            "type": "object",
            "required": ["model_id"],
            "properties": {
                "model_id": {"type": "string"},
                "display_name": {"type": "string"},
                "categories": {"type": "array", "items": {"type": "string"}},
                "kind": {"type": "string"},
                "input_schema": {"type": "object", "description": "With include_schema=true."},
                "output_schema": {"type": "object"},
            },
        },
        "CatalogPage": {
            "type": "object",
            "required": ["models", "total"],
            "properties": {
                "models": {"type": "array", "items": _ref("CatalogEntry")},
                "total": {"type": "integer", "minimum": 0},
            },
        },
    }


def _request_path(leaf: str, method: str, summary: str, schema: str, code: str) -> dict[str, Any]:
    operation = {
        "operationId": f"{leaf}_request",
        "summary": summary,
        "tags": ["requests"],
        "parameters": [
            {"name": "request_id", "in": "path", "required": True, "schema": _REQUEST_ID}
        ],
        "responses": {
            code: _json(schema, summary),
            **_errors("400", "401", "403", "404", "429", "500"),
        },
    }
    return {method: operation}


def _catalog_path() -> dict[str, Any]:
    def query(name: str, schema: dict[str, Any]) -> dict[str, Any]:
        return {"name": name, "in": "query", "required": False, "schema": schema}

    return {
        "get": {
            "operationId": "list_models",
            "summary": "List models, with their input schemas when include_schema=true.",
            "tags": ["catalog"],
            "parameters": [
                query("include_schema", {"type": "boolean", "default": False}),
                query("limit", {"type": "integer", "minimum": 1, "maximum": 100}),
                query("offset", {"type": "integer", "minimum": 0}),
                query("search", {"type": "string"}),
                query("category", {"type": "string"}),
            ],
            "responses": {
                "200": _json("CatalogPage", "One page of the catalog."),
                **_errors("401", "429", "500"),
            },
        }
    }


def build_openapi(specs: Iterable[ModelSpec]) -> dict[str, Any]:
    """The OpenAPI 3.1 document for ``specs`` (order does not matter)."""
    schemas: dict[str, Any] = _shared_schemas()
    paths: dict[str, Any] = {}
    for spec in sorted(specs, key=lambda s: s.model_id):
        # attribute paths are unique, their PascalCase nearly so (wan_2_6 and wan_26 are not)
        base = stem = component_stem(spec)
        for n in itertools.count(2):
            if not any(f"{stem}{part}" in schemas for part in ("Input", "Output", "Result")):
                break
            stem = f"{base}{n}"
        schemas[f"{stem}Input"] = _portable(spec.input_schema, f"{stem}Input", schemas)
        schemas[f"{stem}Output"] = _portable(spec.output_schema, f"{stem}Output", schemas)
        schemas[f"{stem}Result"] = {
            "allOf": [_ref("ResultResponse"), {"properties": {"output": _ref(f"{stem}Output")}}],
            "description": f"The /result body of a {spec.model_id} request.",
        }
        paths[f"/v1/models/{spec.model_id}"] = {
            "post": {
                "operationId": "submit_" + "_".join(spec.attr_path),
                "summary": spec.summary or f"Submit a {spec.model_id} request.",
                "tags": ["models"],
                "x-runcomfy-model-id": spec.model_id,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref(f"{stem}Input")}},
                },
                "responses": {
                    "200": _json("SubmitResponse", "Queued; poll status_url."),
                    "422": _json(
                        "Error", "The body does not match the input schema (error_code 422001)."
                    ),
                    **_errors("400", "401", "402", "404", "429", "500"),
                },
            }
        }
    paths["/v1/models"] = _catalog_path()
    paths["/v1/requests/{request_id}/status"] = _request_path(
        "status", "get", "The job's status.", "StatusResponse", "200"
    )
    paths["/v1/requests/{request_id}/result"] = _request_path(
        "result", "get", "The job's result, or its current status.", "ResultResponse", "200"
    )
    paths["/v1/requests/{request_id}/cancel"] = _request_path(
        "cancel", "post", "Cancel a queued job.", "CancelResponse", "202"
    )
    return {
        # OpenAPI allows x- keys at the root: the do-not-edit line can come first, as elsewhere.
        "x-generated": "generated from schemas/ by runcomfy-codegen; do not edit",
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "RunComfy Model API",
            "version": "1",
            "description": "Generated by runcomfy-codegen from schemas/; do not edit.",
        },
        "servers": [{"url": "https://model-api.runcomfy.net"}],
        "security": [{"bearerAuth": []}],
        "tags": [{"name": name} for name in ("catalog", "models", "requests")],
        "paths": dict(sorted(paths.items())),
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": class_names(schemas),
        },
    }


def emit_openapi(job: EmitJob) -> dict[str, str]:
    """``openapi.json``: a JSON file cannot carry the do-not-edit header, so ``x-generated`` and
    ``info.description`` say it."""
    return {"openapi.json": json_text(build_openapi(job.specs))}
