"""Hypothesis strategies for the generator fuzzer: schema folders in RunComfy's dialect.

A drawn ``FuzzCase`` is a small ``schemas/`` tree (usually one model, sometimes two) as file
bytes. Most cases are plausible schemas with every keyword the generator may meet; many are
broken on purpose (wrong keyword types, empty and mixed enums, unresolvable or looping
``$ref``\\ s, references to files and URLs, odd property and folder names, JSON that is not an
object, NaN, deep nesting) and a share are mutations of the committed schemas in ``schemas/``.

References to the outside world use placeholders the worker fills in per case
(``SENTINEL_*``): a file that must never be read and hosts that must never be looked up.
"""

from __future__ import annotations

import copy
import functools
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

__all__ = ["SENTINEL_TOKENS", "FuzzCase", "fuzz_cases"]

REPO = Path(__file__).resolve().parents[2]

#: placeholders the worker replaces in file text before writing a case
SENTINEL_TOKENS = ("@SENTINEL_ABS@", "@SENTINEL_REL@", "@SENTINEL_URL@")


@dataclass(frozen=True)
class FuzzCase:
    files: dict[str, bytes]  # path relative to the schemas root -> content
    origin: str  # "drawn", "mutated <model id>", "raw" ...
    note: str = ""
    tags: tuple[str, ...] = field(default=())

    def describe(self) -> str:
        return f"{self.origin}{': ' + self.note if self.note else ''}"


# ---- text ----------------------------------------------------------------------------------

HOSTILE_TEXT = [
    '"""',
    "'''",
    "\\",
    "\\x00",
    "\x1b[31mred\x1b[0m",
    "\x1b]0;title\x07",
    "nul\x00byte",
    "line\nbreak",
    "cr\rreturn",
    "\u202eevil\u202c",
    "\x9b2J",
    "{{ x }}",
    "{% if %}",
    "%(x)s %d %",
    "<script>alert(1)</script>",
    "| a | b |",
    "# heading\n## two",
    "`code` ``x``",
    "[x](javascript:alert(1))",
    "*bold* _it_",
    "中文说明",
    "",
    " ",
    "\t",
    "\u2028",
    "x" * 400,
]
NAMES = [
    "prompt", "image_url", "seed", "steps", "width", "aspect_ratio", "class", "None", "True",
    "self", "json", "model_config", "model_fields", "model_x", "OutputModel", "InputModel",
    "Field", "Annotated", "Any", "Literal", "ClassVar", "StrictStr", "ConfigDict", "Enum",
    "StrEnum", "Job", "Mapping", "list", "dict", "str", "int", "float", "bool", "type", "bytes",
    "timeout", "help", "h", "base_url", "base-url", "poll-interval", "poll_interval", "output",
    "quiet", "verbose", "fake", "download", "input", "input_file", "no_wait", "output_dir",
    "model_id", "MODEL_ID", "args", "kwargs", "submit", "run", "validations", "", "_", "__init__",
    "__class__", "a-b", "a_b", "A B", "1st", "ß", "é", "\n", "x\ny", "--x", "-", "%", "$ref",
    "fields", "copy", "schema", "dict_", "x" * 120, "Ab", "aB", "AB", "a.b", "a/b", "~0", "日本",
]  # fmt: skip
SEGMENTS = [
    "acme", "wan-ai", "wan-2-6", "image-to-image", "v1", "1.5", "pro", "edit", "seedream-5.0",
    "None", "True", "False", "class", "import", "model", "job", "close", "aclose", "models",
    "testing", "cli", "InputModel", "Job", "Mapping", "Any", "Field", "base_url", "_base",
    "x y", 'x"y', "x'y", "..", ".hidden", "-x", "1x", "ü", "x\ny", "a" * 140, "A", "a_b",
    "a-b", "Namespace", "RunComfy", "__init__", "self", "schemas", "pass", "match", "type",
]  # fmt: skip
PATTERNS = [
    "^[a-z]+$", "^abc$", "\\d+", "^\\d{3}$", "[0-9]", "(?=a)a", "(a)\\1", "[", "(?P<x>a)",
    "(?<x>a)", "\\p{L}", "a{2,}", "^$", "^.{3}$", "[\\w-]+", "(?i)abc", "a++", "\\Z", "^\\S+@\\S+$",
    "", "x*", "^[^\\s]+$", "\\u00e9", "^(?!bad).*$", "^[A-Z][a-z]*(-[A-Z][a-z]*)*$", "\\bword\\b",
    "^\\w+$", "^[\\u4e00-\\u9fff]+$", "a|b", "^(foo|bar)$", "\\", "*",
]  # fmt: skip
FORMATS = [
    "image_uri", "video_uri", "audio_uri", "uri", "image_uris", "video_uris", "email",
    "date-time", "date", "time", "uuid", "ipv4", "ipv6", "hostname", "uri-reference", "regex",
    "json-pointer", "binary", "byte", "password", "int64", "unknown-fmt", "", "idn-email", "iri",
]  # fmt: skip

