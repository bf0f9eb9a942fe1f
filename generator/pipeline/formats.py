"""Which ``format`` values the client checks: RunComfy's URI formats, nothing else.

``image_uri``, ``video_uri``, ``audio_uri`` and ``uri`` are checked by the generated models (an
http(s) URL or a data URI, ``contract.is_uri``). Every other format (``email``, ``date-time``,
``uuid`` ...) is what draft 7 makes it by default, an annotation: the value is a plain string,
the docstring says so, and the generator's own checks (defaults, enum values) agree.
"""

from __future__ import annotations

import jsonschema

from generator.runtime import contract

__all__ = ["format_checker"]


def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or contract.is_uri(value)


def format_checker() -> jsonschema.FormatChecker:
    """A jsonschema format checker that checks RunComfy's URI formats only."""
    checker = jsonschema.FormatChecker(formats=())
    for name in contract.URI_FORMATS:
        checker.checks(name)(_is_uri)
    return checker
