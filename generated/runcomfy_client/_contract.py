# generated from templates/runtime/_contract.py by runcomfy-codegen; do not edit
"""The rules the generator and this runtime must agree on, each written once.

The runtime imports this module like any other. The generator (``runcomfy-codegen``) reads the
same file by path from ``templates/runtime/`` when it renders a client, so generated code and the
runtime it is copied next to agree by construction. It therefore imports nothing but the standard
library and nothing relative.

- field marks: the ``json_schema_extra`` keys the generator writes on input fields and
  ``InputModel`` reads, and the names of ``InputModel``'s two field validators;
- the RunComfy ``validations`` rules the client checks itself (on data URIs, before a request);
- the custom string formats and the ``runcomfy_client._types`` type of each;
- the wait options of ``Job.wait`` / ``run`` and their defaults;
- the model-id rule (a model id is a URL path and a folder under ``schemas/``);
- the standard output schema, for a model that publishes none;
- which kind of media a model produces (``output_kind``), from its output schema, else from the
  catalog's categories, else from a ``<input>-to-<kind>`` task in its id;
- the API's base URL: the variables that set it and its two spellings, with and without ``/v1``
  (the client and ``runcomfy-codegen pull`` both read it);
- how schema text is made safe to show (docstrings, help, diagnostics, changelogs).
"""

from __future__ import annotations

import copy
import itertools
import os
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final, NamedTuple

__all__ = [
    "BASE_URL_ENV",
    "CLIENT_CHECKED_RULES",
    "DEFAULT_BASE_URL",
    "DEFAULT_WAIT_TIMEOUT",
    "FIELD_MARK_KEYS",
    "FILE_SIZE_RULE",
    "INPUT_VALIDATORS",
    "JSON_TYPES_VALIDATOR",
    "MAX_MODEL_ID_SEGMENTS",
    "MEDIA_KINDS",
    "MODEL_API_BASE_ENV",
    "NOT_NULL_KEY",
    "PIXEL_RULES",
    "UNIQUE_KEY",
    "URI_FORMATS",
    "VALIDATIONS_KEY",
    "VALIDATIONS_VALIDATOR",
    "WAIT_OPTIONS",
    "WAIT_OPTION_NAMES",
    "OutputKind",
    "WaitOption",
    "is_data_uri",
    "is_model_id",
    "is_uri",
    "main_output_field",
    "media_kind",
    "model_id_problem",
    "normalise_base_url",
    "output_kind",
    "printable",
    "resolve_base_url",
    "standard_output",
]

# -- field marks ---------------------------------------------------------------------------------

#: an optional field whose schema does not allow ``null``: it may be left out, not sent as null
NOT_NULL_KEY: Final = "x-runcomfy-not-null"
#: ``uniqueItems: true`` (datamodel-code-generator drops the keyword; ``InputModel`` checks it)
UNIQUE_KEY: Final = "x-runcomfy-unique-items"
#: RunComfy's ``validations`` list, kept on the field as the schema gives it
VALIDATIONS_KEY: Final = "validations"
FIELD_MARK_KEYS: Final = (VALIDATIONS_KEY, NOT_NULL_KEY, UNIQUE_KEY)

#: ``InputModel``'s field validators, as (method name, pydantic mode). Each generated input class
#: redefines both for the fields that can need them (a catch-all costs a Python call per field).
JSON_TYPES_VALIDATOR: Final = ("_check_json_types", "before")  # enum value types, marks
VALIDATIONS_VALIDATOR: Final = ("_check_validations", "after")  # ``validations`` on data URIs
INPUT_VALIDATORS: Final = (JSON_TYPES_VALIDATOR, VALIDATIONS_VALIDATOR)

# -- validations rules ---------------------------------------------------------------------------

FILE_SIZE_RULE: Final = "file_size_mb<"
#: pixel rules: rule -> (what is measured, comparison); checked where Pillow is installed
PIXEL_RULES: Final[dict[str, tuple[str, str]]] = {
    "width_pixels>": ("width", ">"),
    "width_pixels<": ("width", "<"),
    "height_pixels>": ("height", ">"),
    "height_pixels<": ("height", "<"),
    "width/height>": ("ratio", ">"),
    "width/height<": ("ratio", "<"),
}
#: the rules the client checks on data URIs before any request; every other rule is the server's
CLIENT_CHECKED_RULES: Final = frozenset({FILE_SIZE_RULE, *PIXEL_RULES})

# -- custom formats ------------------------------------------------------------------------------