texts = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=12),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
)
names = st.one_of(
    st.sampled_from(NAMES),
    st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True),
    st.text(max_size=8),
)
numbers = st.one_of(
    st.sampled_from([0, 1, -1, 2, 3, 5, 10, 64, 100, 0.5, -0.5, 0.1, 2.5, 1e-9, 1e20, 2**63]),
    st.integers(-1000, 1000),
    st.floats(-1e6, 1e6, allow_nan=False, width=32),
)
small = st.integers(0, 6)
scalars = st.one_of(
    st.none(), st.booleans(), numbers, texts, st.sampled_from(["a", "b", "A", "1", "-1", "1.5"])
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(NAMES[:12]), inner, max_size=3)
    ),
    max_leaves=6,
)
# Values of the wrong kind for any keyword: the metaschema must catch them, never a traceback.
wrong = st.one_of(
    st.sampled_from(["5", "float", "string", -1, 1.5, True, None, [], {}, [1], {"a": 1}]),
    json_values,
)


# ---- schemas -------------------------------------------------------------------------------

TYPES = ["string", "integer", "number", "boolean", "null", "array", "object"]


def _maybe(keys: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=keys)


def _annotations() -> dict[str, st.SearchStrategy[Any]]:
    return {"title": texts, "description": texts, "examples": st.lists(json_values, max_size=2)}


@functools.cache
def _string() -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(
        lambda kind, extra: {"type": kind, **extra},
        st.just("string"),
        _maybe(
            {
                "minLength": small,
                "maxLength": st.integers(0, 12),
                "pattern": st.sampled_from(PATTERNS),
                "format": st.sampled_from(FORMATS),
                "default": st.one_of(texts, scalars),
                "enum": st.lists(st.one_of(texts, scalars), max_size=4),
                **_annotations(),
            }
        ),
    )


@functools.cache
def _number() -> st.SearchStrategy[dict[str, Any]]:
    bounds = st.one_of(numbers, st.sampled_from([-1, 0, 1, 512, 2048, 0.0, -2.5]))
    return st.builds(
        lambda kind, extra: {"type": kind, **extra},
        st.sampled_from(["integer", "number", "float"]),
        _maybe(
            {
                "minimum": bounds,
                "maximum": bounds,
                "exclusiveMinimum": bounds,
                "exclusiveMaximum": bounds,
                "multipleOf": st.sampled_from([1, 2, 0.5, 64, 0.1, 3, 0, -1, 1e-3]),
                "default": scalars,
                "enum": st.lists(numbers, max_size=4),
                "format": st.sampled_from(["int32", "int64", "float", "double", "image_uri"]),
                **_annotations(),
            }
        ),
    )


