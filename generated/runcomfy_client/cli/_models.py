# generated from templates/runtime/cli/_models.py by runcomfy-codegen; do not edit
"""``models`` (the models this client knows) and ``models show MODEL_ID`` (one model's fields)."""

from __future__ import annotations

import argparse
from typing import Any

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


def cmd_models(args: argparse.Namespace, session: Session) -> int:
    from .._registry import MODELS

    rows = sorted(MODELS.items())
    if session.output.json:
        session.output.document([{"model_id": m, "summary": e.summary} for m, e in rows])
        return OK
    width = max((len(model_id) for model_id in MODELS), default=0)
    session.output.text(
        "".join(f"{model_id:<{width}}  {entry.summary}".rstrip() + "\n" for model_id, entry in rows)
    )
    return OK


def cmd_show(args: argparse.Namespace, session: Session) -> int:
    from .._schemas import load_schema

    schema = known_schema(args.model_id)
    if session.output.json:
        output_schema = load_schema(args.model_id, "output")
        session.output.document(
            {"model_id": args.model_id, "input_schema": schema, "output_schema": output_schema}
        )
    else:
        session.output.text(describe_fields(args.model_id, schema, own_options("run")))
    return OK
