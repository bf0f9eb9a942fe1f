"""Keeping API keys out of everything the client shows: messages, attributes, reprs, log records.

The rule, in one place: **the exact key is replaced by** ``***`` wherever it appears, in its plain
spelling and in the escaped spellings that carry it whole (percent-encoded, as in a ``repr`` or
in a JSON string), and only a key of at least ``MIN_SECRET_LENGTH`` (8)
characters counts as a secret. A shorter one (``e``, ``k``: handy against a fake server) is not
a secret anyone could steal, and blanking every ``e`` would garble every message
(``R***qu***st ... do***s not ***xist``). Parts of a key are never blanked.

Every client registers its key (``register_secret``) when it is built and releases it when it is
garbage-collected; redaction covers every key of every live client in the process, so one
client's error cannot show another's key. What passes through here:

* every answer of the server, as it is decoded (``_decoding``): body, headers and excerpts, so no
  server-sent value (a status, an error message, a request id, an output) can carry a key;
* every message and attribute of every ``RunComfyError`` (``_errors``), whatever built it;
* every record of the ``runcomfy_client`` logger (``logger`` below carries ``RedactingFilter``).
"""

from __future__ import annotations

import itertools
import json
import logging
import re
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from typing import TypeVar
from urllib.parse import quote

__all__ = [
    "MASK",
    "MIN_SECRET_LENGTH",
    "RedactingFilter",
    "contains_secret",
    "excerpt",
    "logger",
    "redact",
    "redact_headers",
    "redact_json",
    "redact_text",
    "register_secret",
]

T = TypeVar("T")
MASK = "***"
MIN_SECRET_LENGTH = 8
EXCERPT_CHARS = 200

_lock = threading.Lock()
_keys: Counter[str] = Counter()  # registered keys, counted: two clients may share one
# Every spelling of every key, longest first (so a key containing another is blanked whole), and
# one pattern matching them all. Replaced, never mutated: readers use them without the lock.
_secrets: tuple[str, ...] = ()
_pattern: re.Pattern[str] | None = None
_raw_pattern: re.Pattern[bytes] | None = None  # the same spellings, UTF-8 encoded


def _spellings(key: str) -> set[str]:
    return {key, quote(key, safe=""), quote(key), repr(key)[1:-1], json.dumps(key)[1:-1]}


def _rebuild() -> None:
    global _secrets, _pattern, _raw_pattern
    spellings = {spelling for key in _keys for spelling in _spellings(key)}
    _secrets = tuple(sorted(spellings, key=len, reverse=True))
    _pattern = re.compile("|".join(map(re.escape, _secrets))) if _secrets else None
    raw = [re.escape(spelling.encode("utf-8", "surrogatepass")) for spelling in _secrets]
    _raw_pattern = re.compile(b"|".join(raw)) if raw else None


def register_secret(key: str | None) -> Callable[[], None]:
    """Redact ``key`` (in every spelling) from now on, if it is long enough; returns the call
    that releases it (a client calls it when it is garbage-collected)."""
    if not key or len(key) < MIN_SECRET_LENGTH:
        return _nothing
    with _lock:
        _keys[key] += 1
        if _keys[key] == 1:
            _rebuild()

    def release() -> None:
        with _lock:
            _keys[key] -= 1
            if _keys[key] <= 0:
                del _keys[key]
                _rebuild()

    return release


def _nothing() -> None:
    """Nothing to release."""


def contains_secret(text: str) -> bool:
    """True when ``text`` holds a registered key."""
    pattern = _pattern
    return pattern is not None and pattern.search(text) is not None


def redact_text(text: str) -> str:
    """``text`` with every registered key replaced by ``***``."""
    pattern = _pattern
    return text if pattern is None else pattern.sub(MASK, text)


def redact(value: T) -> T:
    """``value`` with every registered key blanked out of every string in it (dict keys and
    values, list and tuple items, recursively); other values are kept as they are.

    Decoded answers are at most ``MAX_JSON_DEPTH`` deep (``_decoding``), so the recursion is
    bounded.
    """
    if not _secrets:
        return value
    found: object = value
    if isinstance(value, str):
        found = redact_text(value)
    elif isinstance(value, dict):
        found = {redact(key): redact(item) for key, item in value.items()}
    elif isinstance(value, list):
        found = [redact(item) for item in value]
    elif isinstance(value, tuple):
        found = tuple(redact(item) for item in value)
    return found  # type: ignore[return-value]  # same shape, same type


def redact_json(value: T, raw: bytes) -> T:
    """``redact(value)`` for ``value`` decoded from the JSON document ``raw``, without walking
    it when ``raw`` cannot hold a key: read as UTF-8 (no NUL byte, no UTF-16 byte-order mark:
    what ``json.loads`` decodes as UTF-8), with no escape (a backslash could spell a key in
    pieces), every decoded string is a piece of ``raw`` as it is, so a key in one of them would
    be in ``raw`` in one of its spellings."""
    pattern = _raw_pattern
    if pattern is None:
        return value
    if (
        b"\\" in raw
        or b"\x00" in raw
        or raw.startswith((b"\xff\xfe", b"\xfe\xff"))
        or pattern.search(raw) is not None
    ):
        return redact(value)
    return value


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """``headers`` as a dict, every key blanked out of names and values (one search when there
    is none)."""
    pattern = _pattern
    if pattern is None or pattern.search("\n".join(itertools.chain(*headers.items()))) is None:
        return dict(headers)
    return redact(dict(headers))


_CONTROL = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0))}
_CONTROL.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})


def excerpt(content: bytes | str, limit: int = EXCERPT_CHARS) -> str:
    """The start of a body or a value for a message: keys blanked out (before it is cut, so no
    part of a key survives the cut), control characters escaped, at most ``limit`` characters
    and ``...`` when cut."""
    longest = max((len(s) for s in _secrets), default=0)
    window = limit + longest + 1
    if isinstance(content, bytes):
        # Only the start is decoded: 4 bytes per character at most in UTF-8.
        text = content[: window * 4].decode("utf-8", "replace")
        cut = len(content) > window * 4
    else:
        text = content[:window]
        cut = len(content) > window
    text = redact_text(text)
    if len(text) > limit:
        text, cut = text[:limit], True
    return text.translate(_CONTROL) + ("..." if cut else "")


class RedactingFilter(logging.Filter):
    """Blanks keys out of a record's message (its arguments are merged into it first)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _secrets:
            message = record.getMessage()
            redacted = redact_text(message)
            if redacted != message:
                record.msg, record.args = redacted, ()
        return True


logger = logging.getLogger("runcomfy_client")
"""The client's one logger; its filter redacts every record (see the module docstring)."""
if not any(isinstance(f, RedactingFilter) for f in logger.filters):  # once, even if reloaded
    logger.addFilter(RedactingFilter())
