"""Base classes of every generated pydantic model.

Generated models add checks that JSON Schema states but pydantic cannot express on its own,
each only on the fields that need it:

* Enum values are compared as JSON values: ``"1"``, ``True`` and ``1.0`` are not the member ``1``
  (pydantic's lax mode would coerce them), however deep the enum sits (lists, unions, maps).
* ``uniqueItems`` on a list.
* An optional input field whose schema does not allow ``null`` may be left out, but not sent as
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
from types import UnionType
from typing import Annotated, Any, Literal, Union, cast, get_args, get_origin

from pydantic import BaseModel, ConfigDict, RootModel, TypeAdapter, ValidationError, ValidationInfo

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


class _FieldChecks(BaseModel):
    """The checks generated classes attach to the fields that need them.

    Each generated class names its fields in ``field_validator(...)`` decorators that call these
    (``_contract.INPUT_VALIDATORS``); a class with no such field has none, and a field that
    needs no check costs nothing (a catch-all validator would cost a Python call per field).
    """

    @classmethod
    def _check_json_types(cls, value: Any, info: ValidationInfo) -> Any:
        """Before pydantic: explicit nulls, repeated items, enum values of another JSON type."""
        if info.field_name is None:
            return value
        not_null, unique, choices, direct = _field_marks(cls, info.field_name)
        if value is None:
            if not_null:
                raise ValueError("null is not allowed here; leave the field out to use the default")
            return value
        if unique and isinstance(value, list | tuple):
            _check_unique(value)
        if choices is not None:
            verdict, value = (
                _fit_choice(direct, value) if direct is not None else _fit(choices, value)
            )
            if verdict == _ENUM:
                allowed = ", ".join(repr(v) for v in _choices(choices))
                raise ValueError(
                    f"expected one of {allowed}, got {value!r} ({type(value).__name__})"
                )
        return value

    @classmethod
    def _check_validations(cls, value: Any, info: ValidationInfo) -> Any:
        """After pydantic: RunComfy's ``validations`` on data URIs."""
        if info.field_name is None:
            return value
        rules = _field_validations(cls, info.field_name)
        if rules:
            for item in _strings(value):
                if is_data_uri(item):
                    _check_data_uri(item, rules)
        return value


class InputModel(_FieldChecks):
    """Base of generated input models: unknown keys are refused (they are usually typos).

    Patterns are matched with Python's ``re`` (``regex_engine``), as JSON Schema validators do:
    the default Rust engine reads some patterns differently (``$`` before a final newline).
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True, regex_engine="python-re")


class OutputModel(_FieldChecks):
    """Base of generated output models: keys the schema does not name are kept, not refused,
    so a model that starts returning a new output does not break older clients."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, regex_engine="python-re")


# ---- enum values: JSON types, not Python's --------------------------------------------------
#
# pydantic's lax mode reads "1" and True as the integer enum member 1, 1.0 as 1, bytes as a
# string member. JSON Schema does not: a value matches an enum member when it is the same JSON
# value ("1" and True never equal 1). ``_fit`` walks the field's annotation (lists, unions,
# dicts, enums, literals) and gives the verdict, and the value with each matched plain value
# replaced by its member, so pydantic's union picks that member and nothing else.

_OK, _ENUM, _SHAPE = "ok", "enum", "shape"
_KINDS: dict[Any, str] = {str: "string", int: "integer", float: "number", bool: "boolean"}


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    return "object" if isinstance(value, Mapping | BaseModel) else "other"


def _same(choices: Any, value: object) -> Any:
    """The member of ``choices`` (an enum class or a ``Literal``) equal to ``value`` as JSON
    values, or ``_SHAPE`` when there is none.

    Numbers: when every numeric member is whole, only integers match (the client sends
    integers where the schema's numbers are whole, as for ``type: integer``).
    """
    members, index, whole = _member_index(choices)
    kind = _kind(value)
    if kind == "number" and whole and isinstance(value, float):
        return _SHAPE
    if index is not None and type(value) in _EXACT and value == value:  # not NaN
        # A plain JSON scalar: one lookup; (kind, value) keys keep True apart from 1.
        return index.get((kind, value), _SHAPE)
    for member in members:
        plain = _plain(member)
        if _kind(plain) == kind and plain == value:
            return member
    return _SHAPE


_EXACT = frozenset({str, int, float, bool, type(None)})  # hashed and compared as JSON scalars


@cache
def _member_index(choices: Any) -> tuple[tuple[Any, ...], dict[tuple[str, Any], Any] | None, bool]:
    """Once per enum class or ``Literal`` (keyed by it: ``Literal[1]`` and ``Literal[True]``
    are different keys, where the tuples ``(1,)`` and ``(True,)`` would be one): its members;
    (kind, plain value) -> the first member with it, or None when a plain value is not a JSON
    scalar (then members are compared one by one); whether every numeric member is whole."""
    members: tuple[Any, ...] = (
        tuple(cast(type[Enum], choices)) if isinstance(choices, type) else get_args(choices)
    )
    plains = [_plain(m) for m in members]
    whole = all(
        float(p).is_integer()
        for p in plains
        if isinstance(p, int | float) and not isinstance(p, bool)
    )
    index: dict[tuple[str, Any], Any] = {}
    for member, plain in zip(members, plains, strict=True):
        if type(plain) not in _EXACT or plain != plain:
            return members, None, whole
        index.setdefault((_kind(plain), plain), member)
    return members, index, whole


def _plain(member: object) -> object:
    return member.value if isinstance(member, Enum) else member


