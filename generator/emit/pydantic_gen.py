"""pydantic v2 models from a spec's schemas, with datamodel-code-generator called as a library.

The library gets a prepared copy of each schema (``library_schema``: only what it models
exactly, split by JSON type, with our URI types, readable enum member names and the runtime's
field marks) and our Python names (``aliases``). Its output is split with ``ast`` into imports
and body; every primitive type is made strict; classes are renamed where they would shadow a name
the module imports or defines (names only: the types stay strict); where pydantic reads a
schema more loosely than JSON Schema the code is rewritten (a union with ``Any`` is ``Any``;
``StrictBool``/``StrictInt`` go before Literals of the other kind; ``multiple_of`` on numbers is
the runtime's exact check; RootModel branches get our pattern engine); the runtime's checks are
attached to the fields that need them (``model_checks``); and the input class's fields are read
back, so signatures use exactly the model's types and defaults.
"""

from __future__ import annotations

import ast
import copy
import functools
import sys
from dataclasses import dataclass
from typing import Any

from datamodel_code_generator import generate
from datamodel_code_generator.enums import DataModelType, InputFileType, StrictTypes

from generator.emit.library_schema import TYPES_MODULE, library_schema
from generator.emit.model_checks import ENUM_BASES, attach_checks, field_statements
from generator.pipeline.spec import ModelSpec
from generator.runtime import contract

__all__ = ["RESOURCE_NAMES", "FieldCode", "ModelsCode", "build_models", "field_statements"]

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


def _run_library(schema: dict[str, Any], class_name: str, base: str, names: dict[str, str]) -> str:
    import json

    aliases = tuple((wire, py) for wire, py in sorted(names.items()) if wire != py)
    return _library_source(json.dumps(schema, ensure_ascii=False), class_name, base, aliases)


