"""The differential probe: a generated model against jsonschema, at the edges of every constraint.

The oracle is jsonschema (draft 7) on the schema as the user wrote it (after RunComfy's dialect
is read), with our format checker (RunComfy's URI formats; other formats are annotations) and
the client's documented differences applied to the schema (README, "Deliberate differences"):
input objects that become models refuse unknown keys, ``512.0`` is not an integer, optional
output fields read ``null`` as absent, and ``file_size_mb<`` is checked on data URIs. No value
is predicted: every probe is judged by both sides, and any difference is a finding.

Probes: one valid instance built from the schema (each value checked by the oracle), then at
every place in it each candidate value the keywords there suggest (bounds and one step past
them, lengths, enum members and their look-alikes in other JSON types, wrong types, null, a
string matching the pattern and one missing it, good and bad URIs, lists at the item limits,
repeated items), a member left out, and an unknown key added. A value both sides accept must
survive the model's round trip (what the client sends is what the user gave).
"""

from __future__ import annotations

import base64
import copy
import itertools
import math
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from jsonschema import Draft7Validator, validators
from pydantic import BaseModel, ValidationError
from referencing import Registry
from referencing.exceptions import NoSuchResource

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "contract"))
from contract_formats import CUSTOM_FORMATS, is_uri
from contract_judging import json_equal

__all__ = ["Finding", "Oracle", "probe_model"]

Side = Literal["input", "output"]
Path_ = tuple[str | int, ...]
_MAX_PROBES = 700
_MAX_PLACES = 40
_PER_PLACE = 60
_EXTRA = "fuzz_unknown_key"


# ---- the oracle ----------------------------------------------------------------------------


def _refuse_retrieval(uri: str) -> Any:
    raise NoSuchResource(ref=uri)


def _format_checker() -> Any:
    import jsonschema

    checker = jsonschema.FormatChecker(formats=())
    for name in CUSTOM_FORMATS:
        checker.checks(name)(is_uri)
    return checker


def _data_uri_size(value: str) -> int | None:
    if not re.match(r"^data:[^,]*,", value, re.IGNORECASE):
        return None
    header, _, data = value.partition(",")
    if header.lower().endswith(";base64"):
        try:
            return len(base64.b64decode(data, validate=False))
        except ValueError:
            return None
    from urllib.parse import unquote_to_bytes

    return len(unquote_to_bytes(data))


def _validations(validator: Any, rules: Any, instance: Any, schema: Any) -> Iterator[Any]:
    """RunComfy's ``file_size_mb<`` on data URIs (the client's documented offline check)."""
    from jsonschema.exceptions import ValidationError as SchemaError

    if not isinstance(rules, list):
        return
    strings = [instance] if isinstance(instance, str) else []
    if isinstance(instance, list):
        strings = [item for item in instance if isinstance(item, str)]
    for rule in rules:
        if not isinstance(rule, dict) or rule.get("validation_rule") != "file_size_mb<":
            continue
        limit = rule.get("validation_value")
        if isinstance(limit, bool) or not isinstance(limit, int | float):
            continue
        for text in strings:
            size = _data_uri_size(text)
            if size is not None and size > limit * 1_000_000:
                yield SchemaError(f"data URI of {size} bytes breaks file_size_mb< {limit}")


_TYPES = Draft7Validator.TYPE_CHECKER.redefine(
    "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)
)
_OracleValidator = validators.extend(
    Draft7Validator, {"validations": _validations}, type_checker=_TYPES
)


def documented(schema: Any, side: Side) -> Any:
    """``schema`` with the client's documented differences written into it."""
    out = copy.deepcopy(schema)
    _document(out, side, root=True, field=False)
    return out


_NUMBER_KEYWORDS = (
    "type",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
)


def _can_pass(node: dict[str, Any], number: float) -> bool:
    """Whether ``number`` passes the number keywords beside the enum (jsonschema's verdict)."""
    rest = {k: node[k] for k in _NUMBER_KEYWORDS if k in node}
    try:
        return bool(Draft7Validator(rest).is_valid(number))
    except Exception:  # a keyword of the wrong kind: the case is a diagnostic anyway
        return True


