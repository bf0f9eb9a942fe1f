"""``models`` (the models this client knows) and ``models show MODEL_ID`` (one model's fields)."""

from __future__ import annotations

import argparse
from typing import Any

from .._contract import printable
from .._registry_types import ModelEntry
from ._exit import OK
from ._fields import describe_fields
from ._parser import Registry, own_options
from ._session import Session

__all__ = ["known_schema", "register"]


def register(registry: Registry) -> None:
    models = registry.add("models", help="list models, or show one's fields", handler=cmd_models)
    show = registry.add(
        "show",
        help="fields, types, defaults and rules of a model (--json: its schemas)",
        handler=cmd_show,
        commands=registry.subcommands(models, "{show}"),
    )
    show.add_argument("model_id", metavar="MODEL_ID")


def known_schema(model_id: str) -> dict[str, Any]:
    """The input schema of a model of this client; a clear error (exit 64) for any other id."""
    from .._client import model_ids, unknown_model
    from .._schemas import load_schema
    from .._urls import check_model_id

    check_model_id(model_id)
    if model_id not in model_ids():
        raise unknown_model(model_id)
    return load_schema(model_id, "input")


def _facts(entry: ModelEntry) -> dict[str, Any]:
    """What ``models --json`` says of a model: the catalog's facts and the output kind."""
    return {
        "model_id": entry.model_id,
        "display_name": entry.display_name,
        "categories": list(entry.categories),
        "price_unit": entry.price_unit,
        "output_kind": entry.output_kind or None,
        "summary": entry.summary,
    }


def _headline(entry: ModelEntry) -> str:
    """One line: the catalog's display name (else the schema's description), categories, price."""
    first_line = entry.summary.strip().split("\n", 1)[0]
    parts = [entry.display_name or first_line]
    if entry.categories:
        parts.append("[" + ", ".join(entry.categories) + "]")
    if entry.price_unit:
        parts.append(f"priced per {entry.price_unit}")
    return printable("  ".join(part for part in parts if part), newlines=False)


def cmd_models(args: argparse.Namespace, session: Session) -> int:
    from .._registry import MODELS

    rows = sorted(MODELS.items())
    if session.output.json:
        session.output.document([_facts(entry) for _, entry in rows])
        return OK
    width = max((len(model_id) for model_id in MODELS), default=0)
    lines = (
        f"{model_id:<{width}}  {entry.output_kind or '?':<5}  {_headline(entry)}".rstrip() + "\n"
        for model_id, entry in rows
    )
    session.output.text("".join(lines))
    return OK


def cmd_show(args: argparse.Namespace, session: Session) -> int:
    from .._registry import MODELS
    from .._schemas import load_schema

    schema = known_schema(args.model_id)
    entry = MODELS[args.model_id]
    if session.output.json:
        output_schema = load_schema(args.model_id, "output")
        session.output.document(
            {**_facts(entry), "input_schema": schema, "output_schema": output_schema}
        )
        return OK
    facts = [
        ("name", entry.display_name),
        ("output", entry.output_kind),
        ("categories", ", ".join(entry.categories)),
        ("price", f"per {entry.price_unit}" if entry.price_unit else ""),
    ]
    text = describe_fields(args.model_id, schema, own_options("run"))
    head, _, rest = text.partition("\n")
    shown = "".join(
        f"  {label}: {printable(value, newlines=False)}\n" for label, value in facts if value
    )
    session.output.text(f"{head}\n{shown}{rest}")
    return OK
