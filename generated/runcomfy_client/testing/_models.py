# generated from templates/runtime/testing/_models.py by runcomfy-codegen; do not edit
"""The models a fake serves: from the generated registry, or from an explicit catalog.

An explicit catalog (a list of entries shaped like ``GET /v1/models?include_schema=true``
answers) lets a test serve an older or newer catalogue than the installed client knows, which
is how ``runcomfy-codegen pull`` is tested.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from .._contract import output_kind, standard_output

__all__ = ["FakeModel", "Problem", "models_from_catalog", "models_from_registry"]

Problem = dict[str, Any]
"""One entry of a 422 ``detail`` list: ``{"loc": ["body", field], "msg": ..., "type": ...}``."""

Validator = Callable[[dict[str, Any]], list[Problem]]


@dataclass(frozen=True, slots=True)
class FakeModel:
    """What the fake knows of one model."""

    model_id: str
    input_schema: dict[str, Any]
    output_schema: dict[str, Any]
    validate: Validator
    display_name: str = ""
    categories: tuple[str, ...] = ()
    #: image / video / audio, or None when nothing says (the fake then answers with each kind)
    output_kind: str | None = None
    price_unit: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def catalog_entry(self, *, include_schema: bool) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "model_id": self.model_id,
            "display_name": self.display_name or self.model_id,
            "categories": list(self.categories),
            "kind": "model",
        }
        if self.price_unit:
            entry["price_unit"] = self.price_unit
        entry.update(self.extra)
        if include_schema:
            entry["input_schema"] = self.input_schema
            # The same shape as schemas/<model_id>/output.json: the fields of the result's output.
            entry["output_schema"] = {"output": self.output_schema}
        return entry


def _pydantic_validator(model_id: str) -> Validator:
    def validate(body: dict[str, Any]) -> list[Problem]:
        from .._registry import MODELS

        input_model = MODELS[model_id].input_model()
        try:
            input_model.model_validate(body)
        except ValidationError as exc:
            return [
                {
                    "loc": ["body", *(str(part) for part in error["loc"])],
                    "msg": error["msg"],
                    "type": error["type"],
                }
                for error in exc.errors(include_url=False, include_context=False)
            ]
        return []

    return validate


def models_from_registry(model_ids: Iterable[str] | None = None) -> dict[str, FakeModel]:
    """Every model of the generated registry (or the named ones), schemas read lazily here.

    Display name, categories and price unit are what the catalog said when the schemas were
    pulled (none for a model added by hand: the fake does not make them up).
    """
    from .._registry import MODELS
    from .._schemas import load_schema

    wanted = sorted(MODELS) if model_ids is None else list(model_ids)
    unknown = [model_id for model_id in wanted if model_id not in MODELS]
    if unknown:
        raise KeyError(
            f"not in the registry: {', '.join(unknown)}; known: {', '.join(sorted(MODELS))}"
        )
    return {
        model_id: FakeModel(
            model_id=model_id,
            input_schema=load_schema(model_id, "input"),
            output_schema=load_schema(model_id, "output"),
            validate=_pydantic_validator(model_id),
            display_name=MODELS[model_id].display_name,
            categories=MODELS[model_id].categories,
            output_kind=MODELS[model_id].output_kind or None,
            price_unit=MODELS[model_id].price_unit,
        )
        for model_id in wanted
    }


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "float": (int, float),  # RunComfy's dialect, as served by the real catalog
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}


def _schema_validator(schema: Mapping[str, Any]) -> Validator:
    """A shallow check for catalog models the client has no generated class for.

    Only required fields, top-level types and enums: the generated package cannot depend on a
    JSON Schema library, and a catalog-only model is there to be listed more than to be run.
    """
    properties: Mapping[str, Any] = schema.get("properties", {})
    required: Sequence[str] = [name for name in schema.get("required", []) if name in properties]

    def validate(body: dict[str, Any]) -> list[Problem]:
        problems: list[Problem] = []
        for name in required:
            if name not in body:
                problems.append({"loc": ["body", name], "msg": "Field required", "type": "missing"})
        for name, value in body.items():
            prop = properties.get(name)
            if prop is None:
                problems.append(
                    {
                        "loc": ["body", name],
                        "msg": "Extra inputs are not permitted",
                        "type": "extra_forbidden",
                    }
                )
                continue
            kinds = _JSON_TYPES.get(str(prop.get("type")), (object,))
            wrong_bool = isinstance(value, bool) and bool not in kinds
            if not isinstance(value, kinds) or wrong_bool:
                problems.append(
                    {
                        "loc": ["body", name],
                        "msg": f"Input should be of type {prop.get('type')}",
                        "type": "type_error",
                    }
                )
            elif "enum" in prop and value not in prop["enum"]:
                problems.append(
                    {
                        "loc": ["body", name],
                        "msg": f"Input should be one of {prop['enum']}",
                        "type": "enum",
                    }
                )
        return problems

    return validate


def _output_schema_of(entry: Mapping[str, Any]) -> dict[str, Any]:
    schema = entry.get("output_schema")
    if not isinstance(schema, dict):
        return standard_output()  # what generate uses for a model without output.json
    # Accept both the output.json shape ({"output": {...}}) and the bare object schema.
    inner = schema.get("output")
    if isinstance(inner, dict) and "properties" not in schema:
        return inner
    return schema


def models_from_catalog(entries: Iterable[Mapping[str, Any]]) -> dict[str, FakeModel]:
    """Models from catalog entries; unknown entry keys are served back as they are."""
    models: dict[str, FakeModel] = {}
    known = {
        "model_id",
        "display_name",
        "categories",
        "input_schema",
        "output_schema",
        "kind",
        "price_unit",
    }
    for entry in entries:
        model_id = entry.get("model_id")
        if not isinstance(model_id, str):
            raise ValueError(f"catalog entry without a string model_id: {dict(entry)!r:.200}")
        input_schema = entry.get("input_schema")
        if not isinstance(input_schema, dict):
            input_schema = {"type": "object", "properties": {}}
        output_schema = _output_schema_of(entry)
        categories = tuple(str(c) for c in entry.get("categories", ()))
        models[model_id] = FakeModel(
            model_id=model_id,
            input_schema=input_schema,
            output_schema=output_schema,
            validate=_schema_validator(input_schema),
            display_name=str(entry.get("display_name", model_id)),
            categories=categories,
            output_kind=output_kind(model_id, output_schema, categories).kind,
            price_unit=str(entry.get("price_unit") or ""),
            extra={key: value for key, value in entry.items() if key not in known},
        )
    return dict(sorted(models.items()))