def _document(node: Any, side: Side, *, root: bool = False, field: bool = False) -> None:
    if isinstance(node, list):
        for item in node:
            _document(item, side)
        return
    if not isinstance(node, dict):
        return
    if "validations" in node and (not field or side == "output"):
        node["x-server-validations"] = node.pop("validations")  # checked on input properties
    members = node["enum"] if isinstance(node.get("enum"), list) else []
    members = members + ([node["const"]] if "const" in node else [])
    numbers = [
        m
        for m in members
        if isinstance(m, int | float) and not isinstance(m, bool) and _can_pass(node, m)
    ]
    if numbers and all(float(m).is_integer() for m in numbers if math.isfinite(m)):
        # the client takes integers where the numbers an enum offers (those the rest of the
        # schema lets through) are all whole, as for `integer`
        node["allOf"] = [
            *node.get("allOf", []),
            {"not": {"type": "number", "not": {"type": "integer"}}},
        ]
    properties = node.get("properties")
    if isinstance(properties, dict):
        if side == "input" and "additionalProperties" not in node:
            node["additionalProperties"] = False
        if side == "output":
            required = node.get("required") if isinstance(node.get("required"), list) else []
            for name, sub in list(properties.items()):
                if name not in required:
                    properties[name] = {"anyOf": [{"type": "null"}, sub]}
    elif root and side == "input" and "additionalProperties" not in node:
        node["additionalProperties"] = False
    for key, value in node.items():
        if key in ("enum", "const", "default", "examples", "required", "x-server-validations"):
            continue
        if key == "properties" and isinstance(value, dict):
            for sub in value.values():
                _document(sub, side, field=True)
        elif key in ("definitions", "$defs", "patternProperties", "dependencies"):
            if isinstance(value, dict):
                for sub in value.values():
                    _document(sub, side)
        else:
            _document(value, side)


class Oracle:
    """jsonschema's verdict, with no file or network access whatever the schema references."""

    def __init__(self, schema: Any, side: Side) -> None:
        self.schema = documented(schema, side)
        self.validator = _OracleValidator(
            self.schema,
            format_checker=_format_checker(),
            registry=Registry(retrieve=_refuse_retrieval),  # type: ignore[call-arg]
        )

    def accepts(self, instance: Any, schema: Any = None) -> bool:
        validator = self.validator if schema is None else self.validator.evolve(schema=schema)
        return bool(validator.is_valid(instance))


# ---- values near the edges ------------------------------------------------------------------

_GENERIC: list[Any] = [None, True, False, 0, 1, -1, 1.5, 1.0, "", "x", "1", [], {}, ["x"], {"k": 1}]
_URL = "https://files.example.com/fuzz/in.png"
_BAD_URIS = ["not a url", "ftp://x.example/a.png", "/tmp/a.png", "https://", "file:///etc/x"]


def _resolve(node: Any, root: Any, hops: int = 0) -> Any:
    """Follow local ``$ref``\\ s (draft 7 ignores a ref's siblings)."""
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and hops < 20:
        ref = node["$ref"]
        if not ref.startswith("#"):
            return None
        node, hops = _pointer(root, ref[1:]), hops + 1
    return node


def _pointer(root: Any, pointer: str) -> Any:
    from urllib.parse import unquote

    node = root
    for part in [p for p in unquote(pointer).split("/")[1:]] if pointer else []:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def applicable(node: Any, root: Any, depth: int = 0) -> list[dict[str, Any]]:
    """The schema at a place and every branch that may govern it (resolved)."""
    node = _resolve(node, root)
    if not isinstance(node, dict) or depth > 6:
        return []
    found = [node]
    for key in ("anyOf", "oneOf", "allOf"):
        if isinstance(node.get(key), list):
            for sub in node[key]:
                found += applicable(sub, root, depth + 1)
    for key in ("then", "else", "not"):
        found += applicable(node.get(key), root, depth + 1)
    return found


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [k for k in kind if isinstance(k, str)]
    return []


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _number_candidates(node: dict[str, Any]) -> Iterator[Any]:
    step = _num(node.get("multipleOf"))
    for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = _num(node.get(key))
        if bound is None:
            continue
        for delta in (0, 1, -1, 0.5, -0.5, 1e-6, -1e-6):
            value = bound + delta
            yield value
            if value.is_integer() and abs(value) < 2**62:
                yield int(value)
        if step and step > 0:
            multiple = math.floor(bound / step) * step
            yield from (multiple, multiple + step, multiple - step)
    if step and step > 0:
        yield from (step, 2 * step, step / 2, step * 1.5, 0)
        if step.is_integer():
            yield from (int(step), int(step) * 3)
    yield from (0, 1, -1, 2.5, 10**20, 2**63, 1e-7)


