"""A ``TypedDict`` per input class, so a payload passed as a dict is type-checked.

``submit(payload)`` / ``run(payload)`` take the input model or a mapping keyed by the schema's wire
names. Each input class (the model's and every nested object's) gets a ``TypedDict`` keyed by
those wire names, ``Required[...]`` for required fields and ``NotRequired[...]`` for the others,
with the types the keyword arguments take (enums also as their plain values). A nested object's
value is its model or its own ``TypedDict``; an optional field the schema does not let be null
does not take ``None``.

The types are read back from the pydantic code datamodel-code-generator wrote (as the keyword
signatures are), so the two agree by construction. The functional form is used because wire
names are often not identifiers (``1st``, ``a-b``, ``class``); a value that names a dict defined
later (a recursive schema) is a quoted forward reference.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from generator.emit.pydantic_gen import ModelsCode, field_statements
from generator.emit.quoting import literal
from generator.pipeline.spec import ModelSpec
from generator.runtime import contract

__all__ = ["TypedDictCode", "TypedParams", "typed_params"]

_PLAIN = {"StrictStr": "str", "StrictInt": "int", "StrictFloat": "float", "StrictBool": "bool"}
_ENUM_BASES = {"StrEnum", "IntEnum", "Enum"}


@dataclass(frozen=True)
class TypedDictCode:
    """One ``Name = TypedDict("Name", {key: value, ...})`` statement (the template quotes text)."""

    name: str
    keys: tuple[tuple[str, str], ...]  # (wire name, Python source such as "Required[int]")
    doc: str  # placed after the statement as a docstring (editors show it)


@dataclass(frozen=True)
class TypedParams:
    dicts: tuple[TypedDictCode, ...]  # nested objects first, the input's last
    input_params: str  # the name of the input's TypedDict (spec.params_class unless taken)


def _bases(node: ast.ClassDef) -> set[str]:
    return {b.id for b in node.bases if isinstance(b, ast.Name)}


def _field_call(annotation: ast.expr) -> ast.Call | None:
    """The ``Field(...)`` of ``Annotated[type, Field(...)]``, if any."""
    if (
        isinstance(annotation, ast.Subscript)
        and isinstance(annotation.value, ast.Name)
        and annotation.value.id == "Annotated"
        and isinstance(annotation.slice, ast.Tuple)
    ):
        calls = [meta for meta in annotation.slice.elts[1:] if isinstance(meta, ast.Call)]
        return next(
            (c for c in calls if isinstance(c.func, ast.Name) and c.func.id == "Field"), None
        )
    return None


def _keyword(call: ast.Call | None, name: str) -> ast.expr | None:
    if call is None:
        return None
    return next((k.value for k in call.keywords if k.arg == name), None)


def _not_null(call: ast.Call | None) -> bool:
    extra = _keyword(call, "json_schema_extra")
    if not isinstance(extra, ast.Dict):
        return False
    return any(
        isinstance(key, ast.Constant)
        and key.value == contract.NOT_NULL_KEY
        and isinstance(value, ast.Constant)
        and value.value is True
        for key, value in zip(extra.keys, extra.values, strict=True)
    )


class _DictType(ast.NodeTransformer):
    """The type a dict payload holds: plain types, enums widened, nested objects as dicts too."""

    def __init__(self, names: dict[str, str], nested: dict[str, str]) -> None:
        self.names = names  # strict type or enum class -> what the dict takes
        self.nested = nested  # nested model class -> its TypedDict

    def visit_Subscript(self, node: ast.Subscript) -> ast.expr:
        if isinstance(node.value, ast.Name) and node.value.id == "Annotated":
            inner = node.slice.elts[0] if isinstance(node.slice, ast.Tuple) else node.slice
            result: ast.expr = self.visit(inner)
            return result
        self.generic_visit(node)
        return node

    def visit_Name(self, node: ast.Name) -> ast.expr:
        if node.id in self.nested:
            return ast.BinOp(ast.Name(node.id), ast.BitOr(), ast.Name(self.nested[node.id]))
        return ast.Name(self.names.get(node.id, node.id))


def _without_none(node: ast.expr) -> ast.expr:
    """``X | None`` -> ``X`` (top-level union members only)."""
    members: list[ast.expr] = []

    def flatten(n: ast.expr) -> None:
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.BitOr):
            flatten(n.left)
            flatten(n.right)
        elif not (isinstance(n, ast.Constant) and n.value is None):
            members.append(n)

    flatten(node)
    if not members:
        return node
    out = members[0]
    for member in members[1:]:
        out = ast.BinOp(out, ast.BitOr(), member)
    return out


def _free(name: str, taken: set[str]) -> str:
    while name in taken:
        name += "_"
    taken.add(name)
    return name


def typed_params(spec: ModelSpec, code: ModelsCode) -> TypedParams:
    """The ``TypedDict`` of every input class of ``spec``'s module, in definition order."""
    body = ast.parse(code.body).body
    classes = [node for node in body if isinstance(node, ast.ClassDef)]
    inputs = [c for c in classes if "InputModel" in _bases(c)]
    taken = {c.name for c in classes} | {alias for alias, _ in code.enum_aliases}
    taken |= {spec.resource_class, spec.async_resource_class}
    names = dict(_PLAIN)
    for alias, alias_source in code.enum_aliases:
        enum = ast.parse(alias_source, mode="eval").body  # "<Enum> | Literal[...]"
        if isinstance(enum, ast.BinOp) and isinstance(enum.left, ast.Name):
            names[enum.left.id] = alias
    nested: dict[str, str] = {}
    for cls in inputs:
        wanted = spec.params_class if cls.name == spec.input_class else f"{cls.name}Params"
        nested[cls.name] = _free(wanted, taken)
    to_dict_type = _DictType(names, {k: v for k, v in nested.items() if k != spec.input_class})
    dicts = []
    defined: set[str] = set()
    for cls in inputs:
        keys = []
        for py_name, stmt in field_statements(cls):
            call = _field_call(stmt.annotation)
            alias_node = _keyword(call, "alias")
            wire = str(alias_node.value) if isinstance(alias_node, ast.Constant) else py_name
            not_null = _not_null(call)
            # In place: this tree was parsed above for this call only, and nothing reads the
            # annotation after (a deep copy of each, Field(...) texts included, was most of it).
            value = to_dict_type.visit(stmt.annotation)
            if not_null:
                value = _without_none(value)
            source = ast.unparse(value)
            used = {n.id for n in ast.walk(value) if isinstance(n, ast.Name)}
            if used & (set(nested.values()) - defined):  # a dict defined later, or itself
                source = literal(source)
            wrapper = "Required" if stmt.value is None else "NotRequired"
            keys.append((wire, f"{wrapper}[{source}]"))
        name = nested[cls.name]
        defined.add(name)
        about = (
            f"The input of ``{spec.model_id}`` (``{cls.name}``)"
            if cls.name == spec.input_class
            else f"``{cls.name}`` (an object in the input of ``{spec.model_id}``)"
        )
        dicts.append(
            TypedDictCode(
                name=name,
                keys=tuple(keys),
                doc=f"{about} as a dict keyed by the schema's wire names.",
            )
        )
    return TypedParams(dicts=tuple(dicts), input_params=nested[spec.input_class])
