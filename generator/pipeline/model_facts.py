"""``schemas/<model_id>/model.json``: what RunComfy's catalog says of a model, beside its schemas.

``runcomfy-codegen pull`` writes it from the catalog entry (display name, categories, price unit);
``load`` reads it back into ``CatalogFacts``. The generator carries the facts into the client's
registry, where the fake server, ``runcomfy-py models`` and the model reference pages use them.
The file is optional: a model added by hand has none.

The key names are written once, here, for both sides.
"""

from __future__ import annotations

import re
from typing import Any

from generator.pipeline.diagnostics import Diagnostic, pointer_join
from generator.pipeline.spec import CatalogFacts

__all__ = ["FACT_KEYS", "MODEL_FILE", "facts_document", "read_facts"]

MODEL_FILE = "model.json"
#: catalog entry key -> what it holds; the file holds these keys only
FACT_KEYS = ("display_name", "categories", "price_unit")
# One line of plain text: a display name ends up in a terminal, a docstring and a Markdown table.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def facts_document(entry: dict[str, Any]) -> dict[str, Any]:
    """The ``model.json`` content for a catalog entry: the fact keys it has, with sane types.

    Values of the wrong type are left out (the catalog is not ours to fix); an empty result
    means the entry carries no facts and no file is written.
    """
    out: dict[str, Any] = {}
    name = entry.get("display_name")
    if isinstance(name, str) and name.strip():
        out["display_name"] = name
    categories = entry.get("categories")
    if isinstance(categories, list | tuple):
        names = [c for c in categories if isinstance(c, str) and c.strip()]
        if names:
            out["categories"] = names
    unit = entry.get("price_unit")
    if isinstance(unit, str) and unit.strip():
        out["price_unit"] = unit
    return out


def _one_line(value: str, display: str, pointer: str, problems: list[Diagnostic]) -> str:
    clean = " ".join(_CONTROL.sub(" ", value).split())
    if clean != value.strip():
        problems.append(
            Diagnostic(
                display,
                pointer,
                "line breaks or control characters replaced by spaces (a fact is one line of text)",
                "warning",
            )
        )
    return clean


def read_facts(data: Any, display: str, problems: list[Diagnostic]) -> CatalogFacts:
    """``CatalogFacts`` from a parsed ``model.json``; every problem is appended to ``problems``."""
    if not isinstance(data, dict):
        problems.append(
            Diagnostic(
                display,
                "",
                'expected an object such as {"display_name": "...", "categories": ["..."], '
                '"price_unit": "..."}; fix the file or remove it',
            )
        )
        return CatalogFacts()
    for key in sorted(set(data) - set(FACT_KEYS)):
        problems.append(
            Diagnostic(
                display,
                pointer_join("", key),
                f"unknown key {key!r} ignored; the file holds {', '.join(FACT_KEYS)}",
                "warning",
            )
        )
    name = data.get("display_name", "")
    if not isinstance(name, str):
        problems.append(
            Diagnostic(display, "/display_name", "must be a string; fix or remove the key")
        )
        name = ""
    unit = data.get("price_unit", "")
    if not isinstance(unit, str):
        problems.append(
            Diagnostic(
                display,
                "/price_unit",
                "must be a string such as 'output' or 'second'; fix or remove the key",
            )
        )
        unit = ""
    raw_categories = data.get("categories", [])
    categories: list[str] = []
    if not isinstance(raw_categories, list):
        problems.append(
            Diagnostic(display, "/categories", "must be a list of strings; fix or remove the key")
        )
        raw_categories = []
    for index, category in enumerate(raw_categories):
        where = pointer_join("/categories", index)
        if not isinstance(category, str):
            problems.append(Diagnostic(display, where, "a category must be a string"))
            continue
        clean = _one_line(category, display, where, problems)
        if clean and clean not in categories:
            categories.append(clean)
    return CatalogFacts(
        display_name=_one_line(name, display, "/display_name", problems),
        categories=tuple(categories),
        price_unit=_one_line(unit, display, "/price_unit", problems),
    )