def _string_candidates(node: dict[str, Any]) -> Iterator[Any]:
    low = node.get("minLength") if isinstance(node.get("minLength"), int) else 0
    high = node.get("maxLength") if isinstance(node.get("maxLength"), int) else None
    pattern = node.get("pattern")
    sample = regex_example(pattern) if isinstance(pattern, str) else None
    base = [sample] if sample is not None else []
    base += ["x", "é", "0"]
    for size in {low, low - 1, low + 1, *(() if high is None else (high, high + 1))}:
        if 0 <= size <= 400:
            for filler in base[:3]:
                text = (filler * (size // max(1, len(filler)) + 1))[:size] if filler else ""
                yield text
    yield from (sample or "", "x", "😀" * max(low, 1), "a\n", "abc\n")
    if node.get("format") in CUSTOM_FORMATS or "format" in node:
        yield from (_URL, "data:text/plain;base64,aGk=", "data:,x", "HTTPS://X.EXAMPLE", *_BAD_URIS)


def _array_candidates(node: dict[str, Any], root: Any, depth: int) -> Iterator[Any]:
    items = node.get("items")
    item = build(items, root, depth + 1) if isinstance(items, dict) else _Built(True, "x")
    low = node.get("minItems") if isinstance(node.get("minItems"), int) else 0
    high = node.get("maxItems") if isinstance(node.get("maxItems"), int) else None
    if item.ok:
        for size in {low, low - 1, low + 1, 1, *(() if high is None else (high, high + 1))}:
            if 0 <= size <= 50:
                yield [copy.deepcopy(item.value) for _ in range(size)]
    yield from ([], [None], [1, 1], ["x", "x"], [1, "1"], [[]], [{}])


def _object_candidates(node: dict[str, Any], root: Any, depth: int) -> Iterator[Any]:
    properties = node.get("properties") if isinstance(node.get("properties"), dict) else {}
    required = [r for r in node.get("required") or [] if isinstance(r, str)]
    full: dict[str, Any] = {}
    for name, sub in properties.items():
        built = build(sub, root, depth + 1)
        if built.ok:
            full[name] = built.value
    yield full
    yield {k: v for k, v in full.items() if k in required}
    yield {}
    yield {**full, _EXTRA: 1}


def candidates(node: Any, root: Any, depth: int = 0) -> list[Any]:
    """Values worth trying where ``node`` governs: edges, look-alikes and wrong types."""
    found: list[Any] = []
    for sub in applicable(node, root):
        for member in ([sub["const"]] if "const" in sub else []) + (
            sub["enum"] if isinstance(sub.get("enum"), list) else []
        ):
            found.append(copy.deepcopy(member))
            found += _look_alikes(member)
        kinds = _types(sub) or ["string", "number", "array", "object"]
        for kind in kinds:
            if kind in ("integer", "number", "float"):
                found += list(_number_candidates(sub))
            elif kind == "string":
                found += list(_string_candidates(sub))
            elif kind == "array" and depth < 5:
                found += list(_array_candidates(sub, root, depth))
            elif kind == "object" and depth < 5:
                found += list(_object_candidates(sub, root, depth))
            elif kind == "boolean":
                found += [True, False, "true", 0]
        if "default" in sub:
            found.append(copy.deepcopy(sub["default"]))
    found += _GENERIC
    return _unique(found)


def _look_alikes(value: Any) -> list[Any]:
    if isinstance(value, bool):
        return [int(value), str(value).lower()]
    if isinstance(value, int | float):
        out: list[Any] = [str(value), float(value), value + 1, -value]
        if float(value).is_integer() and abs(value) < 2**62:
            out.append(int(value))
        if value in (0, 1):
            out.append(bool(value))
        return out
    if isinstance(value, str):
        out = [value.swapcase(), value + " "]
        try:
            out.append(float(value))
            out.append(int(value))
        except ValueError:
            pass
        return out
    if isinstance(value, list):
        return [value[:1], [*value, *value[:1]]]
    return []


def _unique(values: list[Any]) -> list[Any]:
    seen: set[str] = set()
    out = []
    for value in values:
        key = repr((type(value).__name__, value))
        if key not in seen:
            seen.add(key)
            out.append(value)
    return out


@dataclass(frozen=True)
class _Built:
    ok: bool
    value: Any = None


_ORACLE: list[Oracle] = []  # the oracle of the probe being built (one at a time)


def build(node: Any, root: Any, depth: int = 0) -> _Built:
    """A value the oracle accepts for ``node``, preferring rich ones (every property given)."""
    oracle = _ORACLE[-1]
    resolved = _resolve(node, root)
    if resolved is None or depth > 6:
        return _Built(False)
    if resolved is True or resolved == {}:
        return _Built(True, "x")
    for value in candidates(resolved, root, depth)[:200]:
        try:
            if oracle.accepts(value, resolved):
                return _Built(True, value)
        except RecursionError:
            return _Built(False)
    return _Built(False)


# ---- regex examples -------------------------------------------------------------------------


def regex_example(pattern: str) -> str | None:
    """A short string ``re.search(pattern, s)`` likely matches (checked by the caller)."""
    try:
        import re._parser as parser  # type: ignore[import-not-found]

        parsed = parser.parse(pattern)
    except Exception:
        return None
    try:
        return _emit(list(parsed), {})
    except Exception:
        return None


def _emit(items: list[Any], groups: dict[int, str]) -> str:
    import re._constants as c  # type: ignore[import-not-found]

    out = []
    for op, arg in items:
        if op is c.LITERAL:
            out.append(chr(arg))
        elif op is c.NOT_LITERAL:
            out.append("a" if arg != ord("a") else "b")
        elif op is c.ANY:
            out.append("x")
        elif op is c.IN:
            out.append(_emit_in(arg))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            low, _high, sub = arg
            out.append(_emit(list(sub), groups) * low)
        elif op is c.SUBPATTERN:
            group, _, _, sub = arg
            text = _emit(list(sub), groups)
            if group is not None:
                groups[group] = text
            out.append(text)
        elif op is c.BRANCH:
            out.append(_emit(list(arg[1][0]), groups))
        elif op is c.GROUPREF:
            out.append(groups.get(arg, ""))
        elif op is getattr(c, "ATOMIC_GROUP", None):
            out.append(_emit(list(arg), groups))
    return "".join(out)


def _emit_in(arg: list[Any]) -> str:
    import re._constants as c  # type: ignore[import-not-found]

    negate = any(op is c.NEGATE for op, _ in arg)
    for op, value in arg:
        if op is c.LITERAL and not negate:
            return chr(value)
        if op is c.RANGE and not negate:
            return chr(value[0])
        if op is c.CATEGORY and not negate:
            return {"CATEGORY_DIGIT": "0", "CATEGORY_SPACE": " "}.get(str(value), "a")
    return "\u00e9" if negate else "a"


# ---- the probe --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    side: Side
    kind: str  # "model-accepts", "model-rejects", "round-trip"
    where: str
    keywords: str  # the constraint keywords at that place: the finding's class
    value: str
    detail: str = ""

    def signature(self) -> str:
        return f"probe:{self.side}:{self.kind}:{self.keywords or 'none'}"

    def describe(self) -> str:
        text = f"{self.side} {self.where} = {self.value}: {self.kind}"
        return text + (f" ({self.detail})" if self.detail else "")


_CONSTRAINTS = (
    "type", "enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "multipleOf", "minLength", "maxLength", "pattern", "format", "items", "minItems", "maxItems",
    "uniqueItems", "required", "additionalProperties", "anyOf", "oneOf", "allOf", "not", "$ref",
    "properties", "validations",
)  # fmt: skip


def _keywords(nodes: list[dict[str, Any]]) -> str:
    if not nodes:
        return ""
    return "+".join(k for k in _CONSTRAINTS if k in nodes[0])


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _set_at(instance: Any, path: Path_, value: Any) -> Any:
    if not path:
        return value
    out = copy.deepcopy(instance)
    node = out
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return out


def _drop_at(instance: Any, path: Path_) -> Any:
    out = copy.deepcopy(instance)
    node = out
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]
    return out


def _places(value: Any, node: Any, root: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """Every place in a valid instance, with the schema node that governs it."""
    yield path, node
    if len(path) > 8:
        return
    nodes = applicable(node, root)
    if isinstance(value, dict):
        for key, member in value.items():
            for sub in nodes:
                props = sub.get("properties")
                extra = sub.get("additionalProperties")
                if isinstance(props, dict) and key in props:
                    yield from _places(member, props[key], root, (*path, key))
                    break
                if isinstance(extra, dict):
                    yield from _places(member, extra, root, (*path, key))
                    break
    elif isinstance(value, list) and value:
        for sub in nodes:
            if isinstance(sub.get("items"), dict):
                for index in sorted({0, len(value) - 1}):
                    yield from _places(value[index], sub["items"], root, (*path, index))
                break


Judge = Callable[[Any], tuple[bool, Any]]


def model_judge(model: type[BaseModel]) -> Judge:
    """The model's verdict on a wire-format instance, and what the client would send."""

    def judge(instance: Any) -> tuple[bool, Any]:
        try:
            parsed = model.model_validate(instance, by_alias=True, by_name=False)
        except ValidationError as exc:
            return False, exc.errors()[0]["msg"] if exc.errors() else str(exc)
        return True, parsed.model_dump(mode="json", by_alias=True, exclude_unset=True)

    return judge


def probe_model(schema: Any, model: type[BaseModel], side: Side) -> list[Finding]:
    """Every disagreement between ``model`` and the oracle on the probes ``schema`` offers."""
    oracle = Oracle(schema, side)
    root = oracle.schema
    _ORACLE.append(oracle)
    try:
        probes = list(itertools.islice(_probes(root), _MAX_PROBES))
    finally:
        _ORACLE.pop()
    judge = model_judge(model)
    findings: list[Finding] = []
    seen: set[str] = set()
    for path, value, instance, nodes in probes:
        expected = oracle.accepts(instance)
        accepted, result = judge(instance)
        where = "/" + "/".join(str(p) for p in path)
        finding = None
        if expected != accepted:
            kind = "model-accepts" if accepted else "model-rejects"
            detail = "" if accepted else str(result)[:120]
            finding = Finding(side, kind, where, _keywords(nodes), _short(value), detail)
        elif accepted and not json_equal(result, instance):
            finding = Finding(
                side, "round-trip", where, _keywords(nodes), _short(value), f"sent {_short(result)}"
            )
        if finding is not None and finding.signature() not in seen:
            seen.add(finding.signature())
            findings.append(finding)
            if not path and value is probes[0][1]:
                break  # the base instance itself: every probe built on it would repeat this
    return findings


def _probes(root: Any) -> Iterator[tuple[Path_, Any, Any, list[dict[str, Any]]]]:
    base = build(root, root)
    if not base.ok:
        for value in candidates(root, root):
            yield (), value, value, applicable(root, root)
        return
    yield (), base.value, base.value, applicable(root, root)
    places = list(itertools.islice(_places(base.value, root, root), 2000))
    if len(places) > _MAX_PLACES:  # a wide schema: an even sample of its places
        places = places[:: len(places) // _MAX_PLACES + 1]
    for path, node in places:
        nodes = applicable(node, root)
        for value in candidates(node, root, len(path))[:_PER_PLACE]:
            yield path, value, _set_at(base.value, path, value), nodes
        if path and isinstance(path[-1], str):
            yield path, "<left out>", _drop_at(base.value, path), nodes
        here = _get(base.value, path)
        if isinstance(here, dict):
            yield (*path, _EXTRA), 1, _set_at(base.value, path, {**here, _EXTRA: 1}), nodes


def _get(instance: Any, path: Path_) -> Any:
    for part in path:
        instance = instance[part]
    return instance
