"""Differential cases: a valid instance edged up to each constraint and mutated out of it.

``cases_for`` walks an instance together with its schema and, at every value, makes

* edges (valid, both judges must accept): every enum value, each bound itself, the longest and
  shortest string and list allowed, an optional field left out, a data URI where a URL was;
* violations (both must refuse): wrong type, null, out of range, not a multiple, too long/short,
  too many/few items, repeated items, outside the enum, a pattern missed, a bad URI, a required
  field missing;
* and the kinds where the model and the schema legitimately differ (``KNOWN_DIFFERENCES`` in
  ``contract_judging``): an unknown key, 512.0 for an integer, a data URI breaking a rule.

The same function serves the example-based test (on one full instance built from the schema)
and the property tests (on instances drawn by hypothesis-jsonschema).
"""

from __future__ import annotations

import base64
import copy
import dataclasses
import functools
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from contract_formats import BAD_URIS, CUSTOM_FORMATS
from contract_instances import (
    InstancePath,
    drop_at,
    high_bound,
    number_inside,
    schema_type,
    set_at,
)
from contract_judging import Case, Side

__all__ = ["EXTRA_KEY", "cases_for"]

EXTRA_KEY = "contract_unknown_field"


@dataclass(frozen=True)
class _Walk:
    root: Any
    side: Side
    rules: bool  # also make the (large, slow) data URIs that break `validations` rules

    def maker(self, path: InstancePath) -> Any:
        def case(kind: str, new: Any, valid: bool) -> Case:
            return Case(kind, path, set_at(self.root, path, new), valid)

        return case


def cases_for(
    schema: dict[str, Any], instance: Any, side: Side, *, rules: bool = False
) -> list[Case]:
    """Every edge and mutation ``instance`` offers (``instance`` must be valid).

    ``rules``: also break the ``validations`` rules the client checks on data URIs (a file-size
    rule needs a data URI of several MB: done once per model, not per drawn example).
    """
    # The instance itself comes first: if a judge refuses it, every case built on it is moot.
    itself = Case("valid_instance", (), instance, True)
    return [itself, *_cases(schema, instance, (), _Walk(instance, side, rules), required=True)]


def _cases(
    schema: dict[str, Any], value: Any, path: InstancePath, walk: _Walk, *, required: bool
) -> Iterator[Case]:
    case = walk.maker(path)
    side = walk.side

    kind = schema_type(schema)
    nullable = schema.get("type") == "null" or (
        isinstance(schema.get("type"), list) and "null" in schema["type"]
    )
    if path and not nullable:
        null_kind = "null_for_optional_output" if side == "output" and not required else "null"
        yield case(null_kind, None, False)
    yield from _wrong_types(kind, value, case)
    if schema.get("enum"):
        yield from _enum_cases(schema["enum"], case)
    elif kind == "string":
        yield from _string_cases(schema, case, walk.rules)
    elif kind in ("integer", "number"):
        yield from _number_cases(schema, kind, case)
    if kind == "array" and isinstance(value, list):
        yield from _array_cases(schema, value, case)
        items = schema.get("items")
        if isinstance(items, dict) and value and schema.get("uniqueItems") and len(value) > 1:
            # An edge put into item 0 could repeat another item; check the items on a copy with
            # one item, when the schema allows one.
            if schema.get("minItems", 0) <= 1:
                alone = dataclasses.replace(walk, root=set_at(walk.root, path, value[:1]))
                yield from _cases(items, value[0], (*path, 0), alone, required=True)
        elif isinstance(items, dict) and value:
            # The first item stands for all: the same subschema, the same checks.
            yield from _cases(items, value[0], (*path, 0), walk, required=True)
            if walk.rules and items.get("format") in CUSTOM_FORMATS:
                # RunComfy puts the rules on the array; they apply to each item.
                yield from _rule_cases(schema, walk.maker((*path, 0)))
    if kind == "object" and isinstance(value, dict):
        yield from _object_cases(schema, value, path, walk)


def _wrong_types(kind: str | None, value: Any, case: Any) -> Iterator[Case]:
    # Values that look right to a lenient reader: the string of a number, a number for a bool,
    # a bare item for a list. A model that coerces them disagrees with the schema.
    wrong: dict[str, list[Any]] = {
        "string": [12345, True, ["x"]],
        "integer": [str(value) if isinstance(value, int) else "7", 1.5, True],
        "number": [str(value) if isinstance(value, int | float) else "1.5", True],
        "boolean": ["true", 1],
        "array": [value[0] if isinstance(value, list) and value else "x", {}],
        "object": [[], "x"],
    }
    for bad in wrong.get(kind or "", []):
        yield case("wrong_type", bad, False)
    if kind == "integer" and isinstance(value, int) and not isinstance(value, bool):
        yield case("integral_float_for_integer", float(value), True)


def _enum_cases(enum: list[Any], case: Any) -> Iterator[Case]:
    for member in enum:
        yield case("enum_value", member, True)
    strings = [m for m in enum if isinstance(m, str)]
    numbers = [m for m in enum if isinstance(m, int | float) and not isinstance(m, bool)]
    if strings:
        yield case("not_in_enum", strings[0] + "-not-in-enum", False)
        if strings[0].swapcase() not in enum and strings[0].swapcase() != strings[0]:
            yield case("not_in_enum", strings[0].swapcase(), False)
    if numbers:
        yield case("not_in_enum", max(numbers) + 1, False)
        # The string of a member: IntEnum-like models must not read "5" as 5.
        yield case("not_in_enum", str(numbers[0]), False)


