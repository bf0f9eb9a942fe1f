# generated from templates/runtime/_registry_types.py by runcomfy-codegen; do not edit
"""What the generated registry records of each model, and how a model module is loaded.

The registry names modules and classes as strings, so ``import runcomfy_client`` imports no
model module: each is imported the first time it is used.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

__all__ = ["ModelEntry", "import_class", "import_resource"]


@dataclass(frozen=True, slots=True)
class ModelEntry:
    """One model of the registry."""

    model_id: str
    module: str
    input_class: str
    output_class: str
    resource_class: str
    async_resource_class: str
    attr_path: tuple[str, ...]
    summary: str = ""  # the input schema's description
    #: what RunComfy's catalog says of the model (``schemas/<model_id>/model.json``, written by
    #: ``runcomfy-codegen pull``); empty when the model was added by hand
    display_name: str = ""
    categories: tuple[str, ...] = ()
    price_unit: str = ""
    #: ``image`` / ``video`` / ``audio``, or "" when unknown (``_contract.output_kind``)
    output_kind: str = ""

    def input_model(self) -> type[BaseModel]:
        model: type[BaseModel] = import_class(self.module, self.input_class)
        return model

    def output_model(self) -> type[BaseModel]:
        model: type[BaseModel] = import_class(self.module, self.output_class)
        return model


def import_class(module: str, name: str) -> Any:
    """``getattr(importlib.import_module(module), name)``, for registry entries."""
    return getattr(importlib.import_module(module), name)


def import_resource(entry: ModelEntry, *, async_: bool = False) -> Any:
    """The generated resource class of ``entry`` (the async one with ``async_=True``)."""
    return import_class(
        entry.module, entry.async_resource_class if async_ else entry.resource_class
    )
