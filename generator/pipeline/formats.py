"""Which ``format`` values the client checks: RunComfy's URI formats, nothing else.

``image_uri``, ``video_uri``, ``audio_uri`` and ``uri`` are checked by the generated models (an
http(s) URL or a data URI, ``contract.is_uri``). Every other format (``email``, ``date-time``,
``uuid`` ...) is what draft 7 makes it by default, an annotation: the value is a plain string,
the docstring says so, and the generator's own checks (defaults, enum values) agree.
"""

from __future__ import annotations

from typing import Any

import jsonschema

from generator.pipeline.keywords import children
from generator.runtime import contract

__all__ = ["format_checker", "unchecked_formats"]


def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or contract.is_uri(value)


def format_checker() -> jsonschema.FormatChecker:
    """A jsonschema format checker that checks RunComfy's URI formats only."""
    checker = jsonschema.FormatChecker(formats=())
    for name in contract.URI_FORMATS:
        checker.checks(name)(_is_uri)
    return checker


def unchecked_formats(schema: Any) -> list[str]:
    """The formats in ``schema`` (at any depth) the client does not check, once each, sorted."""
    found: set[str] = set()

    def visit(node: Any) -> None:
        if not isinstance(node, dict):
            return
        fmt = node.get("format")
        if isinstance(fmt, str) and fmt not in contract.URI_FORMATS:
            found.add(fmt)
        for _, sub in children(node):
            visit(sub)

    visit(schema)
    return sorted(found)
