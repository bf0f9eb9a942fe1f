"""pydantic v2 models from a spec's schemas, with datamodel-code-generator called as a library.

The schemas are prepared first, because the library silently does the wrong thing on RunComfy's
schemas otherwise (see NOTES in the README): custom formats become our named string types
(``customTypePath``), enum members get readable names (``x-enum-varnames``), Python names are
fixed by us (``aliases``), and optional fields that may not be ``null`` are marked for the
runtime's ``InputModel``. The output is split with ``ast`` into imports and body, and the input
class's fields are read back, so signatures use exactly the model's types and defaults.
"""

from __future__ import annotations

import ast
import copy
import sys
from dataclasses import dataclass
from typing import Any

from datamodel_code_generator import generate
from datamodel_code_generator.enums import DataModelType, InputFileType, StrictTypes

from generator.pipeline.naming import enum_member_names, field_name
from generator.pipeline.spec import ModelSpec
from generator.runtime import contract

__all__ = ["FieldCode", "ModelsCode", "build_models", "field_statements"]

_TYPES_MODULE = "runcomfy_client._types"
# Display names for the signature: pydantic's strict types are plain types to a caller.
_PLAIN = {"StrictStr": "str", "StrictInt": "int", "StrictFloat": "float", "StrictBool": "bool"}


@dataclass(frozen=True)
class FieldCode:
    """A field of the generated input class, read back from the generated code."""

    py_name: str
    annotation: str  # for the keyword argument (enum classes widened to accept plain values)
    default: str | None  # Python source, or None when the field is required


@dataclass(frozen=True)
class ModelsCode:
    import_groups: tuple[tuple[str, ...], ...]  # stdlib, third party, ours
    body: str  # class definitions, unformatted
    fields: tuple[FieldCode, ...]
    enum_aliases: tuple[tuple[str, str], ...]  # (alias name, source): Enum | Literal[...]
    class_names: tuple[str, ...]  # every class the body defines


def _prepare(node: Any, names: dict[str, str], *, mark_not_null: bool) -> Any:
    """Copy of ``node`` with the extension keys the library understands."""
    if not isinstance(node, dict):
        return node
    out = {k: copy.deepcopy(v) for k, v in node.items() if k not in ("properties", "items")}
    fmt = out.get("format")
    if out.get("type") == "string" and isinstance(fmt, str) and fmt in contract.URI_FORMATS:
        out["customTypePath"] = f"{_TYPES_MODULE}.{contract.URI_FORMATS[fmt]}"
        out.pop("format")
    if out.get("uniqueItems") is True and mark_not_null:
        # the library drops uniqueItems; the runtime's InputModel checks it
        out[contract.UNIQUE_KEY] = True
    if isinstance(out.get("enum"), list):
        out["x-enum-varnames"] = enum_member_names(out["enum"])
    if isinstance(node.get("items"), dict):
        out["items"] = _prepare(node["items"], names, mark_not_null=mark_not_null)
    properties = node.get("properties")
    if isinstance(properties, dict):
        required = set(out.get("required") or [])
        prepared = {}
        for wire, sub in properties.items():
            names[wire] = field_name(wire)
            sub = _prepare(sub, names, mark_not_null=mark_not_null)
            if (
                mark_not_null
                and isinstance(sub, dict)
                and wire not in required
                and "default" not in sub
                and not _allows_null(sub)
            ):
                sub[contract.NOT_NULL_KEY] = True
            prepared[wire] = sub
        out["properties"] = prepared
    return out