#: RunComfy's string formats for media the server fetches -> the type in ``runcomfy_client._types``
URI_FORMATS: Final = {
    "image_uri": "ImageUri",
    "video_uri": "VideoUri",
    "audio_uri": "AudioUri",
    "uri": "Uri",
}
# scheme://host... with a non-empty host; the rest is the server's business.
_HTTP_URL = re.compile(r"https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)
# data:[<mediatype>][;base64],<data>  (RFC 2397)
_DATA_URI = re.compile(r"data:[^,]*,", re.IGNORECASE)


def is_data_uri(value: str) -> bool:
    """True when ``value`` is a ``data:`` URI (RFC 2397)."""
    return _DATA_URI.match(value) is not None


def is_uri(value: str) -> bool:
    """True when ``value`` is what a ``*_uri`` field takes: an http(s) URL or a data URI."""
    return _HTTP_URL.match(value) is not None or is_data_uri(value)


# -- wait options --------------------------------------------------------------------------------

DEFAULT_WAIT_TIMEOUT: Final = 600.0


class WaitOption(NamedTuple):
    """A keyword-only option of ``Job.wait`` that ``run`` takes too."""

    name: str
    annotation: str  # as written in generated modules (which import Callable and JobStatus)
    default: float | bool | None


WAIT_OPTIONS: Final = (
    WaitOption("timeout", "float | None", DEFAULT_WAIT_TIMEOUT),
    WaitOption("on_update", "Callable[[JobStatus], object] | None", None),
    WaitOption("poll_interval", "float | None", None),
    WaitOption("max_poll_interval", "float | None", None),
    WaitOption("cancel_on_timeout", "bool", False),
)
#: also names no input field may take (``run`` has them as keyword arguments of its own)
WAIT_OPTION_NAMES: Final = tuple(option.name for option in WAIT_OPTIONS)

# -- model ids -----------------------------------------------------------------------------------

#: RunComfy's ids have 2 to 5 segments (``kling/v3/pro/multi/elements``); the API refuses more
MAX_MODEL_ID_SEGMENTS: Final = 5
# A segment starts with a letter or digit, so "." and ".." (path traversal) and hidden folders
# cannot be one, and "%", "?", "#", "\" and spaces never appear: an id cannot change a URL path.
_MODEL_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


def model_id_problem(model_id: object) -> str | None:
    """Why ``model_id`` is not a RunComfy model id, or None when it is.

    2 to 5 slash-separated segments of letters, digits, ``.``, ``_`` and ``-``, each starting with
    a letter or digit and at most 128 characters (``acestep-ai/ace-step-1.5/text-to-audio``).
    """
    if not isinstance(model_id, str):
        return f"model id must be a string, got {type(model_id).__name__}"
    segments = model_id.split("/")
    if not 2 <= len(segments) <= MAX_MODEL_ID_SEGMENTS:
        return (
            f"model id {model_id!r} must have 2 to {MAX_MODEL_ID_SEGMENTS} slash-separated segments"
        )
    for segment in segments:
        if not _MODEL_SEGMENT.fullmatch(segment):
            return (
                f"model id {model_id!r}: segment {segment!r} must start with a letter or digit "
                "and use only letters, digits, '.', '_' and '-' (at most 128 characters)"
            )
    return None


def is_model_id(model_id: object) -> bool:
    """True when ``model_id`` follows the model-id rule (see ``model_id_problem``)."""
    return model_id_problem(model_id) is None


# -- the standard output -------------------------------------------------------------------------

_MEDIA = (
    ("image", "Image"),
    ("images", "Image"),
    ("video", "Video"),
    ("videos", "Video"),
    ("audio", "Audio"),
)
_STANDARD_OUTPUT: Final[dict[str, Any]] = {
    "type": "object",
    "properties": {
        key: (
            {
                "type": "array",
                "items": {"type": "string", "format": "uri"},
                "description": f"{kind} URLs",
            }
            if key.endswith("s")
            else {"type": "string", "format": "uri", "description": f"{kind} URL"}
        )
        for key, kind in _MEDIA
    },
}


def standard_output() -> dict[str, Any]:
    """The output schema used for a model that publishes none: the ``output`` keys RunComfy's
    results are known to use (``image``, ``images``, ``video``, ``videos``, ``audio``), all URLs.

    A fresh copy on each call, so no caller can change it for the others.
    """
    return copy.deepcopy(_STANDARD_OUTPUT)


# -- the kind of media a model produces ----------------------------------------------------------

#: the media kinds of RunComfy outputs, in the order a tie is reported
MEDIA_KINDS: Final = ("image", "video", "audio")
_WORDS = re.compile(r"[a-z0-9]+")


def _last_word_kind(text: str) -> str | None:
    words = _WORDS.findall(text.lower())
    return _kind_word(words[-1]) if words else None


def _kind_word(word: str) -> str | None:
    word = word.lower()
    singular = word[:-1] if word.endswith("s") else word
    return singular if singular in MEDIA_KINDS else None


def media_kind(name: str, schema: Mapping[str, Any]) -> str | None:
    """``image`` / ``video`` / ``audio`` for an output field that holds media URLs, else None.

    A URL field is a string, or an array of strings; its kind comes from its format
    (``image_uri``; for an array, its items' format), else from the first word of its name that
    names a kind (``images``, ``output_video``): the standard output's fields carry only ``uri``.
    """
    item = schema.get("items", {}) if schema.get("type") == "array" else schema
    if not isinstance(item, Mapping) or item.get("type", "string") != "string":
        return None
    fmt = item.get("format") or schema.get("format", "")  # RunComfy's plural formats: on the array
    for kind in MEDIA_KINDS:
        if isinstance(fmt, str) and fmt.startswith(kind):
            return kind
    return next(filter(None, map(_kind_word, _WORDS.findall(name.lower()))), None)


class OutputKind(NamedTuple):
    """What a model produces and how that was decided (for messages and docs)."""

    kind: str | None  # one of MEDIA_KINDS, or None when nothing says
    source: str  # "output schema", "catalog categories", "model id" or "unknown"


def _single(kinds: Iterable[str | None]) -> str | None:
    found = {kind for kind in kinds if kind is not None}
    return found.pop() if len(found) == 1 else None


def output_kind(
    model_id: str, output_schema: Mapping[str, Any], categories: Iterable[str] = ()
) -> OutputKind:
    """The one kind of media a model produces, decided from what is known, in this order:

    1. its output schema, when its media fields are all of one kind (``{"video": ...}``);
    2. the catalog's categories, when they name one kind that the schema can hold
       (``image-to-video`` names video; RunComfy categories end in the kind they produce);
    3. a task segment of its id of the form ``<input>-to-<kind>`` (``.../image-to-video/1080p``),
       when the schema can hold that kind;
    4. otherwise None ("unknown"): the fake then fills one field of each kind the schema has.

    Both the generator (docs, registry) and the fake server decide with this one function.
    """
    properties = output_schema.get("properties")
    fields = properties if isinstance(properties, Mapping) else {}
    present = [
        kind
        for name, sub in fields.items()
        if isinstance(sub, Mapping) and (kind := media_kind(str(name), sub)) is not None
    ]
    if (kind := _single(present)) is not None:
        return OutputKind(kind, "output schema")
    possible = set(present) if present else set(MEDIA_KINDS)
    named = _single(_last_word_kind(category) for category in categories)
    if named is not None and named in possible:
        return OutputKind(named, "catalog categories")
    task = _single(
        _kind_word(after)
        for segment in model_id.split("/")
        for before, after in itertools.pairwise(_WORDS.findall(segment.lower()))
        if before == "to"
    )
    if task is not None and task in possible:
        return OutputKind(task, "model id")
    return OutputKind(None, "unknown")


# -- the API's base URL --------------------------------------------------------------------------

DEFAULT_BASE_URL: Final = "https://model-api.runcomfy.net"
#: ours: the base URL without ``/v1`` (with it is accepted too)
BASE_URL_ENV: Final = "RUNCOMFY_BASE_URL"
#: RunComfy's own CLI's: the base URL *with* ``/v1`` (without it is accepted too)
MODEL_API_BASE_ENV: Final = "RUNCOMFY_MODEL_API_BASE"


def normalise_base_url(base_url: str) -> str:
    """``base_url`` without trailing slashes and without one trailing ``/v1``.

    Every request path starts with ``/v1``; RunComfy's own CLI spells its base URL with it
    (``https://model-api.runcomfy.net/v1``), ours without. Both spellings mean the same API, so
    ``http://host/v1`` never turns into requests for ``/v1/v1/...``.
    """
    url = base_url.strip().rstrip("/")
    if url[-3:].lower() == "/v1":
        url = url[:-3].rstrip("/")
    return url


def resolve_base_url(
    explicit: str | None = None, environ: Mapping[str, str] | None = None
) -> tuple[str, str]:
    """The base URL to use and where it came from (for a log line or ``runcomfy-py auth``).

    ``explicit`` (``base_url=``, ``--base-url``), else ``RUNCOMFY_BASE_URL``, else RunComfy's CLI's
    ``RUNCOMFY_MODEL_API_BASE``, else the public API. Not validated here (the client's
    ``Endpoints.parse`` does) nor normalised.
    """
    env = os.environ if environ is None else environ
    if explicit:
        return explicit, "base_url"
    for name in (BASE_URL_ENV, MODEL_API_BASE_ENV):
        value = env.get(name, "").strip()
        if value:
            return value, name
    return DEFAULT_BASE_URL, "default"


def main_output_field(output_schema: Mapping[str, Any], kind: str) -> str | None:
    """The output field that carries a model's ``kind`` of media: the list one (``images``) when
    there is one, else the single one (``image``); None when the schema has no such field. The
    fake fills it, and the reference pages print it."""
    properties = output_schema.get("properties")
    fields = properties if isinstance(properties, Mapping) else {}
    found = [
        str(name)
        for name, sub in fields.items()
        if isinstance(sub, Mapping) and media_kind(str(name), sub) == kind
    ]
    lists = [name for name in found if fields[name].get("type") == "array"]
    return lists[0] if lists else found[0] if found else None


# -- schema text shown to people -----------------------------------------------------------------

# C0 and C1 controls (ESC starts terminal escapes, U+009B is a one-byte CSI), DEL, the line and
# paragraph separators, and the invisible marks and overrides that reorder text (Trojan Source).
_UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x09:
        return "\\t"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, newlines: bool = True) -> str:
    """Schema text made safe to show: control characters, terminal escapes and text-reordering
    marks become visible escapes (``\\x1b``); ``newlines=False`` escapes line breaks too (``\\n``),
    for text that must stay on one line."""
    text = _UNSAFE.sub(_escape, text)
    return text if newlines else text.replace("\n", "\\n")
