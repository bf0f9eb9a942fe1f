"""How one schema node's value constraints moved: narrowed, widened, or changed.

Pure functions over two normalised schema nodes. They say which way the set of valid values
moved; `generator.diff.changes` decides what that means for inputs and for outputs.

Covered: numeric bounds (minimum/maximum and their exclusive forms, compared as one effective
bound each), lengths and counts (min/maxLength, min/maxItems, min/maxProperties), multipleOf,
format, pattern, uniqueItems, and RunComfy's `validations` list.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Literal, NamedTuple

from generator.runtime import contract

__all__ = ["KEYWORDS", "Effect", "Moved", "code", "constraint_changes", "show"]

# "reworded": only a validation's error message changed; what is valid did not.
Effect = Literal["narrowed", "widened", "changed", "reworded"]
_Bound = tuple[Fraction, bool]  # (value, exclusive)

_LOWER_LIMITS = ("minLength", "minItems", "minProperties")
_UPPER_LIMITS = ("maxLength", "maxItems", "maxProperties")

KEYWORDS = frozenset(
    {
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "format",
        "pattern",
        "uniqueItems",
        "validations",
        *_LOWER_LIMITS,
        *_UPPER_LIMITS,
    }
)


class Moved(NamedTuple):
    """One moved constraint: the keyword it lives under, its change name, effect, detail."""

    keyword: str
    change: str
    effect: Effect
    detail: str


_PLAIN_VALUE = re.compile(r"[-+0-9.eE]+|true|false|null")


def show(value: Any) -> str:
    """A schema value for a one-line reason: compact JSON, cut at 60 characters; anything but a
    number, boolean or null in a code span (it is schema text: see ``code``)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = text if len(text) <= 60 else text[:57] + "..."
    return text if _PLAIN_VALUE.fullmatch(text) else code(text)


def code(text: str) -> str:
    """Schema text (a name, a value) as a markdown code span that it cannot break out of: control
    characters escaped (``contract.printable``), fenced by more backticks than it holds."""
    text = contract.printable(text, newlines=False) or '""'
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text[0] == "`" or text[-1] == "`" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def constraint_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Moved]:
    moved: list[Moved] = []
    for word, inclusive, exclusive, sign in (
        ("minimum", "minimum", "exclusiveMinimum", 1),
        ("maximum", "maximum", "exclusiveMaximum", -1),
    ):
        a, b = (
            _tightest(old, inclusive, exclusive, sign),
            _tightest(new, inclusive, exclusive, sign),
        )
        if a != b:
            moved.append(_limit(word, a, b, sign))
    for word in _LOWER_LIMITS + _UPPER_LIMITS:
        a, b = _as_bound(old.get(word)), _as_bound(new.get(word))
        if a != b:
            moved.append(_limit(word, a, b, 1 if word in _LOWER_LIMITS else -1))
    if old.get("multipleOf") != new.get("multipleOf"):
        moved.append(_multiple_of(old.get("multipleOf"), new.get("multipleOf")))
    for word in ("format", "pattern"):
        a_any, b_any = old.get(word), new.get(word)
        if a_any != b_any:
            # Adding a format or pattern accepts fewer strings; a different one, neither fewer
            # nor more.
            effect: Effect = (
                "narrowed" if a_any is None else "widened" if b_any is None else "changed"
            )
            moved.append(
                Moved(word, f"{word} changed", effect, f"{word} {show(a_any)} -> {show(b_any)}")
            )
    if bool(old.get("uniqueItems")) != bool(new.get("uniqueItems")):
        effect = "narrowed" if new.get("uniqueItems") else "widened"
        detail = f"uniqueItems {show(old.get('uniqueItems'))} -> {show(new.get('uniqueItems'))}"
        moved.append(Moved("uniqueItems", f"bound {effect}", effect, detail))
    moved.extend(_validation_changes(old.get("validations"), new.get("validations")))
    return moved


