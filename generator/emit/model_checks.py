"""The runtime checks each generated class attaches, named for exactly the fields that need them.

``InputModel`` and ``OutputModel`` (runtime ``_base.py``) hold the checks as plain class
methods (``_contract.INPUT_VALIDATORS``): JSON types of enum values, explicit nulls and repeated
items (before pydantic), RunComfy ``validations`` on data URIs (after, inputs only). A check
costs a Python call per field, so a generated class decorates them for the fields whose
annotation could make them act: a field with any ``json_schema_extra`` mark (so a mark the
runtime learns to check later is covered with no change here), an enum or a ``Literal``. A class
with no such field gets no validator at all.
"""

from __future__ import annotations

import ast

from generator.runtime import contract

__all__ = ["ENUM_BASES", "attach_checks", "field_statements"]

ENUM_BASES = frozenset({"StrEnum", "IntEnum", "Enum"})
_BASES = {"InputModel": contract.INPUT_VALIDATORS, "OutputModel": (contract.JSON_TYPES_VALIDATOR,)}


def field_statements(cls: ast.ClassDef) -> list[tuple[str, ast.AnnAssign]]:
    """The fields of a generated class, as (Python name, ``name: annotation = default``)."""
    return [
        (stmt.target.id, stmt)
        for stmt in cls.body
        if isinstance(stmt, ast.AnnAssign)
        and isinstance(stmt.target, ast.Name)
        and stmt.target.id != "model_config"
    ]


def _checked(field: ast.AnnAssign, enums: set[str]) -> tuple[bool, bool]:
    """(needs the JSON-types check, needs the validations check)."""
    nodes = list(ast.walk(field.annotation))
    marked = any(
        keyword.arg == "json_schema_extra"
        for node in nodes
        if isinstance(node, ast.Call)
        for keyword in node.keywords
    )
    choices = any(isinstance(node, ast.Name) and node.id in (enums | {"Literal"}) for node in nodes)
    return marked or choices, marked


def attach_checks(body: list[ast.stmt], enums: set[str]) -> bool:
    """Decorate, in every model class, the runtime's checks for the fields that need them.

    Returns whether any class got one (its module then imports ``field_validator``).
    """
    changed = False
    for cls in body:
        if not isinstance(cls, ast.ClassDef):
            continue
        base = next((b.id for b in cls.bases if isinstance(b, ast.Name) and b.id in _BASES), None)
        if base is None:
            continue
        needs = [(name, *_checked(stmt, enums)) for name, stmt in field_statements(cls)]
        for method, mode in _BASES[base]:
            wanted = 1 if method == contract.JSON_TYPES_VALIDATOR[0] else 2
            names = [need[0] for need in needs if need[wanted]]
            if not names:
                continue
            listed = ", ".join(repr(name) for name in names)
            source = (
                f"@field_validator({listed}, mode={mode!r}, check_fields=False)\n"
                "@classmethod\n"
                f"def {method}(cls, value: Any, info: ValidationInfo) -> Any:\n"
                f"    return super().{method}(value, info)\n"
            )
            cls.body.extend(ast.parse(source).body)
            changed = True
    return changed
