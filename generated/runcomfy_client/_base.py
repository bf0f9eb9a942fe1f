# generated from templates/runtime/_base.py by runcomfy-codegen; do not edit
"""Base classes of every generated pydantic model.

``InputModel`` adds two checks that JSON Schema states but pydantic cannot express on its own:

* An optional field whose schema does not allow ``null`` may be left out, but not sent as
  ``null``. The generator marks such fields in ``json_schema_extra`` (``_contract.NOT_NULL_KEY``);
  at the Python level ``None`` stays the "not given" default.
* RunComfy's ``validations`` rules (``file_size_mb<``, ``width_pixels>``, ``width/height<``, ...).
  Only what can be checked without fetching anything is checked here, on ``data:`` URIs: the
  decoded size, and the pixel size when Pillow is installed. URLs, ``duration_seconds<`` and rules
  this client does not know are left to the server. A boundary value is always let through, since
  the schema's rule and its message sometimes disagree on whether the bound itself is allowed.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import logging
from collections.abc import Iterator, Mapping, Sequence
from enum import Enum
from functools import cache
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

from ._contract import (
    FILE_SIZE_RULE,
    NOT_NULL_KEY,
    PIXEL_RULES,
    UNIQUE_KEY,
    VALIDATIONS_KEY,
    is_data_uri,
)

__all__ = [
    "NOT_NULL_KEY",
    "PILLOW_MISSING",
    "UNIQUE_KEY",
    "InputModel",
    "OutputModel",
    "file_size_problem",
    "validations_of",
]

_BYTES_PER_MB = 1_000_000  # "MB" in RunComfy's messages; the SI unit is the lenient reading

PILLOW_MISSING = (
    "pixel-size rules ({rule} {value} and the like) are not checked before sending: Pillow is "
    "not installed; install it to check them here: pip install 'runcomfy-client[images]' "
    "(or: pip install pillow)"
)
"""Logged once per process (warning, logger ``runcomfy_client``) when such a rule is skipped."""

logger = logging.getLogger("runcomfy_client")
_pillow_note: list[str] = []  # the note once said (a list: no `global` statement needed)


class InputModel(BaseModel):
    """Base of generated input models: unknown keys are refused (they are usually typos)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @field_validator("*", mode="before")
    @classmethod
    def _check_json_types(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name is None:
            return value
        # __pydantic_fields__, not model_fields: that property costs ~0.8 us a call, paid for
        # every checked field of every validation.
        extra = cls.__pydantic_fields__[info.field_name].json_schema_extra
        marks = extra if isinstance(extra, Mapping) else {}
        if value is None:
            if marks.get(NOT_NULL_KEY):
                raise ValueError("null is not allowed here; leave the field out to use the default")
            return value
        if marks.get(UNIQUE_KEY) and isinstance(value, list | tuple):
            _check_unique(value)
        enums, is_list = _enum_shape(cls, info.field_name)
        if enums:
            for item in value if is_list and isinstance(value, list | tuple) else [value]:
                _check_enum_value(enums, item)
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _check_validations(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name is None:
            return value
        rules = validations_of(cls.__pydantic_fields__[info.field_name].json_schema_extra)
        if rules:
            for item in _strings(value):
                if is_data_uri(item):
                    _check_data_uri(item, rules)
        return value


class OutputModel(BaseModel):
    """Base of generated output models: keys the schema does not name are kept, not refused,
    so a model that starts returning a new output does not break older clients."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


@cache
def _enum_shape(model: type[BaseModel], name: str) -> tuple[tuple[type[Enum], ...], bool]:
    """The enum classes a field holds (directly, optionally, or as list items) and whether it
    is a list. Fields of any other shape give no enums and are left to pydantic."""
    annotation: Any = model.model_fields[name].annotation
    args = [a for a in get_args(annotation) if a is not type(None)] or [annotation]
    if len(args) == 1 and get_origin(args[0]) is list:
        items = get_args(args[0])
        enums = tuple(a for a in items if isinstance(a, type) and issubclass(a, Enum))
        return enums, True
    return tuple(a for a in args if isinstance(a, type) and issubclass(a, Enum)), False


def _canonical(value: object) -> str:
    """JSON equality as JSON Schema defines it: 1 == 1.0, key order ignored, True != 1."""

    def fold(item: object) -> object:
        if isinstance(item, BaseModel):
            item = item.model_dump(mode="json", by_alias=True, exclude_unset=True)
        if isinstance(item, Enum):
            item = item.value
        if isinstance(item, float) and item.is_integer():
            return int(item)
        if isinstance(item, Mapping):
            return {str(k): fold(v) for k, v in item.items()}
        if isinstance(item, list | tuple):
            return [fold(v) for v in item]
        return item

    return json.dumps(fold(value), sort_keys=True, default=repr)


def _check_unique(items: list[Any] | tuple[Any, ...]) -> None:
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        key = _canonical(item)
        if key in seen:
            raise ValueError(f"items must be unique; item {index} repeats item {seen[key]}")
        seen[key] = index


def _check_enum_value(enums: tuple[type[Enum], ...], value: object) -> None:
    """JSON Schema's enum is strict about types: ``"1"``, ``True`` and ``1.0`` are not ``1``.

    pydantic's lax mode would coerce them into an ``IntEnum`` (and bytes into a ``StrEnum``), so
    the value's own type is checked first; members and plain values of the right type pass.
    """
    for enum in enums:
        if isinstance(value, enum):
            return
        if issubclass(enum, int) and type(value) is int:
            return
        if issubclass(enum, str) and isinstance(value, str):
            return
    allowed = ", ".join(repr(m.value) for enum in enums for m in enum)
    raise ValueError(f"expected one of {allowed}, got {value!r} ({type(value).__name__})")


def validations_of(extra: object) -> list[Mapping[str, Any]]:
    """The ``validations`` rules recorded in a field's ``json_schema_extra``."""
    if not isinstance(extra, Mapping):
        return []
    rules = extra.get(VALIDATIONS_KEY)
    if not isinstance(rules, list):
        return []
    return [rule for rule in rules if isinstance(rule, Mapping)]


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            if isinstance(item, str):
                yield item


def _decode(uri: str) -> bytes | None:
    header, _, data = uri.partition(",")
    if header.lower().endswith(";base64"):
        try:
            return base64.b64decode(data, validate=False)
        except (binascii.Error, ValueError):
            raise ValueError("the data URI is not valid base64") from None
    from urllib.parse import unquote_to_bytes

    return unquote_to_bytes(data)


@cache
def _pillow_image() -> Any:
    """PIL.Image, or None where Pillow is not installed (pixel rules are then skipped)."""
    try:
        from PIL import Image
    except ImportError:
        return None
    return Image


def _note_pillow_missing(rule: str, value: object) -> None:
    if not _pillow_note:
        _pillow_note.append(PILLOW_MISSING.format(rule=rule, value=value))
        logger.warning(_pillow_note[0])


def _image_size(payload: bytes) -> tuple[int, int] | None:
    image_module = _pillow_image()
    if image_module is None:
        return None
    try:
        with image_module.open(io.BytesIO(payload)) as image:
            width, height = image.size
            return int(width), int(height)
    except Exception:  # not an image Pillow reads: leave the verdict to the server
        return None


def file_size_problem(
    size: int, rules: Sequence[Mapping[str, Any]], *, what: str = "the file is"
) -> str | None:
    """What is wrong with a file of ``size`` bytes under the ``file_size_mb<`` rules, or None.

    (The CLI asks before it reads a local file; the input model asks of every data URI.)
    """
    for rule in rules:
        if not isinstance(rule, Mapping) or rule.get("validation_rule") != FILE_SIZE_RULE:
            continue
        limit = rule.get("validation_value")
        if not isinstance(limit, int | float):
            continue
        if size > limit * _BYTES_PER_MB:
            message = str(rule.get("validation_error") or FILE_SIZE_RULE)
            return (
                f"{message} (rule {FILE_SIZE_RULE} {limit}: {what} {size / _BYTES_PER_MB:.2f} MB)"
            )
    return None


def _check_data_uri(uri: str, rules: list[Mapping[str, Any]]) -> None:
    payload = _decode(uri)
    if payload is None:
        return
    size: tuple[int, int] | None = None
    size_known = False
    for rule in rules:
        name = rule.get("validation_rule")
        limit = rule.get("validation_value")
        if not isinstance(name, str) or not isinstance(limit, int | float):
            continue
        message = str(rule.get("validation_error") or name)
        if name == FILE_SIZE_RULE:
            problem = file_size_problem(len(payload), [rule], what="the data URI holds")
            if problem is not None:
                raise ValueError(problem)
        elif name in PIXEL_RULES:
            if _pillow_image() is None:
                _note_pillow_missing(name, limit)
                continue
            if not size_known:
                size, size_known = _image_size(payload), True
            if size is None:
                continue
            what, op = PIXEL_RULES[name]
            width, height = size
            actual: float = {"width": width, "height": height}.get(what, width / max(height, 1))
            if (op == ">" and actual < limit) or (op == "<" and actual > limit):
                raise ValueError(f"{message} (rule {name} {limit}: the image is {width}x{height})")