def _allows_null(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    if kind == "null" or (isinstance(kind, list) and "null" in kind):
        return True
    return any(
        isinstance(s, dict) and _allows_null(s)
        for key in ("anyOf", "oneOf")
        for s in schema.get(key) or []
    )


def _run_library(schema: dict[str, Any], class_name: str, base: str, names: dict[str, str]) -> str:
    import json

    result = generate(
        json.dumps(schema, ensure_ascii=False, sort_keys=False),
        input_file_type=InputFileType.JsonSchema,
        output_model_type=DataModelType.PydanticV2BaseModel,
        preset="standard-py311-20260826",
        class_name=class_name,
        base_class=base,
        field_extra_keys=set(contract.FIELD_MARK_KEYS),
        disable_timestamp=True,
        custom_file_header="#",
        use_annotated=True,
        field_constraints=True,
        set_default_enum_member=True,
        capitalise_enum_members=True,
        strict_types=[StrictTypes.str, StrictTypes.int, StrictTypes.float, StrictTypes.bool],
        aliases={wire: py for wire, py in sorted(names.items()) if wire != py},
        formatters=[],
    )
    if not isinstance(result, str):  # pragma: no cover - one input gives one module
        raise TypeError("datamodel-code-generator returned several modules for one schema")
    return result


def _split(source: str) -> tuple[list[ast.stmt], list[ast.stmt], ast.Module]:
    tree = ast.parse(source)
    imports: list[ast.stmt] = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    body = [n for n in tree.body if not isinstance(n, ast.Import | ast.ImportFrom)]
    return imports, body, tree


# What every model module needs besides the library's own imports.
_RESOURCE_IMPORTS = {
    "collections.abc": {"Callable"},
    "typing": {
        "Any",
        "ClassVar",
        "Literal",
        "NotRequired",
        "Required",
        "TypeAlias",
        "TypedDict",
        "overload",
    },
    "runcomfy_client._jobs": {"AsyncJob", "Job", "JobStatus"},
    "runcomfy_client._resource": {"AsyncModelResource", "SyncModelResource"},
}


def _merge_imports(*groups: list[ast.stmt]) -> tuple[tuple[str, ...], ...]:
    """One ``from x import ...`` line per module, grouped stdlib / third party / ours, sorted."""
    names: dict[str, set[str]] = {m: set(n) for m, n in _RESOURCE_IMPORTS.items()}
    for group in groups:
        for node in group:
            if isinstance(node, ast.ImportFrom) and node.module and node.module != "__future__":
                names.setdefault(node.module, set()).update(
                    a.name if a.asname is None else f"{a.name} as {a.asname}" for a in node.names
                )

    def rank(module: str) -> int:
        top = module.split(".")[0]
        return 2 if top == "runcomfy_client" else 0 if top in sys.stdlib_module_names else 1

    return tuple(
        tuple(
            f"from {m} import {', '.join(sorted(names[m]))}"
            for m in sorted(names)
            if rank(m) == group
        )
        for group in range(3)
    )


class _Widen(ast.NodeTransformer):
    def __init__(self, aliases: dict[str, str]) -> None:
        self.aliases = aliases

    def visit_Name(self, node: ast.Name) -> ast.Name:
        name = self.aliases.get(node.id) or _PLAIN.get(node.id) or node.id
        return ast.copy_location(ast.Name(id=name, ctx=node.ctx), node)


_STRICT = {"str": "StrictStr", "int": "StrictInt", "float": "StrictFloat", "bool": "StrictBool"}


def _strictify(body: list[ast.stmt]) -> set[str]:
    """Make every primitive field type strict, as JSON Schema is: ``"5"`` is not an integer.

    The library applies its ``strict_types`` option only to some fields (not to a plain
    ``int`` with extra keys), so the annotations are rewritten here. Returns the names used.
    """
    used: set[str] = set()

    class Strict(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.Name:
            if node.id in _STRICT:
                used.add(_STRICT[node.id])
                return ast.copy_location(ast.Name(id=_STRICT[node.id], ctx=node.ctx), node)
            if node.id in _STRICT.values():
                used.add(node.id)
            return node

    for cls in body:
        if isinstance(cls, ast.ClassDef):
            for stmt in cls.body:
                if (
                    isinstance(stmt, ast.AnnAssign)
                    and isinstance(stmt.target, ast.Name)
                    and stmt.target.id != "model_config"
                ):
                    stmt.annotation = Strict().visit(stmt.annotation)
    return used


# InputModel (runtime ``_base.py``) checks fields with two catch-all ``field_validator("*")``
# methods: JSON types of enum values, explicit nulls and the other ``json_schema_extra`` marks
# (before), ``validations`` on data URIs (after). A catch-all costs a Python call per field and
# per check, about 1.5 us each, which made validation 5x slower than pydantic-core alone. Each
# input class therefore redefines the two methods (same names, so pydantic replaces the
# inherited ones) for the fields that can need them; the checks themselves stay in the runtime,
# reached through ``super()``. A field counts when it carries any ``json_schema_extra`` mark or
# an enum, so a mark the runtime learns to check later is covered without a change here. A
# class with no such field names none (``check_fields=False`` lets the list name no field).
# The two methods and their modes are the runtime contract's ``INPUT_VALIDATORS``.


def field_statements(cls: ast.ClassDef) -> list[tuple[str, ast.AnnAssign]]:
    """The fields of a generated class, as (Python name, ``name: annotation = default``)."""
    return [
        (stmt.target.id, stmt)
        for stmt in cls.body
        if isinstance(stmt, ast.AnnAssign)
        and isinstance(stmt.target, ast.Name)
        and stmt.target.id != "model_config"
    ]


def _checked_fields(cls: ast.ClassDef, enums: set[str]) -> dict[str, list[str]]:
    """Field names per InputModel check: those whose annotation could make the check act."""
    out: dict[str, list[str]] = {name: [] for name, _ in contract.INPUT_VALIDATORS}
    for name, stmt in field_statements(cls):
        nodes = list(ast.walk(stmt.annotation))
        marked = any(
            keyword.arg == "json_schema_extra"
            for node in nodes
            if isinstance(node, ast.Call)
            for keyword in node.keywords
        )
        has_enum = any(isinstance(node, ast.Name) and node.id in enums for node in nodes)
        if marked or has_enum:
            out[contract.JSON_TYPES_VALIDATOR[0]].append(name)
        if marked:
            out[contract.VALIDATIONS_VALIDATOR[0]].append(name)
    return out


def _narrow_checks(body: list[ast.stmt], enums: set[str]) -> bool:
    """Give every InputModel class its own two checks, named for the fields that need them.

    Returns whether any class was changed (its module then imports ``field_validator``).
    """
    changed = False
    for cls in body:
        if not (
            isinstance(cls, ast.ClassDef)
            and any(isinstance(b, ast.Name) and b.id == "InputModel" for b in cls.bases)
        ):
            continue
        for method, mode in contract.INPUT_VALIDATORS:
            fields = _checked_fields(cls, enums)[method]
            listed = ", ".join(repr(f) for f in fields) or repr("")
            source = (
                f"@field_validator({listed}, mode={mode!r}, check_fields=False)\n"
                "@classmethod\n"
                f"def {method}(cls, value: Any, info: ValidationInfo) -> Any:\n"
                f"    return super().{method}(value, info)\n"
            )
            cls.body.extend(ast.parse(source).body)
            changed = True
    return changed


def _unwrap_annotated(node: ast.expr) -> ast.expr:
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and node.value.id == "Annotated"
        and isinstance(node.slice, ast.Tuple)
    ):
        return node.slice.elts[0]
    return node


def build_models(spec: ModelSpec) -> ModelsCode:
    """The pydantic classes of one model (input and output) as source code."""

    def library(schema: dict[str, Any], class_name: str, base: str, is_input: bool) -> str:
        names: dict[str, str] = {}
        prepared = _prepare(schema, names, mark_not_null=is_input)
        return _run_library(prepared, class_name, f"runcomfy_client._base.{base}", names)

    input_src = library(spec.input_schema, spec.input_class, "InputModel", True)
    output_src = library(spec.output_schema, spec.output_class, "OutputModel", False)
    in_imports, in_body, _ = _split(input_src)
    out_imports, out_body, _ = _split(output_src)
    strict = sorted(_strictify(in_body) | _strictify(out_body))
    in_imports.append(ast.ImportFrom("pydantic", [ast.alias(n) for n in strict], 0))
    enum_names = {
        n.name
        for n in in_body
        if isinstance(n, ast.ClassDef)
        and any(isinstance(b, ast.Name) and b.id in ("StrEnum", "IntEnum", "Enum") for b in n.bases)
    }
    if _narrow_checks(in_body, enum_names):
        in_imports.append(
            ast.ImportFrom(
                "pydantic", [ast.alias("ValidationInfo"), ast.alias("field_validator")], 0
            )
        )
    defined = {n.name for n in in_body if isinstance(n, ast.ClassDef)}
    # The output module may define classes with the same names as the input's (an enum used by
    # both); prefix the output's own nested classes so the two sets cannot clash.
    renames = {
        n.name: f"{spec.output_class}{n.name}"
        for n in out_body
        if isinstance(n, ast.ClassDef) and n.name != spec.output_class and n.name in defined
    }
    if renames:
        out_body = [_Widen(renames).visit(n) for n in out_body]
        for node in out_body:
            if isinstance(node, ast.ClassDef) and node.name in renames:
                node.name = renames[node.name]
    enum_classes = {
        n.name: n
        for n in in_body
        if isinstance(n, ast.ClassDef)
        and any(isinstance(b, ast.Name) and b.id in ("StrEnum", "IntEnum", "Enum") for b in n.bases)
    }
    taken = defined | {n.name for n in out_body if isinstance(n, ast.ClassDef)}
    aliases: dict[str, str] = {}
    alias_sources: list[tuple[str, str]] = []
    for name, node in sorted(enum_classes.items()):
        values = [
            stmt.value
            for stmt in node.body
            if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant)
        ]
        alias = f"{name}Value"
        while alias in taken:
            alias += "_"
        taken.add(alias)
        aliases[name] = alias
        literal = ", ".join(ast.unparse(v) for v in values)
        alias_sources.append((alias, f"{name} | Literal[{literal}]"))
    fields: list[FieldCode] = []
    input_class = next(
        n for n in in_body if isinstance(n, ast.ClassDef) and n.name == spec.input_class
    )
    for stmt in input_class.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            # a copy: the transformer edits in place, and the model itself keeps strict types
            annotation = _Widen(aliases).visit(copy.deepcopy(_unwrap_annotated(stmt.annotation)))
            fields.append(
                FieldCode(
                    py_name=stmt.target.id,
                    annotation=ast.unparse(annotation),
                    default=None if stmt.value is None else ast.unparse(stmt.value),
                )
            )
    body = "\n\n\n".join(ast.unparse(n) for n in [*in_body, *out_body])
    imports = _merge_imports(in_imports, out_imports)
    return ModelsCode(
        import_groups=imports,
        body=body,
        fields=tuple(fields),
        enum_aliases=tuple(alias_sources),
        class_names=tuple(sorted(taken - set(aliases.values()))),
    )
