# generated from templates/runtime/testing/_catalog.py by runcomfy-codegen; do not edit
"""The read-only endpoints of the fake: the model catalog and the output files."""

from __future__ import annotations

from collections.abc import Mapping

from ._media import CONTENT_TYPES, media_bytes
from ._models import FakeModel
from ._wire import FakeResponse, error_response, json_response

__all__ = ["catalog_page", "categories", "media_file", "model_entry"]

_MAX_PAGE = 100


def catalog_page(models: Mapping[str, FakeModel], query: Mapping[str, str]) -> FakeResponse:
    """``GET /v1/models``: one page, filtered by ``search`` / ``category``."""
    try:
        limit = min(int(query.get("limit", "50")), _MAX_PAGE)
        offset = int(query.get("offset", "0"))
    except ValueError:
        return error_response(400, 400003, "limit and offset must be integers.")
    if limit < 1 or offset < 0:
        return error_response(400, 400003, "limit must be positive and offset not negative.")
    include_schema = query.get("include_schema", "false").lower() in ("1", "true", "yes")
    search = query.get("search", "").lower()
    category = query.get("category", "")
    chosen = [
        model
        for model in models.values()
        if search in model.model_id.lower() and (not category or category in model.categories)
    ]
    page = [m.catalog_entry(include_schema=include_schema) for m in chosen[offset : offset + limit]]
    return json_response(200, {"models": page, "total": len(chosen)})


def categories(models: Mapping[str, FakeModel]) -> FakeResponse:
    names = sorted({c for model in models.values() for c in model.categories})
    return json_response(200, {"categories": names})


def model_entry(models: Mapping[str, FakeModel], model_id: str) -> FakeResponse:
    model = models.get(model_id)
    if model is None:
        return error_response(404, 404001, f"Model {model_id!r} does not exist.")
    return json_response(200, model.catalog_entry(include_schema=True))


def media_file(path: str) -> FakeResponse:
    """``GET /files/<name>.<png|mp4|wav>``: output files, no key needed (like real output hosts)."""
    name = path.rsplit("/", 1)[-1]
    stem, _, extension = name.rpartition(".")
    if extension not in CONTENT_TYPES:
        return error_response(404, 404001, f"No such file: {name}")
    digits = stem.rpartition("-")[2]
    index = int(digits) if digits.isdigit() else 0
    body = media_bytes(extension, index)
    return FakeResponse(200, {"content-type": CONTENT_TYPES[extension]}, body)