@functools.lru_cache(maxsize=256)
def _library_source(
    schema: str, class_name: str, base: str, aliases: tuple[tuple[str, str], ...]
) -> str:
    """The library's module for one prepared schema; a pure function of its arguments, so the
    same call is made once per process (models of one kind share their output schema)."""
    result = generate(
        schema,
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
        aliases=dict(aliases),
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
_RESOURCE_IMPORTS: dict[str, set[str]] = {
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
RESOURCE_NAMES = frozenset(name for names in _RESOURCE_IMPORTS.values() for name in names)


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


class _Renamed(ast.NodeTransformer):
    """Names replaced by ``names`` (any other name kept as it is)."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def visit_Name(self, node: ast.Name) -> ast.Name:
        name = self.names.get(node.id, node.id)
        return ast.copy_location(ast.Name(id=name, ctx=node.ctx), node)


class _Widen(_Renamed):
    """The type a keyword argument takes: enums widened to their aliases, strict types plain."""

    def __init__(self, aliases: dict[str, str]) -> None:
        super().__init__({**_PLAIN, **aliases})


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


# The library's classes of one branch of a union (``X(RootModel[...])``) do not derive from our
# bases: they get the bases' pattern engine themselves (Python's ``re``, as jsonschema reads).
_ROOT_CONFIG = 'model_config = ConfigDict(regex_engine="python-re")'


def _configure_roots(body: list[ast.stmt]) -> bool:
    """Give every RootModel class the pattern engine of our bases; True if there was one."""
    found = False
    for cls in body:
        if isinstance(cls, ast.ClassDef) and any(
            isinstance(b, ast.Subscript)
            and isinstance(b.value, ast.Name)
            and b.value.id == "RootModel"
            for b in cls.bases
        ):
            cls.body.insert(0, ast.parse(_ROOT_CONFIG).body[0])
            found = True
    return found


def _exact_multiples(body: list[ast.stmt]) -> bool:
    """Move ``multiple_of`` out of ``Field(...)`` into the runtime's exact check, except on
    integers with a whole step (pydantic's check forgives rounding errors of floats). True if
    one was moved."""
    moved = False
    for node in ast.walk(ast.Module(body=body, type_ignores=[])):
        if not (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Name)
            and node.value.id == "Annotated"
            and isinstance(node.slice, ast.Tuple)
        ):
            continue
        kind = {n.id for n in ast.walk(node.slice.elts[0]) if isinstance(n, ast.Name)}
        for call in node.slice.elts[1:]:
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
                continue
            step = next((k for k in call.keywords if k.arg == "multiple_of"), None)
            if step is None:
                continue
            whole = isinstance(step.value, ast.Constant) and type(step.value.value) is int
            if whole and kind <= {"StrictInt", "None"}:
                continue
            call.keywords.remove(step)
            node.slice.elts.append(ast.Call(ast.Name("multiple_of", ast.Load()), [step.value], []))
            moved = True
    return moved


def _members(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return [*_members(node.left), *_members(node.right)]
    return [node]


def _literal_kinds(node: ast.expr) -> set[type]:
    """The Python types of a ``Literal[...]``'s values (empty for anything else)."""
    if not (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)):
        return set()
    if node.value.id != "Literal":
        return set()
    values = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    return {type(v.value) for v in values if isinstance(v, ast.Constant)}


class _ExactUnions(ast.NodeTransformer):
    """Unions pydantic reads as JSON Schema does: one with ``Any`` in it is ``Any``; ``StrictBool``
    goes before a ``Literal`` of integers and ``StrictInt`` before one of booleans (pydantic
    picks the first of equally good branches, and a Literal takes ``False`` for ``0`` and ``1``
    for ``True``: the client would send another JSON value)."""

    def visit_BinOp(self, node: ast.BinOp) -> ast.expr:
        if not isinstance(node.op, ast.BitOr):
            return self.generic_visit(node)  # type: ignore[return-value]
        members: list[ast.expr] = [self.visit(m) for m in _members(node)]
        if any(isinstance(m, ast.Name) and m.id == "Any" for m in members):
            # a branch that takes anything (`anyOf: [{}, ...]`): the union is that branch, and
            # no Literal beside it can turn a value into another
            return ast.Name("Any", ast.Load())
        kinds = set().union(*(_literal_kinds(m) for m in members))
        first = {"StrictBool"} if int in kinds else set()
        first |= {"StrictInt"} if bool in kinds else set()
        ahead = [m for m in members if isinstance(m, ast.Name) and m.id in first]
        ordered = ahead + [m for m in members if m not in ahead]
        out: ast.expr = ordered[0]
        for member in ordered[1:]:
            out = ast.BinOp(out, ast.BitOr(), member)
        return out


def _unwrap_annotated(node: ast.expr) -> ast.expr:
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and node.value.id == "Annotated"
        and isinstance(node.slice, ast.Tuple)
    ):
        return node.slice.elts[0]
    return node


def _class_names(body: list[ast.stmt]) -> set[str]:
    return {n.name for n in body if isinstance(n, ast.ClassDef)}


def _imported(groups: list[ast.stmt]) -> set[str]:
    return {
        alias.asname or alias.name
        for node in groups
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


def _rename(body: list[ast.stmt], renames: dict[str, str]) -> list[ast.stmt]:
    if not renames:
        return body
    body = [_Renamed(renames).visit(n) for n in body]  # the model keeps its strict types
    for node in body:
        if isinstance(node, ast.ClassDef) and node.name in renames:
            node.name = renames[node.name]
    return body


def _free(name: str, taken: set[str], suffix: str) -> str:
    name += suffix
    while name in taken:
        name += "_"
    return name


def _enum_alias(name: str, node: ast.ClassDef) -> str:
    """``Name | Literal[...]``: the enum or its plain values (what a keyword argument takes)."""
    values = [
        ast.literal_eval(stmt.value)
        for stmt in node.body
        if isinstance(stmt, ast.Assign) and not isinstance(stmt.value, ast.Call)
    ]
    if all(isinstance(v, str | int | bool) and not isinstance(v, float) for v in values):
        return f"{name} | Literal[{', '.join(repr(v) for v in values)}]"
    return f"{name} | float"  # Literal cannot hold floats


def build_models(spec: ModelSpec) -> ModelsCode:
    """The pydantic classes of one model (input and output) as source code."""

    def library(schema: dict[str, Any], class_name: str, base: str, is_input: bool) -> str:
        names: dict[str, str] = {}
        prepared = library_schema(schema, names, is_input=is_input)
        return _run_library(prepared, class_name, f"runcomfy_client._base.{base}", names)

    input_src = library(spec.input_schema, spec.input_class, "InputModel", True)
    output_src = library(spec.output_schema, spec.output_class, "OutputModel", False)
    in_imports, in_body, _ = _split(input_src)
    out_imports, out_body, _ = _split(output_src)
    strict = sorted(_strictify(in_body) | _strictify(out_body))
    in_imports.append(ast.ImportFrom("pydantic", [ast.alias(n) for n in strict], 0))
    if _configure_roots(in_body) | _configure_roots(out_body):
        in_imports.append(ast.ImportFrom("pydantic", [ast.alias("ConfigDict")], 0))
    in_body = [_ExactUnions().visit(n) for n in in_body]
    out_body = [_ExactUnions().visit(n) for n in out_body]
    if _exact_multiples(in_body) | _exact_multiples(out_body):
        in_imports.append(ast.ImportFrom(TYPES_MODULE, [ast.alias("multiple_of")], 0))
    # Each library run keeps its classes clear of its own imports only. In the merged module
    # they must also miss the other run's imports, ours, the resource classes and each other.
    reserved = (
        _imported([*in_imports, *out_imports])
        | RESOURCE_NAMES
        | {"ValidationInfo", "field_validator", spec.resource_class, spec.async_resource_class}
    )
    taken = reserved | _class_names(in_body) | _class_names(out_body)
    renames: dict[str, str] = {}
    for name in sorted(_class_names(in_body) & reserved):
        renames[name] = _free(name, taken, "Model")
        taken.add(renames[name])
    in_body = _rename(in_body, renames)
    defined = _class_names(in_body)
    # The output module may define classes with the same names as the input's (an enum used by
    # both); prefix the output's own nested classes so the two sets cannot clash.
    out_renames: dict[str, str] = {}
    for name in sorted(_class_names(out_body) - {spec.output_class}):
        if name in defined or name in reserved:
            out_renames[name] = _free(f"{spec.output_class}{name}", taken, "")
            taken.add(out_renames[name])
    out_body = _rename(out_body, out_renames)
    enum_classes = {
        n.name: n
        for n in [*in_body, *out_body]
        if isinstance(n, ast.ClassDef)
        and any(isinstance(b, ast.Name) and b.id in ENUM_BASES for b in n.bases)
    }
    if attach_checks(in_body, set(enum_classes)) | attach_checks(out_body, set(enum_classes)):
        in_imports.append(
            ast.ImportFrom(
                "pydantic", [ast.alias("ValidationInfo"), ast.alias("field_validator")], 0
            )
        )
    taken = reserved | _class_names(in_body) | _class_names(out_body)
    aliases: dict[str, str] = {}
    alias_sources: list[tuple[str, str]] = []
    for name, node in sorted(enum_classes.items()):
        if name not in defined:
            continue  # an output enum: no keyword argument takes it
        alias = _free(f"{name}Value", taken, "")
        taken.add(alias)
        aliases[name] = alias
        alias_sources.append((alias, _enum_alias(name, node)))
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
        class_names=tuple(sorted(_class_names(in_body) | _class_names(out_body))),
    )
