"""RunComfy's custom string formats, as the contract suite's oracle sees them.

``image_uri``, ``video_uri``, ``audio_uri`` and ``uri`` mean "an http(s) URL with a host, or an
RFC 2397 ``data:`` URI" (README and ``runcomfy_client._types``). This module is written from
that rule, not copied from the client or the generator, so a drift in either is caught:

* ``format_checker()``: a jsonschema ``FormatChecker`` that enforces the rule;
* ``format_strategies()``: hypothesis strategies that draw such values (URLs and small data URIs);
* ``drawable()``: the copy of a schema that hypothesis-jsonschema draws from.
"""

from __future__ import annotations

import base64
import copy
import re
from typing import Any

import jsonschema
from hypothesis import strategies as st

__all__ = [
    "BAD_URIS",
    "CUSTOM_FORMATS",
    "drawable",
    "format_checker",
    "format_strategies",
    "is_uri",
]

CUSTOM_FORMATS = ("image_uri", "video_uri", "audio_uri", "uri")
_MEDIA = {
    "image_uri": "image/png",
    "video_uri": "video/mp4",
    "audio_uri": "audio/wav",
    "uri": "application/octet-stream",
}
# hypothesis-jsonschema refuses to redefine a standard format ("uri" is one, with the RFC 3986
# meaning, which is wider than RunComfy's), so the drawing copy renames every custom format.
_DRAW_PREFIX = "x-contract-"

_HTTP_URL = re.compile(r"^https?://[^\s/?#]+\S*$", re.IGNORECASE)
_DATA_URI = re.compile(r"^data:[^,]*,", re.IGNORECASE)

#: values every custom format must refuse (and the generated models with it)
BAD_URIS = ("not a url", "ftp://files.example.com/a.png", "/tmp/a.png", "https://", "file:///a.png")


def is_uri(value: object) -> bool:
    """The rule itself. Non-strings pass: ``type`` is another keyword's business."""
    if not isinstance(value, str):
        return True
    return bool(_HTTP_URL.match(value) or _DATA_URI.match(value))


def format_checker() -> jsonschema.FormatChecker:
    """jsonschema's default format checks plus RunComfy's custom formats."""
    checker = jsonschema.FormatChecker()
    for name in CUSTOM_FORMATS:
        # ``uri`` replaces the RFC 3986 check on purpose: RunComfy fetches the value, so only
        # http(s) and data: make sense, and that is what the client enforces.
        checker.checks(name)(is_uri)
    return checker


def _http_urls() -> st.SearchStrategy[str]:
    label = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)
    host = st.builds(
        lambda labels, tld: ".".join([*labels, tld]),
        st.lists(label, min_size=1, max_size=2),
        st.sampled_from(["com", "net", "test", "io"]),
    )
    path = st.lists(st.from_regex(r"[A-Za-z0-9._~-]{1,12}", fullmatch=True), max_size=3)
    query = st.none() | st.from_regex(r"[a-z]{1,5}=[A-Za-z0-9%]{0,8}", fullmatch=True)
    return st.builds(
        lambda scheme, h, p, q: f"{scheme}://{h}/{'/'.join(p)}" + (f"?{q}" if q else ""),
        st.sampled_from(["https", "http"]),
        host,
        path,
        query,
    )


def _data_uris(media: str) -> st.SearchStrategy[str]:
    # Small payloads only: the client decodes data URIs to check size rules, and a drawn
    # value is never a real image, so pixel rules are left to the server (documented rule).
    return st.binary(max_size=48).map(
        lambda raw: f"data:{media};base64,{base64.b64encode(raw).decode('ascii')}"
    )


def format_strategies() -> dict[str, st.SearchStrategy[str]]:
    """``custom_formats`` for hypothesis-jsonschema, keyed by the renamed formats."""
    return {
        _DRAW_PREFIX + name: st.one_of(_http_urls(), _data_uris(media))
        for name, media in _MEDIA.items()
    }


def drawable(schema: dict[str, Any], *, forbid_extra: bool) -> dict[str, Any]:
    """A copy of ``schema`` to draw instances from.

    * Custom formats are renamed so our strategies draw them (see ``_DRAW_PREFIX``).
    * With ``forbid_extra``, every object gets ``additionalProperties: false`` unless it says
      otherwise: the generated input models refuse unknown keys (a deliberate, documented
      difference from the schemas), so an instance with extra keys is not a *valid* input for
      the round-trip property. Extra keys are tested on their own, as a mutation.
    """
    out = copy.deepcopy(schema)
    _rewrite(out, forbid_extra)
    return out


def _rewrite(node: Any, forbid_extra: bool) -> None:
    if isinstance(node, list):
        for item in node:
            _rewrite(item, forbid_extra)
        return
    if not isinstance(node, dict):
        return
    if node.get("format") in CUSTOM_FORMATS:
        node["format"] = _DRAW_PREFIX + node["format"]
    is_object = node.get("type") == "object" or "properties" in node
    if forbid_extra and is_object and "additionalProperties" not in node:
        node["additionalProperties"] = False
    for key, value in node.items():
        if key in ("properties", "definitions", "$defs", "patternProperties"):
            if isinstance(value, dict):
                for sub in value.values():
                    _rewrite(sub, forbid_extra)
        elif key in ("default", "enum", "const", "examples", "required"):
            continue  # data, not schemas
        else:
            _rewrite(value, forbid_extra)