def _unwrap(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


@cache
def _field_validations(model: type[BaseModel], name: str) -> list[Mapping[str, Any]]:
    return validations_of(model.__pydantic_fields__[name].json_schema_extra)


@cache
def _field_marks(model: type[BaseModel], name: str) -> tuple[bool, bool, Any, Any]:
    """Once per field (each check ran per value before): whether null is refused, whether items
    must be unique, the annotation when it holds an enum or a literal (else None), and that enum
    class or ``Literal`` when it is the whole type (else None: ``_fit`` walks the annotation)."""
    # __pydantic_fields__, not model_fields: that property costs ~0.8 us a call.
    field = model.__pydantic_fields__[name]
    extra = field.json_schema_extra
    marks = extra if isinstance(extra, Mapping) else {}
    choices = field.annotation if _has_choices(field.annotation) else None
    bare = _unwrap(choices)
    direct = get_origin(bare) is Literal or (isinstance(bare, type) and issubclass(bare, Enum))
    return (
        bool(marks.get(NOT_NULL_KEY)),
        bool(marks.get(UNIQUE_KEY)),
        choices,
        bare if direct else None,
    )


def _has_choices(annotation: Any) -> bool:
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return True
    return get_origin(annotation) is Literal or any(_has_choices(a) for a in get_args(annotation))


def _choices(annotation: Any) -> tuple[Any, ...]:
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return tuple(m.value for m in annotation)
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    return tuple(v for a in get_args(annotation) for v in _choices(a))


def _fit_choice(choices: Any, value: Any) -> tuple[str, Any]:
    """``_fit`` for an enum class or a ``Literal``."""
    if isinstance(choices, type) and isinstance(value, choices):
        return _OK, value
    member = _same(choices, value)
    return (_ENUM, value) if member is _SHAPE else (_OK, member)


def _fit(annotation: Any, value: Any) -> tuple[str, Any]:
    """(_OK, value with members) if ``value`` fits ``annotation`` with no cross-type coercion;
    (_ENUM, value) if an enum or literal refuses it; (_SHAPE, value) if it is another kind."""
    annotation = _unwrap(annotation)
    origin = get_origin(annotation)
    if origin is Literal or (isinstance(annotation, type) and issubclass(annotation, Enum)):
        return _fit_choice(annotation, value)
    if origin is Union or origin is UnionType:
        options = get_args(annotation)
        verdicts = []
        for option in options:
            verdict, fitted = _fit(option, value)
            if verdict == _OK:
                if _lookalike(options, value):
                    return _OK, _own_kind(options, value, fitted)
                return _OK, fitted
            verdicts.append(verdict)
        return (_ENUM if _ENUM in verdicts else _SHAPE), value
    if origin is list or annotation is list:
        if not isinstance(value, list | tuple):
            return _SHAPE, value
        item = (get_args(annotation) or (Any,))[0]
        fitted_items = []
        for element in value:
            verdict, fitted = _fit(item, element)
            if verdict != _OK:
                return verdict, value
            fitted_items.append(fitted)
        return _OK, fitted_items
    if origin is dict or annotation is dict:
        if not isinstance(value, Mapping):
            return _SHAPE, value
        args = get_args(annotation)
        fitted_map = {}
        for key, element in value.items():
            verdict, fitted = _fit(args[1] if len(args) == 2 else Any, element)
            if verdict != _OK:
                return verdict, value
            fitted_map[key] = fitted
        return _OK, fitted_map
    if annotation is type(None):
        return (_OK if value is None else _SHAPE), value
    wanted = _KINDS.get(annotation)
    if wanted is not None:  # str, int, float, bool (strict: no coercion)
        kind = _kind(value)
        ok = (
            kind == wanted
            or (wanted == "number" and kind == "number")
            or (wanted == "integer" and kind == "number" and isinstance(value, int))
        )
        return (_OK if ok else _SHAPE), value
    if isinstance(annotation, type) and issubclass(annotation, RootModel):
        # a constrained branch of a union (`Mix(RootModel[StrictFloat])`): its root's kind
        return _fit(annotation.__pydantic_fields__["root"].annotation, value)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return (_OK if _kind(value) == "object" else _SHAPE), value
    return _OK, value  # Any, and types that are already exact


def _top_choices(option: Any) -> tuple[Any, ...]:
    option = _unwrap(option)
    if isinstance(option, type) and issubclass(option, Enum):
        return tuple(m.value for m in option)
    return get_args(option) if get_origin(option) is Literal else ()


def _lookalike(options: tuple[Any, ...], value: object) -> bool:
    """A choice among ``options`` that Python finds equal to ``value`` but is another JSON value
    (``0`` and ``False``): pydantic's Literal or Enum would take ``value`` as that choice."""
    if not isinstance(value, int | float):  # bool is an int
        return False
    kind = _kind(value)
    return any(_kind(c) != kind and c == value for o in options for c in _top_choices(o))


_ADAPTERS: dict[tuple[int, ...], tuple[tuple[Any, ...], TypeAdapter[Any]]] = {}


def _own_kind(options: tuple[Any, ...], value: Any, fitted: Any) -> Any:
    """``value`` validated by the options of its own JSON kind only, never by a look-alike
    choice; a model or enum member comes back, so pydantic's union takes that branch."""
    own = tuple(o for o in options if _fit(o, value)[0] == _OK)
    key = tuple(id(o) for o in own)
    if key not in _ADAPTERS:
        union: Any = Union[own] if len(own) > 1 else own[0]  # noqa: UP007
        _ADAPTERS[key] = (own, TypeAdapter(union))
    try:
        result = _ADAPTERS[key][1].validate_python(fitted)
    except ValidationError as exc:
        problem = exc.errors()[0]["msg"] if exc.errors() else str(exc)
        raise ValueError(f"{value!r}: {problem}") from None
    return result if isinstance(result, BaseModel | Enum) else fitted


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