@functools.cache
def _simple() -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.builds(
            lambda extra: {"type": "boolean", **extra},
            _maybe({"default": scalars, "enum": st.lists(scalars, max_size=3), "const": scalars}),
        ),
        st.just({"type": "null"}),
        # no type: the keywords apply to the JSON types they are about, anything else passes
        _maybe(
            {
                "minimum": numbers,
                "maximum": numbers,
                "minLength": small,
                "maxLength": small,
                "pattern": st.sampled_from(PATTERNS[:6]),
                "format": st.sampled_from(FORMATS[:8]),
                "minItems": small,
                "multipleOf": st.sampled_from([1, 2, 0.5]),
                "description": texts,
            }
        ),
        # type lists, with keywords of several types
        st.builds(
            lambda kinds, extra: {"type": kinds, **extra},
            st.lists(st.sampled_from([*TYPES, "float"]), min_size=1, max_size=3, unique=True),
            _maybe(
                {
                    "minimum": numbers,
                    "maxLength": small,
                    "enum": st.lists(scalars, max_size=4),
                    "default": scalars,
                    "minItems": small,
                }
            ),
        ),
        # enums: mixed types, negative numbers, empty, repeated, null, nested values
        st.builds(
            lambda values, extra: {"enum": values, **extra},
            st.lists(st.one_of(scalars, json_values), max_size=5),
            _maybe({"type": st.sampled_from([*TYPES, ["string", "null"]]), "default": scalars}),
        ),
        st.builds(lambda value: {"const": value}, json_values),
    )


RULES = ["file_size_mb<", "width_pixels>", "height_pixels<", "width/height>", "duration_seconds<"]


@functools.cache
def _validations() -> st.SearchStrategy[Any]:
    rule = st.fixed_dictionaries(
        {"validation_rule": st.one_of(st.sampled_from(RULES), texts)},
        optional={"validation_value": st.one_of(numbers, wrong), "validation_error": texts},
    )
    return st.one_of(st.lists(rule, max_size=3), wrong)


GOOD_REFS = ["#/definitions/a", "#/definitions/b", "#/$defs/c", "#/definitions/~0~1"]
REF_TARGETS = [
    "#/definitions/a", "#/definitions/b", "#/$defs/c", "#/definitions/missing", "#",
    "#/properties", "#/properties/p0", "#/definitions/a/properties/x", "#/definitions/~1",
    "#definitions/a", "#/definitions/a%20b", "@SENTINEL_ABS@", "@SENTINEL_REL@", "@SENTINEL_URL@",
    "http://sentinel.invalid/schema.json", "https://127.0.0.1:9/x.json#/a",
    "other.json#/definitions/a", "", "urn:x:y",
]  # fmt: skip


