"""Python names from RunComfy names: model ids, property names and enum values.

Every function here is pure and total: any input string gets a valid, readable Python name.
Collisions are not resolved here; ``parse`` detects them and reports them with their source.
"""

from __future__ import annotations

import keyword
import re
import unicodedata

from generator.runtime import contract

__all__ = [
    "RESERVED_CLASS_NAMES",
    "RESERVED_FIELD_NAMES",
    "class_stem",
    "enum_member_names",
    "field_name",
    "module_segment",
]

# Names a field cannot take: BaseModel's attributes would be shadowed, and the typed ``run()``
# method has these keyword-only options of its own.
RESERVED_FIELD_NAMES = frozenset(
    {
        "self",
        *contract.WAIT_OPTION_NAMES,
        "args",
        "kwargs",
        # pydantic.BaseModel public attributes (v1 compatibility names included)
        "construct",
        "copy",
        "dict",
        "json",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
        "fields",
        # names the class body itself uses: a field of that name would shadow them
        # (``list: list[str] | None = None`` breaks every later ``list[...]`` annotation)
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "list",
        "constr",
        "conint",
        "confloat",
        "conlist",
        "classmethod",
        "field_validator",
    }
)
# Names a model module imports (from the generator, pydantic, typing and the runtime): a model
# class stem must not take one (a model ``acme/job`` is ``JobModel``, not ``Job``).
RESERVED_CLASS_NAMES = frozenset(
    {
        "Any", "Annotated", "Callable", "ClassVar", "Literal", "Mapping", "TypeAlias", "Union",
        "NotRequired", "Required", "TypedDict",
        "Optional", "overload", "Enum", "IntEnum", "StrEnum", "BaseModel", "ConfigDict", "Field",
        "RootModel", "StrictStr", "StrictInt", "StrictFloat", "StrictBool", "ValidationInfo",
        "AwareDatetime", "InputModel", "OutputModel", "Job", "AsyncJob", "JobStatus",
        "SyncModelResource", "AsyncModelResource", "ImageUri", "VideoUri", "AudioUri", "Uri",
    }
)  # fmt: skip

_NON_WORD = re.compile(r"[^0-9a-zA-Z]+")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def _ascii_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return [w for w in _NON_WORD.split(_CAMEL_BOUNDARY.sub("_", folded)) if w]


def module_segment(segment: str) -> str:
    """``wan-2-6`` -> ``wan_2_6``; ``seedream-5.0-pro`` -> ``seedream_5_0_pro``; ``1-5`` -> ``v1_5``."""
    name = "_".join(_ascii_words(segment)).lower() or "model"
    if name[0].isdigit():
        name = "v" + name
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    return name


def class_stem(model_id: str) -> str:
    """The last segment in CamelCase: ``wan-ai/wan-2-6/image-to-image`` -> ``ImageToImage``."""
    words = _ascii_words(model_id.rsplit("/", 1)[-1]) or ["Model"]
    stem = "".join(w[:1].upper() + w[1:] for w in words)
    if stem[0].isdigit():
        stem = "M" + stem
    if keyword.iskeyword(stem) or stem in RESERVED_CLASS_NAMES:
        stem += "Model"  # `acme/none` would give `class None`, `acme/job` would shadow Job
    return stem


def field_name(wire: str) -> str:
    """A Python identifier for a property: ``class`` -> ``class_``, ``1st`` -> ``field_1st``,
    ``a-b`` -> ``a_b``, ``imageURL`` -> ``image_url``, ``json`` -> ``json_``."""
    words = _ascii_words(wire)
    name = "_".join(words).lower() if words else "field"
    if name[0].isdigit():
        name = "field_" + name
    if (
        keyword.iskeyword(name)
        or keyword.issoftkeyword(name)
        or name in RESERVED_FIELD_NAMES
        or name.startswith("model_")
    ):
        name += "_"
    return name


_DIMENSIONS = re.compile(r"^\s*(\d+)\s*[*xX×]\s*(\d+)\b")
_RATIO = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*$")


def _member_name(value: object) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        text = str(value).replace("-", "minus_").replace(".", "_")
        return "VALUE_" + text.upper()
    text = str(value)
    if text == "":
        return "EMPTY"
    if match := _DIMENSIONS.match(text):
        return f"W{match[1]}_H{match[2]}"
    if match := _RATIO.match(text):
        return "RATIO_" + "_".join(_ascii_words(f"{match[1]}_{match[2]}"))
    words = _ascii_words(text.replace("+", " plus ").replace("#", " sharp "))
    if not words:
        return ""
    name = "_".join(words).upper()
    return "V" + name if name[0].isdigit() else name


def enum_member_names(values: list[object]) -> list[str]:
    """Readable, unique UPPER_CASE member names for enum values, in order.

    ``1024*1024 (1:1)`` -> ``W1024_H1024``, ``16:9`` -> ``RATIO_16_9``, ``DPM++ 2M`` ->
    ``DPM_PLUS_PLUS_2M``, ``720p`` -> ``V720P``, ``5`` -> ``V5``, ``5`` (integer) -> ``VALUE_5``.
    A value with no ASCII letters or digits becomes ``VALUE_<position>``; repeats get ``_2``, ``_3``.
    """
    names: list[str] = []
    seen: set[str] = set()
    for position, value in enumerate(values, start=1):
        base = _member_name(value) or f"VALUE_{position}"
        if keyword.iskeyword(base.lower()) and base.lower() == base:
            base += "_"
        name, n = base, 2
        while name in seen or name.startswith("_"):
            name, n = f"{base}_{n}", n + 1
        seen.add(name)
        names.append(name)
    return names
