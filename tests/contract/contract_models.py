"""The models under contract: each schema folder's normalised schemas, paired with the classes
of whatever ``runcomfy_client`` is importable.

The schemas come from the schemas folder (``RUNCOMFY_SCHEMAS`` / ``--schemas``), normalised by the
generator's loader, and are the reference. The classes come from the importable client, found by
model id through its registry; nothing here knows where that package lives, so ``runcomfy-codegen
verify`` can point the suite at a freshly generated copy.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel

__all__ = ["SCHEMAS_ENV", "ContractModel", "load_contract_models", "schemas_folder"]

SCHEMAS_ENV = "RUNCOMFY_SCHEMAS"


@dataclass(frozen=True, eq=False)  # identity hash: the strategies are cached per model
class ContractModel:
    """One model: the reference schemas (normalised) and how to reach its generated classes."""

    model_id: str
    input_schema: dict[str, Any] = field(repr=False)
    output_schema: dict[str, Any] = field(repr=False)
    examples: tuple[tuple[str, Any], ...] = field(default=(), repr=False)
    # (input class, output class) to judge instead of the registry's: the self-tests bind a
    # client generated from a deliberately wrong schema to the original one this way.
    bound: tuple[type[BaseModel], type[BaseModel]] | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        return f"ContractModel({self.model_id!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # Hypothesis prints falsifying arguments with this; the schemas would drown the report.
        printer.text(repr(self))

    @cached_property
    def input_model(self) -> type[BaseModel]:
        if self.bound is not None:
            return self.bound[0]
        model: type[BaseModel] = _entry(self.model_id).input_model()
        return model

    @cached_property
    def output_model(self) -> type[BaseModel]:
        if self.bound is not None:
            return self.bound[1]
        model: type[BaseModel] = _entry(self.model_id).output_model()
        return model


def _entry(model_id: str) -> Any:
    from runcomfy_client._registry import MODELS

    entry = MODELS.get(model_id)
    if entry is None:
        raise LookupError(
            f"{model_id} is in the schemas folder but not in the client's registry: "
            "run `runcomfy-codegen generate` (or `verify`, which generates a fresh client)"
        )
    return entry


def schemas_folder(option: str | None, rootdir: Path) -> Path:
    """``--schemas``, else ``RUNCOMFY_SCHEMAS``, else ``<rootdir>/schemas``."""
    chosen = option or os.environ.get(SCHEMAS_ENV)
    return Path(chosen) if chosen else rootdir / "schemas"


def load_contract_models(folder: Path) -> list[ContractModel]:
    """Every model below ``folder``; a folder the generator refuses is a collection error."""
    from generator.pipeline.schemas import load_specs

    specs, _warnings = load_specs(folder)
    return [
        ContractModel(
            model_id=spec.model_id,
            input_schema=spec.input_schema,
            output_schema=spec.output_schema,
            examples=tuple(spec.examples),
        )
        for spec in specs
    ]