def _extend(inner: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    props = st.dictionaries(names, inner, max_size=4)
    arrays, objects, combined, negated, conditional, referenced, rules, extended = (
        st.builds(
            lambda items, extra: {"type": "array", **({"items": items} if items else {}), **extra},
            st.one_of(inner, st.none(), st.lists(inner, max_size=2)),
            _maybe(
                {
                    "minItems": small,
                    "maxItems": st.integers(0, 5),
                    "uniqueItems": st.booleans(),
                    "format": st.sampled_from(["image_uris", "video_uris", "audio_uris"]),
                    "default": st.lists(scalars, max_size=3),
                    "validations": _validations(),
                    "contains": inner,
                    "additionalItems": st.booleans(),
                }
            ),
        ),
        st.builds(
            lambda properties, required, extra: {
                "type": "object",
                "properties": properties,
                **({"required": required} if required is not None else {}),
                **extra,
            },
            props,
            st.one_of(st.none(), st.lists(names, max_size=3)),
            _maybe(
                {
                    "additionalProperties": st.one_of(st.booleans(), inner),
                    "minProperties": small,
                    "maxProperties": small,
                    "patternProperties": st.dictionaries(
                        st.sampled_from(PATTERNS[:5]), inner, max_size=1
                    ),
                    "propertyNames": inner,
                    "dependencies": st.dictionaries(names, st.lists(names, max_size=2), max_size=1),
                    "default": st.dictionaries(names, scalars, max_size=2),
                }
            ),
        ),
        st.builds(
            lambda key, subs, extra: {key: subs, **extra},
            st.sampled_from(["anyOf", "oneOf", "allOf"]),
            st.lists(inner, min_size=1, max_size=3),
            _maybe({"description": texts, "default": scalars}),
        ),
        st.builds(lambda sub: {"not": sub}, inner),
        st.builds(
            lambda i, t, e: {"if": i, "then": t, **({"else": e} if e else {})},
            inner,
            inner,
            st.one_of(st.none(), inner),
        ),
        st.builds(
            lambda ref, extra: {"$ref": ref, **extra},
            st.sampled_from(REF_TARGETS),
            _maybe({"default": scalars, "description": texts, "minimum": numbers}),
        ),
        st.builds(
            lambda sub: {
                **sub,
                "validations": [{"validation_rule": "file_size_mb<", "validation_value": 10}],
            },
            inner,
        ),
        st.builds(
            lambda sub, n: {**sub, "nullable": n, "x-ui": {"hidden": True}}, inner, st.booleans()
        ),
    )
    good_refs = st.builds(lambda ref: {"$ref": ref}, st.sampled_from(GOOD_REFS))
    # weighted by repetition: plausible shapes often, unsupported and broken ones now and then
    return st.one_of(
        arrays, arrays, arrays, objects, objects, objects, combined, combined, good_refs,
        good_refs, referenced, rules, extended, negated, conditional,
    )  # fmt: skip


@functools.cache
def subschemas(depth: int = 6) -> st.SearchStrategy[dict[str, Any]]:
    leaves = st.one_of(_string(), _number(), _simple())
    return st.recursive(leaves, _extend, max_leaves=depth)


@functools.cache
def _definitions() -> st.SearchStrategy[dict[str, Any]]:
    # Usually every definition the good references name; sometimes some are missing.
    complete = st.fixed_dictionaries(
        {
            "definitions": st.fixed_dictionaries(
                {"a": subschemas(3), "b": subschemas(3), "~/": subschemas(2)}
            ),
            "$defs": st.fixed_dictionaries({"c": subschemas(3)}),
        }
    )
    partial = st.fixed_dictionaries(
        {},
        optional={
            "definitions": st.fixed_dictionaries(
                {}, optional={"a": subschemas(3), "b": subschemas(3), "~/": subschemas(2)}
            ),
            "$defs": st.fixed_dictionaries({}, optional={"c": subschemas(3)}),
        },
    )
    return st.one_of(complete, complete, partial)


@functools.cache
def input_schemas() -> st.SearchStrategy[Any]:
    plausible = st.builds(
        _root,
        st.dictionaries(names, subschemas(), max_size=6),
        st.one_of(st.none(), st.lists(names, max_size=3), st.just(["p0"])),
        _definitions(),
        _maybe(
            {
                "description": texts,
                "title": texts,
                "additionalProperties": st.booleans(),
                "$schema": st.just("http://json-schema.org/draft-07/schema#"),
                "$id": st.sampled_from(["http://sentinel.invalid/root.json", "urn:x", "#foo"]),
            }
        ),
    )
    return plausible


def _root(
    properties: dict[str, Any],
    required: list[str] | None,
    defs: dict[str, Any],
    extra: dict[str, Any],
) -> dict[str, Any]:
    root: dict[str, Any] = {"type": "object", "properties": properties}
    if required is not None:
        root["required"] = required
    root.update(defs)
    root.update(extra)
    if root.get("type") is None:
        root.pop("type")
    return root


@functools.cache
def output_schemas() -> st.SearchStrategy[Any]:
    body = st.builds(
        lambda props, req: {
            "type": "object",
            "properties": props,
            **({"required": req} if req else {}),
        },
        st.dictionaries(names, subschemas(4), max_size=4),
        st.one_of(st.none(), st.lists(names, max_size=2)),
    )
    broken = st.sampled_from(
        ["null", [], "x", {"output": None}, {"type": "string"}, {"output": {"type": "array"}}]
    )
    return st.one_of(
        st.just(None),  # no output.json
        body.map(lambda b: {"output": b}),
        body.map(lambda b: {"output": b["properties"]}),  # RunComfy's bare properties map
        body,
        st.integers(0, 2**64).flatmap(
            lambda n: broken if n % 7 == 0 else body.map(lambda b: {"output": b})
        ),
    )


# ---- folders -------------------------------------------------------------------------------

_plain_segment = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)
plain_ids = st.builds(lambda segs: "/".join(segs), st.lists(_plain_segment, min_size=2, max_size=4))
model_ids = st.one_of(
    st.builds(
        lambda segs: "/".join(segs),
        st.lists(st.one_of(st.sampled_from(SEGMENTS), _plain_segment), min_size=1, max_size=6),
    ),
)