def _tightest(node: Mapping[str, Any], inclusive: str, exclusive: str, sign: int) -> _Bound | None:
    """The effective numeric bound; `sign` is 1 for a lower bound and -1 for an upper one."""
    found = [
        (bound[0], is_exclusive)
        for word, is_exclusive in ((inclusive, False), (exclusive, True))
        if (bound := _as_bound(node.get(word))) is not None
    ]
    if not found:
        return None
    # Tighter = further inward; at an equal value the exclusive bound is the tighter one.
    return max(found, key=lambda b: (sign * b[0], b[1]))


def _limit(word: str, a: _Bound | None, b: _Bound | None, sign: int) -> Moved:
    if a is None:
        effect: Effect = "narrowed"
    elif b is None:
        effect = "widened"
    else:
        effect = "narrowed" if (sign * b[0], b[1]) > (sign * a[0], a[1]) else "widened"
    exclusive = (b or a or (Fraction(0), False))[1]
    keyword = f"exclusive{word[0].upper()}{word[1:]}" if exclusive else word
    return Moved(keyword, f"bound {effect}", effect, f"{word} {_text(a)} -> {_text(b)}")


def _multiple_of(a: Any, b: Any) -> Moved:
    effect: Effect = "changed"
    if a is None:
        effect = "narrowed"
    elif b is None:
        effect = "widened"
    elif (fa := _as_bound(a)) and (fb := _as_bound(b)) and fa[0] and fb[0]:
        ratio = fb[0] / fa[0]
        # multipleOf 2 -> 4 accepts a subset; 4 -> 2 a superset; 2 -> 3 neither.
        if ratio.denominator == 1:
            effect = "narrowed"
        elif ratio.numerator == 1:
            effect = "widened"
    change = "bound changed" if effect == "changed" else f"bound {effect}"
    return Moved("multipleOf", change, effect, f"multipleOf {show(a)} -> {show(b)}")


def _validation_changes(old: Any, new: Any) -> list[Moved]:
    before, after = _rules(old), _rules(new)
    moved: list[Moved] = []
    for (rule, _), (value, _message) in before.items():
        if (rule, _) not in after:
            moved.append(
                Moved(
                    "validations",
                    "validation removed",
                    "widened",
                    f"`{rule} {show(value)}` removed",
                )
            )
    for key, (value, message) in after.items():
        rule = key[0]
        if key not in before:
            moved.append(
                Moved(
                    "validations", "validation added", "narrowed", f"`{rule} {show(value)}` added"
                )
            )
            continue
        old_value, old_message = before[key]
        if old_value != value:
            effect = _rule_effect(rule, old_value, value)
            change = "validation changed" if effect == "changed" else f"validation {effect}"
            moved.append(
                Moved("validations", change, effect, f"`{rule}` {show(old_value)} -> {show(value)}")
            )
        elif old_message != message:
            detail = f"`{rule}` message {show(old_message)} -> {show(message)}"
            moved.append(Moved("validations", "validation message changed", "reworded", detail))
    return moved


def _rules(value: Any) -> dict[tuple[str, int], tuple[Any, Any]]:
    """RunComfy `validations` keyed by (rule, occurrence), so a repeated rule stays distinct."""
    out: dict[tuple[str, int], tuple[Any, Any]] = {}
    for item in value if isinstance(value, list) else ():
        if isinstance(item, Mapping):
            rule = str(item.get("validation_rule"))
            seen = sum(1 for r, _ in out if r == rule)
            out[(rule, seen)] = (item.get("validation_value"), item.get("validation_error"))
    return out


def _rule_effect(rule: str, old: Any, new: Any) -> Effect:
    # `file_size_mb<` 10: the value is an upper limit; `width_pixels>` 300: a lower one.
    a, b = _as_bound(old), _as_bound(new)
    if a is None or b is None or not rule.endswith(("<", ">")):
        return "changed"
    tighter = b[0] < a[0] if rule.endswith("<") else b[0] > a[0]
    return "narrowed" if tighter else "widened"


def _as_bound(value: Any) -> _Bound | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return Fraction(value), False
    return None


def _text(bound: _Bound | None) -> str:
    if bound is None:
        return "none"
    value = bound[0]
    text = str(value.numerator) if value.denominator == 1 else str(float(value))
    return f"{text} (exclusive)" if bound[1] else text
