"""The frozen intermediate model between parsing and rendering.

Everything a template needs is computed before rendering and stored here; strings that end up
in Python source are stored as ready-made literals (``*_literal``), so schema text can never
break or inject code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["CatalogFacts", "FieldSpec", "ModelSpec", "Rule"]


@dataclass(frozen=True)
class CatalogFacts:
    """What RunComfy's catalog says of a model, kept by ``pull`` in ``schemas/<id>/model.json``.

    Empty for a model added by hand (no ``model.json``).
    """

    display_name: str = ""
    categories: tuple[str, ...] = ()
    price_unit: str = ""


@dataclass(frozen=True)
class Rule:
    """A RunComfy ``validations`` rule, with where it is checked."""

    rule: str
    value: float | int
    message: str
    checked_by: str  # "client" (data URIs, before any request) or "server"

    def describe(self) -> str:
        return f"{self.rule} {self.value} ({self.checked_by}): {self.message}"


@dataclass(frozen=True)
class FieldSpec:
    """A top-level input property."""

    wire_name: str
    py_name: str
    required: bool
    title: str
    description: str
    schema: dict[str, Any] = field(hash=False, compare=True)
    rules: tuple[Rule, ...] = ()


@dataclass(frozen=True)
class ModelSpec:
    """One model: its id, every Python name derived from it, and its normalised schemas."""

    model_id: str
    attr_path: tuple[str, ...]  # client.wan_ai.wan_2_6.image_to_image
    module: str  # runcomfy_client.models.wan_ai.wan_2_6.image_to_image
    module_file: str  # runcomfy_client/models/wan_ai/wan_2_6/image_to_image.py
    class_stem: str  # ImageToImage
    input_class: str
    output_class: str
    resource_class: str
    async_resource_class: str
    input_file: str  # schemas/<id>/input.json, for headers and messages
    output_file: str
    summary: str
    input_schema: dict[str, Any] = field(hash=False)
    output_schema: dict[str, Any] = field(hash=False)
    fields: tuple[FieldSpec, ...] = ()
    examples: tuple[tuple[str, Any], ...] = field(default=(), hash=False)
    catalog: CatalogFacts = CatalogFacts()
    #: the TypedDict of the input keyed by wire names (``ImageToImageParams``); the emitter adds
    #: ``_`` in the rare case a schema's own class already has the name
    params_class: str = ""
    output_kind: str = ""  # image / video / audio, or "" when unknown (contract.output_kind)
    output_kind_source: str = "unknown"  # how output_kind was decided, for docs and messages