def _bytes_of(value: Any) -> bytes:
    if isinstance(value, str) and value == "null":
        return b"null"
    return json.dumps(value, ensure_ascii=False, indent=1).encode("utf-8")


RAW_TEXTS: list[bytes] = [
    b"", b"null", b"[]", b"{", b"NaN", b'{"type": "object", "properties": {"a": {"minimum": NaN}}}',
    b'{"type": "object", "properties": {"a": {"maximum": Infinity}}}',
    b'{"type":"object","properties":{"a":{"type":"string"}},"properties":{"b":{"type":"integer"}}}',
    b"\xff\xfe{}", '\ufeff{"type": "object"}'.encode(), b'{"type": "object"} trailing',
    b"[" * 5000 + b"]" * 5000, b'{"a":' * 3000 + b"1" + b"}" * 3000,
]  # fmt: skip


BROKEN_KEYWORDS = [
    "type", "enum", "minimum", "maxLength", "pattern", "items", "required", "properties",
    "format", "default", "multipleOf", "validations", "const", "anyOf", "$ref", "uniqueItems",
    "additionalProperties", "minItems",
]  # fmt: skip
BROKEN_ROOTS: list[Any] = [None, [], "x", 1, True, {"properties": 1}, {"type": "array"}]


@st.composite
def drawn_case(draw: st.DrawFn) -> FuzzCase:
    """One schemas folder; most are plausible, some broken in one of many ways."""
    rnd = random.Random(draw(st.integers(0, 2**64)))  # hypothesis favours 0.0 for probabilities
    files: dict[str, bytes] = {}
    ids = [draw(model_ids if rnd.random() < 0.15 else plain_ids)]
    if rnd.random() < 0.1:  # two models: prefixes and colliding Python paths
        ids.append(draw(st.sampled_from([ids[0] + "/x", ids[0].replace("-", "_"), "acme/other"])))
    tags = []
    clean = rnd.random() < 0.5  # half the cases: only what a model can check, to probe models
    if clean:
        tags.append("clean")
    for model_id in ids:
        folder = model_id.strip("/") or "x"
        schema: Any = copy.deepcopy(draw(input_schemas()))  # st.just values are shared
        roll = 1.0 if clean else rnd.random()
        if clean:
            schema = clean_schema(schema)
        if roll < 0.03:
            files[f"{folder}/input.json"] = draw(st.sampled_from(RAW_TEXTS))
            tags.append("raw text")
            schema = None
        elif roll < 0.06:
            schema = draw(st.sampled_from(BROKEN_ROOTS))
            tags.append("broken root")
        elif roll < 0.25:
            places = _locations(schema)
            where = places[rnd.randrange(len(places))]
            node = _at(schema, where)
            key = draw(st.sampled_from(BROKEN_KEYWORDS))
            node[key] = draw(wrong)
            tags.append(f"wrong {key}")
        if schema is not None or f"{folder}/input.json" not in files:
            files[f"{folder}/input.json"] = _bytes_of(schema)
        output = draw(output_schemas())
        if output is not None:
            files[f"{folder}/output.json"] = _bytes_of(output)
    if rnd.random() < 0.003:
        files[f"{ids[0].strip('/') or 'x'}/input.json"] = _bytes_of(_wide_schema(1500))
        tags.append("1500 properties")
    return FuzzCase(files, "drawn", ", ".join(tags), tuple(tags))


