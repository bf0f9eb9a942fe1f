"""What ``help()``, ``inspect.signature`` and IDEs show for a generated ``submit`` / ``run``.

A generated resource method has two ``@overload``s for type checkers (one positional payload, or
typed keyword arguments) and one implementation taking ``(*args, **kwargs)``. Python shows the
implementation, so without help ``help(resource.submit)`` would say ``submit(*args, **kwargs)``.
``show_keyword_form`` gives the implementation the signature of its keyword overload: every input
field with its type and default (and, for ``run``, the wait options), so ``help()``,
``inspect.signature``, IPython's ``?`` and editors that ask Python all show the typed fields.

Annotations stay the source text the overload was written with (``list[ImageUri]``, not the
expanded ``Annotated[...]`` they evaluate to), shown without quotes; nothing is evaluated, so
this costs a few microseconds per method at import.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from typing import Any

__all__ = ["show_keyword_form"]


class _Source(str):
    """An annotation kept as its source text (a forward reference) and shown without quotes."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


def _shown(annotation: Any) -> Any:
    return _Source(annotation) if isinstance(annotation, str) else annotation


def _keyword_overload(func: Callable[..., Any]) -> inspect.Signature | None:
    """The signature of ``func``'s overload that takes no positional input (its keyword form)."""
    for overload in typing.get_overloads(func):
        if overload.__code__.co_posonlyargcount:  # the payload form
            continue
        signature = inspect.signature(overload)
        return signature.replace(
            parameters=[
                p.replace(annotation=_shown(p.annotation)) for p in signature.parameters.values()
            ],
            return_annotation=_shown(signature.return_annotation),
        )
    return None


def show_keyword_form(cls: type, names: tuple[str, ...] = ("submit", "run")) -> None:
    """Give each of ``cls``'s own methods ``names`` the signature of its keyword overload.

    A method without such an overload (the untyped base classes) is left as it is.
    """
    for name in names:
        func = cls.__dict__.get(name)
        if not inspect.isfunction(func):
            continue
        signature = _keyword_overload(func)
        if signature is not None:
            func.__signature__ = signature  # type: ignore[attr-defined]
