"""What every emitter gets and shares.

An emitter is a function ``EmitJob -> {relative path: text}`` for one artifact of the output
folder (``emit.render.EMITTERS`` lists them). ``EmitJob`` holds everything computed once per run:
the specs, their pydantic code, the one Jinja environment, the release and the fingerprint.
Templates quote schema text with the filters registered here (``| py``, ``| docstring``,
``| toml``), never with Python string building.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jinja2

from generator.emit.quoting import docstring, literal, toml_string
from generator.pipeline.release_record import UNRELEASED_VERSION, ReleaseRecord
from generator.pipeline.spec import ModelSpec
from generator.runtime import TEMPLATES_DIR

if TYPE_CHECKING:  # the library behind it is imported only where models are built
    from generator.emit.pydantic_gen import ModelsCode

__all__ = ["PACKAGE", "EmitJob", "Emitter", "header", "json_text", "make_env"]

PACKAGE = "runcomfy_client"
_LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


@dataclass(frozen=True)
class EmitJob:
    specs: tuple[ModelSpec, ...]
    models: Mapping[str, ModelsCode]  # model_id -> its pydantic classes
    env: jinja2.Environment
    release: ReleaseRecord | None  # None: never released (see pipeline.release_record)
    fingerprint: str  # sha256 of what shapes the output besides the inputs (emit.fingerprint)

    @property
    def version(self) -> str:
        """The package version: the last release's, or 0.0.0 before the first."""
        return UNRELEASED_VERSION if self.release is None else self.release.version


Emitter = Callable[[EmitJob], dict[str, str]]


def make_env() -> jinja2.Environment:
    """The strict Jinja environment of one run, with the quoting filters."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["py"] = literal
    env.filters["docstring"] = docstring
    env.filters["toml"] = toml_string
    return env


def header(source: str, comment: str = "#") -> str:
    """The do-not-edit line that starts every emitted file; always one line."""
    return (
        f"{comment} generated from {_LINE_BREAKS.sub('?', source)} by runcomfy-codegen; do not edit"
    )


def json_text(data: Any) -> str:
    """An emitted JSON document: two-space indent, non-ASCII kept, key order as given."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