_META = __import__("jsonschema").Draft7Validator(
    __import__("jsonschema").Draft7Validator.META_SCHEMA
)
_UNSUPPORTED = frozenset(
    {
        "not", "if", "then", "else", "allOf", "contains", "patternProperties", "propertyNames",
        "dependencies", "minProperties", "maxProperties", "additionalItems", "nullable", "$id",
    }
)  # fmt: skip


def clean_schema(schema: Any) -> Any:
    """``schema`` with what the generator refuses taken out (drawn cases that must give models):
    unsupported keywords, references to nothing, impossible keyword values, broken defaults."""
    return _clean(schema, schema)


def _good_rule(rule: Any) -> bool:
    return (
        isinstance(rule, dict)
        and isinstance(rule.get("validation_rule"), str)
        and isinstance(rule.get("validation_value"), int | float)
        and not isinstance(rule.get("validation_value"), bool)
        and isinstance(rule.get("validation_error", ""), str)
    )


def _clean(node: Any, root: dict[str, Any]) -> Any:
    """``node`` of ``root`` cleaned (``clean_schema``)."""
    import re

    from generator.pipeline.schema_checks import validator_for
    from generator.pipeline.support import allowed_enum_values

    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if ref is not None:
        target = str(ref)[2:].split("/") if str(ref).startswith("#/") else []
        here: Any = root
        for part in target:
            part = part.replace("~1", "/").replace("~0", "~")
            here = here.get(part) if isinstance(here, dict) else None
        return {"$ref": ref} if ref in GOOD_REFS and isinstance(here, dict) else {"type": "string"}
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _UNSUPPORTED or (key == "items" and isinstance(value, list)):
            continue
        if key == "multipleOf" and not (isinstance(value, int | float) and value > 0):
            continue
        if key == "enum" and (not value or any(isinstance(v, list | dict) for v in value)):
            continue
        if key == "pattern":
            try:
                re.compile(value)
            except (re.error, TypeError):
                continue
        if key in ("properties", "definitions", "$defs") and isinstance(value, dict):
            out[key] = {name: _clean(sub, root) for name, sub in value.items()}
        elif key in ("items", "additionalProperties") and isinstance(value, dict):
            out[key] = _clean(value, root)
        elif key in ("anyOf", "oneOf") and isinstance(value, list):
            out["anyOf"] = [_clean(sub, root) for sub in value]  # oneOf may overlap: refused
        else:
            out[key] = value
    if isinstance(out.get("type"), list):  # RunComfy's "float" is "number": no type twice
        out["type"] = list(dict.fromkeys("number" if t == "float" else t for t in out["type"]))
    for key in [k for k in out if k not in ("properties", "definitions", "$defs", "items",
                                            "additionalProperties", "anyOf", "default")]:  # fmt: skip
        if not _META.is_valid({key: out[key]}):
            del out[key]  # a keyword with a value of the wrong kind
    if isinstance(out.get("validations"), list):
        out["validations"] = [r for r in out["validations"] if _good_rule(r)]
    if "const" in out and isinstance(out["const"], list | dict):
        del out["const"]
    if ("enum" in out or "const" in out) and not allowed_enum_values(out):
        out.pop("enum", None)  # no value passes the rest: refused
        out.pop("const", None)
    if "default" in out:
        try:
            rest = {k: v for k, v in out.items() if k != "default"}
            valid = validator_for(root).evolve(schema=rest).is_valid(out["default"])
        except Exception:
            valid = False
        if not valid:
            del out["default"]
    return out


def _wide_schema(count: int) -> dict[str, Any]:
    kinds = [
        {"type": "string", "maxLength": 50},
        {"type": "integer", "minimum": 0, "maximum": 10},
        {"type": "string", "enum": ["a", "b", "c"]},
        {"type": "array", "items": {"type": "string", "format": "image_uri"}, "maxItems": 3},
        {"type": "number", "exclusiveMinimum": 0},
    ]
    return {
        "type": "object",
        "properties": {f"field_{i}": copy.deepcopy(kinds[i % len(kinds)]) for i in range(count)},
        "required": [f"field_{i}" for i in range(0, count, 7)],
    }


