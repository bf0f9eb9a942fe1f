"""Read RunComfy's model catalog: `GET {base}/v1/models?include_schema=true`, every page.

The catalog answers `{"models": [{"model_id", "categories", "input_schema", ...}], "total": N}`
and is paged with `limit`/`offset`, as RunComfy's own CLI reads it. Every way this can go wrong
(no network, a refused key, an HTML error page, a page that ends early) raises `CatalogError`
with one line that says what to do; nothing is returned half-read.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from generator.pipeline.model_facts import facts_document
from generator.runtime import contract

__all__ = ["CatalogEntry", "CatalogError", "base_url_from", "fetch_catalog"]

PAGE_SIZE = 100


class CatalogError(Exception):
    """The catalog could not be read; the message is one line for a person."""


@dataclass(frozen=True)
class CatalogEntry:
    model_id: str
    categories: tuple[str, ...]
    input_schema: Any = field(hash=False)  # checked by the caller, which knows the model id
    # RunComfy's catalog documents no output schema; one is used when an entry carries it.
    output_schema: Any = field(default=None, hash=False)
    # display name, categories, price unit: the content of schemas/<id>/model.json
    facts: dict[str, Any] = field(default_factory=dict, hash=False)


def base_url_from(explicit: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """--base-url, else RUNCOMFY_BASE_URL, else RUNCOMFY_MODEL_API_BASE, else RunComfy's; with
    or without `/v1` (the requests add it), by the client's own rules."""
    return contract.normalise_base_url(contract.resolve_base_url(explicit, environ)[0])


def fetch_catalog(
    client: httpx.Client,
    base_url: str,
    *,
    api_key: str | None,
    key_source: str = "RUNCOMFY_API_KEY",
    category: str | None = None,
    page_size: int = PAGE_SIZE,
) -> list[CatalogEntry]:
    """Every catalog entry, in the order served. The key is sent only in the header."""
    headers = {"Accept": "application/json", "User-Agent": "runcomfy-codegen"}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    entries: list[CatalogEntry] = []
    seen: dict[str, Any] = {}
    offset, total = 0, None
    while total is None or offset < total:
        params: dict[str, str | int] = {
            "include_schema": "true",
            "limit": page_size,
            "offset": offset,
        }
        if category:
            params["category"] = category
        page = _get_page(client, f"{base_url}/v1/models", params, headers, key_source, offset)
        models, page_total = page["models"], page["total"]
        if total is not None and page_total != total:
            raise CatalogError(
                f"the catalog changed while it was being read (total {total} -> {page_total}); "
                "run pull again"
            )
        total = page_total
        if not models and offset < total:
            raise CatalogError(
                f"the catalog ended early: {offset} of {total} models read; run pull again"
            )
        for number, raw in enumerate(models, start=offset):
            entry = _entry(raw, number)
            if entry.model_id in seen:
                if seen[entry.model_id] != entry.input_schema:
                    raise CatalogError(
                        f"the catalog lists {entry.model_id!r} twice with different schemas; "
                        "run pull again"
                    )
                continue
            seen[entry.model_id] = entry.input_schema
            entries.append(entry)
        offset += len(models)
    return entries


def _get_page(
    client: httpx.Client,
    url: str,
    params: Mapping[str, str | int],
    headers: Mapping[str, str],
    key_source: str,
    offset: int,
) -> dict[str, Any]:
    try:
        response = client.get(url, params=params, headers=headers)
    except httpx.HTTPError as exc:
        # The message names the exception, never the request headers (the key).
        raise CatalogError(
            f"cannot reach the catalog at {url} ({type(exc).__name__}: {exc}); "
            "check the network or --base-url / RUNCOMFY_BASE_URL"
        ) from exc
    if response.status_code in (401, 403):
        hint = (
            "RUNCOMFY_API_KEY is not set (nor RUNCOMFY_TOKEN, nor a `runcomfy login` token); "
            "export it"
            if "Authorization" not in headers
            else f"the key from {key_source} was refused; check or regenerate it"
        )
        raise CatalogError(f"the catalog answered HTTP {response.status_code}: {hint}")
    if response.status_code != 200:
        raise CatalogError(
            f"the catalog answered HTTP {response.status_code} at offset {offset}"
            f"{_server_message(response)}; try again later or check --base-url"
        )
    try:
        body = response.json()
    except ValueError as exc:
        kind = response.headers.get("content-type", "no content type")
        raise CatalogError(
            f"the catalog page at offset {offset} is not JSON ({kind}); "
            "is --base-url the RunComfy model API?"
        ) from exc
    if isinstance(body, dict) and "error_code" in body:
        # RunComfy sometimes reports an error as a 200 whose body carries `error_code`.
        raise CatalogError(f"the catalog answered an error{_server_message(response)}")
    if (
        not isinstance(body, dict)
        or not isinstance(body.get("models"), list)
        or not isinstance(body.get("total"), int)
        or isinstance(body.get("total"), bool)
    ):
        raise CatalogError(
            f"the catalog page at offset {offset} is not {{'models': [...], 'total': N}}; "
            "is --base-url the RunComfy model API?"
        )
    return body


def _entry(raw: Any, number: int) -> CatalogEntry:
    if not isinstance(raw, dict) or not isinstance(raw.get("model_id"), str):
        raise CatalogError(f"catalog entry #{number} has no model_id; the catalog is malformed")
    categories = raw.get("categories")
    names = (
        tuple(c for c in categories if isinstance(c, str)) if isinstance(categories, list) else ()
    )
    return CatalogEntry(
        raw["model_id"],
        names,
        raw.get("input_schema"),
        raw.get("output_schema"),
        facts=facts_document(raw),
    )


def _server_message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    if not isinstance(body, dict):
        return ""
    for key in ("error_message", "message", "error", "detail"):
        value = body.get(key)
        if isinstance(value, str) and value:
            return f" ({' '.join(value.split())[:200]})"
    return ""
