"""Differential cases: valid instances edged up to each constraint and instances mutated out of it,
each judged twice, by jsonschema (the oracle) and by the generated pydantic model.

A ``Case`` is one whole instance plus what both judges should say about it. ``cases_for`` walks an
instance together with its schema and, at every value, makes

* edges (valid, both must accept): every enum value, each bound itself, the longest/shortest
  string and list allowed, an optional field left out, a data URI where a URL was;
* violations (both must refuse): wrong type, null, out of range, not a multiple, too long/short,
  too many/few items, repeated items, outside the enum, a pattern missed, a bad URI, a required
  field missing;
* and the few kinds where the model and the schema legitimately differ: see ``KNOWN_DIFFERENCES``.

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
from typing import Any, Literal

from contract_formats import BAD_URIS, CUSTOM_FORMATS, format_checker
from jsonschema import Draft7Validator
from pydantic import BaseModel, ValidationError

__all__ = [
    "KNOWN_DIFFERENCES",
    "Case",
    "Disagreement",
    "Known",
    "build_full",
    "cases_for",
    "disagreements",
    "json_equal",
    "model_accepts",
    "report",
]

Path = tuple[str | int, ...]
Side = Literal["input", "output"]
EXTRA_KEY = "contract_unknown_field"


@dataclass(frozen=True)
class Known:
    """A documented difference: what each judge says, and why that is right."""

    schema_accepts: bool
    model_accepts: bool
    reason: str


# Every legitimate difference between a schema and its generated model, with the reason. A case
# of one of these kinds must get exactly this pair of verdicts; any other case must get the same
# verdict from both judges. Keep this list short: each entry is a promise made in the README.
KNOWN_DIFFERENCES: dict[str, Known] = {
    "extra_key_on_input": Known(
        schema_accepts=True,
        model_accepts=False,
        reason="input models refuse unknown keys (extra='forbid'): a misspelt field name would "
        "otherwise be sent and silently ignored by the server. RunComfy's schemas do not say "
        "additionalProperties: false, so jsonschema lets the key through.",
    ),
    "integral_float_for_integer": Known(
        schema_accepts=True,
        model_accepts=False,
        reason="draft 7 counts 512.0 as an integer; the model's strict int refuses a float, "
        "which in Python is nearly always a bug, so the body always carries a JSON integer.",
    ),
    "client_checked_validation_rule": Known(
        schema_accepts=True,
        model_accepts=False,
        reason="RunComfy's `validations` rules are not JSON Schema; the model checks the ones it "
        "can without fetching anything, on data URIs (decoded size; pixels with Pillow), "
        "before any request. URLs are left to the server.",
    ),
    "null_for_optional_output": Known(
        schema_accepts=False,
        model_accepts=True,
        reason="output models are lenient readers: an optional output the server sends as null "
        "reads as absent (None) instead of failing the whole result.",
    ),
}


@dataclass(frozen=True)
class Case:
    kind: str
    path: Path
    instance: Any
    valid: bool  # what the schema should say, for kinds not in KNOWN_DIFFERENCES

    def expected(self) -> tuple[bool, bool]:
        known = KNOWN_DIFFERENCES.get(self.kind)
        if known is not None:
            return known.schema_accepts, known.model_accepts
        return self.valid, self.valid

    def where(self) -> str:
        return "/" + "/".join(str(p) for p in self.path)


@dataclass(frozen=True)
class Disagreement:
    case: Case
    schema_accepts: bool
    model_accepts: bool
    model_error: str

    def describe(self) -> str:
        expected_schema, expected_model = self.case.expected()
        who = []
        if self.schema_accepts != expected_schema:
            who.append(f"jsonschema {'accepts' if self.schema_accepts else 'rejects'}")
        if self.model_accepts != expected_model:
            who.append(f"the model {'accepts' if self.model_accepts else 'rejects'}")
        try:
            value = _short(_get(self.case.instance, self.case.path))
        except (KeyError, IndexError):
            value = "left out"
        text = f"{self.case.kind} at {self.case.where()} (value {value}): {' but '.join(who)}"
        if self.case.kind in KNOWN_DIFFERENCES:
            text += " (a documented difference changed: update KNOWN_DIFFERENCES and the README)"
        elif self.schema_accepts != expected_schema:
            text += " (the oracle disagrees with the mutation: a bug in the contract suite)"
        if self.model_error:
            text += f"; model said: {self.model_error}"
        return text


def report(what: str, found: list[Disagreement]) -> str:
    """The failure message: one line per disagreement."""
    lines = [f"{len(found)} disagreement(s) between the schema and the generated {what}:"]
    lines += [f"  - {d.describe()}" for d in found[:25]]
    return "\n".join(lines)


# ---- judging ----------------------------------------------------------------------------------


def model_accepts(model: type[BaseModel], instance: Any) -> tuple[bool, str]:
    """The model's verdict on a wire-format instance, as the client's submit reads it."""
    try:
        model.model_validate(instance, by_alias=True, by_name=False)
    except ValidationError as exc:
        return False, " ".join(line.strip() for line in str(exc).splitlines()[1:3])
    return True, ""


def disagreements(
    schema: dict[str, Any], model: type[BaseModel], cases: list[Case]
) -> list[Disagreement]:
    validator = Draft7Validator(schema, format_checker=format_checker())
    found = []
    for case in cases:
        by_schema = validator.is_valid(case.instance)
        by_model, error = model_accepts(model, case.instance)
        if (by_schema, by_model) != case.expected():
            found.append(Disagreement(case, by_schema, by_model, error))
            if case.kind == "valid_instance":
                break  # every other case is built on it: they would only repeat this one
    return found


def json_equal(a: Any, b: Any) -> bool:
    """Equal as JSON values: 3 == 3.0, but True != 1 and "1" != 1 (Python's == mixes those)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


# ---- a full valid instance --------------------------------------------------------------------

_URL = "https://files.example.com/contract/input.png"


def build_full(schema: dict[str, Any]) -> Any:
    """A valid instance holding every property (nested too), so every constraint has a place.

    Deterministic, built from the keywords (a ``pattern`` by hypothesis's simplest match).
    """
    if "const" in schema:
        return copy.deepcopy(schema["const"])
    if schema.get("enum"):
        return copy.deepcopy(schema["enum"][0])
    if "default" in schema:
        return copy.deepcopy(schema["default"])
    kind = _type(schema)
    if kind == "object":
        return {name: build_full(sub) for name, sub in (schema.get("properties") or {}).items()}
    if kind == "array":
        items: dict[str, Any] = schema["items"] if isinstance(schema.get("items"), dict) else {}
        count = max(1, schema.get("minItems", 0))
        if "maxItems" in schema:
            count = min(count, schema["maxItems"])
        return [build_full(items) for _ in range(count)]
    if kind == "string":
        if schema.get("format") in CUSTOM_FORMATS:
            return _URL
        if "pattern" in schema:
            return _fitting(schema["pattern"], schema.get("minLength", 0), schema.get("maxLength"))
        return "x" * max(1, schema.get("minLength", 0))
    if kind in ("integer", "number"):
        return _number_inside(schema, kind)
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    return "x"


@functools.cache
def _fitting(pattern: str, low: int, high: int | None) -> str:
    """The simplest string matching ``pattern`` within the length bounds (hypothesis shrinks to
    it, so it is the same on every run); "x" when there is none."""
    from hypothesis import HealthCheck, find, settings
    from hypothesis import strategies as st
    from hypothesis.errors import NoSuchExample

    try:
        found: str = find(
            st.from_regex(pattern),
            lambda s: low <= len(s) <= (high if high is not None else len(s)),
            settings=settings(database=None, suppress_health_check=list(HealthCheck)),
        )
    except NoSuchExample:
        return "x"
    return found


def _type(schema: dict[str, Any]) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind is None and "properties" in schema:
        return "object"
    return kind if isinstance(kind, str) else None


def _low(schema: dict[str, Any], kind: str) -> float | None:
    step = 1 if kind == "integer" else 0.5
    if "minimum" in schema:
        return float(schema["minimum"])
    if "exclusiveMinimum" in schema:
        return float(schema["exclusiveMinimum"]) + step
    return None


def _high(schema: dict[str, Any], kind: str) -> float | None:
    step = 1 if kind == "integer" else 0.5
    if "maximum" in schema:
        return float(schema["maximum"])
    if "exclusiveMaximum" in schema:
        return float(schema["exclusiveMaximum"]) - step
    return None


def _number_inside(schema: dict[str, Any], kind: str) -> int | float:
    low, high = _low(schema, kind), _high(schema, kind)
    value = low if low is not None else (min(high, 0.0) if high is not None else 0.0)
    step = schema.get("multipleOf")
    if step:
        value = -(-value // step) * step  # the first multiple at or above the bound
    return int(value) if kind == "integer" else value


# ---- cases ------------------------------------------------------------------------------------


def _get(instance: Any, path: Path) -> Any:
    for part in path:
        instance = instance[part]
    return instance


def _set(instance: Any, path: Path, value: Any) -> Any:
    out = copy.deepcopy(instance)
    if not path:
        return value
    parent = _get(out, path[:-1])
    parent[path[-1]] = value
    return out


def _drop(instance: Any, path: Path) -> Any:
    out = copy.deepcopy(instance)
    del _get(out, path[:-1])[path[-1]]
    return out


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True)
class _Walk:
    root: Any
    side: Side
    rules: bool  # also make the (large, slow) data URIs that break `validations` rules

    def maker(self, path: Path) -> Any:
        def case(kind: str, new: Any, valid: bool) -> Case:
            return Case(kind, path, _set(self.root, path, new), valid)

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
    schema: dict[str, Any], value: Any, path: Path, walk: _Walk, *, required: bool
) -> Iterator[Case]:
    case = walk.maker(path)
    side = walk.side

    kind = _type(schema)
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
                alone = dataclasses.replace(walk, root=_set(walk.root, path, value[:1]))
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
        inside = _number_inside(schema, kind)
        off = inside + (1 if integer and step != 1 else step / 2)
        high = _high(schema, kind)
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
    schema: dict[str, Any], value: dict[str, Any], path: Path, walk: _Walk
) -> Iterator[Case]:
    root = walk.root
    required = set(schema.get("required") or [])
    properties = schema.get("properties") or {}
    for name in value:
        here = (*path, name)
        if name in required:
            yield Case("missing_required", here, _drop(root, here), False)
        else:
            yield Case("optional_left_out", here, _drop(root, here), True)
        if name in properties:
            yield from _cases(properties[name], value[name], here, walk, required=name in required)
    if schema.get("additionalProperties") is not False:
        extra = {**value, EXTRA_KEY: 1}
        kind = "extra_key_on_input" if walk.side == "input" else "extra_key"
        yield Case(kind, (*path, EXTRA_KEY), _set(root, path, extra), True)


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