# ---- mutations of the committed schemas ------------------------------------------------------


@functools.cache
def _committed() -> list[tuple[str, dict[str, Any], Any]]:
    found = []
    root = REPO / "schemas"
    for path in sorted(root.rglob("input.json")):
        model_id = path.parent.relative_to(root).as_posix()
        output = path.parent / "output.json"
        found.append(
            (
                model_id,
                json.loads(path.read_text(encoding="utf-8")),
                json.loads(output.read_text(encoding="utf-8")) if output.exists() else None,
            )
        )
    return found


def _locations(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths of every subschema (dicts under schema keywords)."""
    out = [path]
    if not isinstance(node, dict):
        return out
    for key in ("properties", "definitions", "$defs"):
        if isinstance(node.get(key), dict):
            for name, sub in node[key].items():
                out += _locations(sub, (*path, key, name))
    for key in ("items", "additionalProperties", "not"):
        if isinstance(node.get(key), dict):
            out += _locations(node[key], (*path, key))
    for key in ("anyOf", "oneOf", "allOf"):
        if isinstance(node.get(key), list):
            for i, sub in enumerate(node[key]):
                out += _locations(sub, (*path, key, i))
    return out


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


KEYWORDS = [
    "type", "enum", "const", "default", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "pattern", "format", "items",
    "minItems", "maxItems", "uniqueItems", "properties", "required", "additionalProperties",
    "anyOf", "oneOf", "allOf", "not", "$ref", "validations", "title", "description",
]  # fmt: skip


@st.composite
def mutated_case(draw: st.DrawFn) -> FuzzCase:
    committed = _committed()
    model_id, schema, output = copy.deepcopy(draw(st.sampled_from(committed)))
    notes = []
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(_locations(schema)))
        node = _at(schema, where)
        if not isinstance(node, dict):
            continue
        op = draw(st.sampled_from(["set", "set", "delete", "replace", "rename", "add"]))
        pointer = "/" + "/".join(str(p) for p in where)
        if op == "set":
            key = draw(st.sampled_from(KEYWORDS))
            node[key] = draw(
                st.one_of(wrong, json_values, subschemas(3), st.sampled_from(REF_TARGETS))
                if key != "enum"
                else st.lists(scalars, max_size=4)
            )
            notes.append(f"set {key} at {pointer}")
        elif op == "delete" and node:
            key = draw(st.sampled_from(sorted(node)))
            del node[key]
            notes.append(f"delete {key} at {pointer}")
        elif op == "replace" and where:
            _at(schema, where[:-1])[where[-1]] = draw(subschemas())
            notes.append(f"replace {pointer}")
        elif op == "rename" and isinstance(node.get("properties"), dict) and node["properties"]:
            old = draw(st.sampled_from(sorted(node["properties"])))
            new = draw(names)
            node["properties"] = {
                (new if k == old else k): v for k, v in node["properties"].items()
            }
            notes.append(f"rename {old!r} to {new!r} at {pointer}")
        elif op == "add":
            node.setdefault("properties", {})
            if isinstance(node["properties"], dict):
                node["properties"][draw(names)] = draw(subschemas())
                notes.append(f"add a property at {pointer}")
    files = {f"{model_id}/input.json": _bytes_of(schema)}
    if output is not None:
        if draw(st.integers(0, 3)) == 0:
            output = draw(output_schemas())
        if output is not None:
            files[f"{model_id}/output.json"] = _bytes_of(output)
    return FuzzCase(files, f"mutated {model_id}", "; ".join(notes)[:200])


@functools.cache
def fuzz_cases() -> st.SearchStrategy[FuzzCase]:
    """Every kind of case: drawn schemas (3 in 4) and mutations of the committed ones."""
    return st.one_of(drawn_case(), drawn_case(), drawn_case(), mutated_case())