def _string_cases(schema: dict[str, Any], case: Any, rules: bool) -> Iterator[Case]:
    fmt = schema.get("format")
    if fmt in CUSTOM_FORMATS:
        yield case("uri_as_data_uri", "data:text/plain;base64,aGVsbG8=", True)
        for bad in BAD_URIS:
            yield case("bad_uri", bad, False)
        if rules:
            yield from _rule_cases(schema, case)
        return  # a URI's length is not what a length bound is about; none seen on *_uri
    low, high = schema.get("minLength", 0), schema.get("maxLength")
    if "pattern" in schema:
        # A string that fits a pattern cannot be built in general, but one that misses it, of an
        # allowed length, usually can; lengths are then left alone (the edge could miss it too).
        size = max(low, 1) if high is None else min(max(low, 1), high)
        for filler in ("x", "0", "-", " ", "\u00e9"):
            if re.search(schema["pattern"], filler * size) is None:
                yield case("pattern_mismatch", filler * size, False)
                break
        return
    if high is not None:
        yield case("longest_allowed", "x" * high, True)
        yield case("too_long", "x" * (high + 1), False)
    if low > 0:
        yield case("shortest_allowed", "x" * low, True)
        yield case("too_short", "x" * (low - 1), False)


def _number_cases(schema: dict[str, Any], kind: str, case: Any) -> Iterator[Case]:
    integer = kind == "integer"
    step = schema.get("multipleOf")

    def num(x: float) -> int | float:
        return int(x) if integer else x

    if "minimum" in schema:
        low = schema["minimum"]
        if not step or low % step == 0:
            yield case("at_minimum", num(low), True)
        yield case("below_minimum", num(low - (step or 1)), False)
    if "exclusiveMinimum" in schema:
        yield case("at_exclusive_minimum", num(schema["exclusiveMinimum"]), False)
    if "maximum" in schema:
        high = schema["maximum"]
        if not step or high % step == 0:
            yield case("at_maximum", num(high), True)
        yield case("above_maximum", num(high + (step or 1)), False)
    if "exclusiveMaximum" in schema:
        yield case("at_exclusive_maximum", num(schema["exclusiveMaximum"]), False)
    if step:
        inside = number_inside(schema, kind)
        off = inside + (1 if integer and step != 1 else step / 2)
        high = high_bound(schema, kind)
        if (high is None or off <= high) and not (integer and step == 1):
            yield case("not_a_multiple", num(off), False)


def _array_cases(schema: dict[str, Any], value: list[Any], case: Any) -> Iterator[Case]:
    sample = value[0] if value else None
    low, high = schema.get("minItems", 0), schema.get("maxItems")
    if sample is not None and high is not None:
        yield case("most_items_allowed", [copy.deepcopy(sample) for _ in range(high)], True)
        yield case("too_many_items", [copy.deepcopy(sample) for _ in range(high + 1)], False)
    if schema.get("uniqueItems") and sample is not None and (high is None or high >= 2):
        yield case("duplicate_items", [copy.deepcopy(sample), copy.deepcopy(sample)], False)
    if low > 0 and sample is not None:
        yield case("fewest_items_allowed", [copy.deepcopy(sample) for _ in range(low)], True)
        yield case("too_few_items", [copy.deepcopy(sample) for _ in range(low - 1)], False)


def _object_cases(
    schema: dict[str, Any], value: dict[str, Any], path: InstancePath, walk: _Walk
) -> Iterator[Case]:
    root = walk.root
    required = set(schema.get("required") or [])
    properties = schema.get("properties") or {}
    for name in value:
        here = (*path, name)
        if name in required:
            yield Case("missing_required", here, drop_at(root, here), False)
        else:
            yield Case("optional_left_out", here, drop_at(root, here), True)
        if name in properties:
            yield from _cases(properties[name], value[name], here, walk, required=name in required)
    if schema.get("additionalProperties") is not False:
        extra = {**value, EXTRA_KEY: 1}
        kind = "extra_key_on_input" if walk.side == "input" else "extra_key"
        yield Case(kind, (*path, EXTRA_KEY), set_at(root, path, extra), True)


# ---- RunComfy validations on data URIs --------------------------------------------------------


def _rule_cases(schema: dict[str, Any], case: Any) -> Iterator[Case]:
    """Data URIs that break a ``validations`` rule the client checks itself (see _base.py)."""
    rules = {r.get("validation_rule"): r.get("validation_value") for r in _rules(schema)}
    image = _tiny_png()
    if image is not None:
        # A 1x1 image breaks any "at least N pixels" rule with N > 1.
        minimums = [rules.get("width_pixels>"), rules.get("height_pixels>")]
        if any(isinstance(m, int | float) and m > 1 for m in minimums):
            yield case("client_checked_validation_rule", image, True)
    limit = rules.get("file_size_mb<")
    if isinstance(limit, int | float) and 0 < limit <= 20:
        payload = b"\0" * (int(limit * 1_000_000) + 1)
        uri = "data:application/octet-stream;base64," + base64.b64encode(payload).decode()
        yield case("client_checked_validation_rule", uri, True)


def _rules(schema: dict[str, Any]) -> list[dict[str, Any]]:
    rules = schema.get("validations")
    return [r for r in rules if isinstance(r, dict)] if isinstance(rules, list) else []


@functools.cache
def _tiny_png() -> str | None:
    """A 1x1 PNG data URI, or None without Pillow (then the client leaves pixels to the server)."""
    try:
        from PIL import Image
    except ImportError:
        return None
    buffer = io.BytesIO()
    Image.new("RGB", (1, 1)).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
