"""Enum and literal values are matched by one lookup per value, prepared once per enum or
literal (and each field's marks once per field); the lookup keeps every rule of the one-by-one
comparison it replaced: JSON types (``True`` is not ``1``, ``"1"`` is not ``1``), a float never
matches when every numeric member is whole, NaN matches nothing, and values that are not plain
JSON scalars (another enum's member, a list) are still compared one by one."""

from __future__ import annotations

from enum import Enum, IntEnum, StrEnum
from typing import Any, Literal

import pytest
from pydantic import Field, ValidationError, ValidationInfo, field_validator
from runcomfy_client._base import InputModel


class Size(StrEnum):
    SMALL = "s"
    LARGE = "l"


class OtherSize(StrEnum):
    SMALL_TOO = "s"


class Level(IntEnum):
    ONE = 1
    TWO = 2


class Odd(float, Enum):
    NAN = float("nan")
    HALF = 0.5


class Listed(Enum):
    PAIR = (1, 2)  # a tuple value: hashable, but not a JSON scalar
    LIST = [3]  # noqa: RUF012  # an unhashable value


class Choices(InputModel):
    one: Literal[1] | None = None
    true: Literal[True] | None = None
    mixed: Literal[1, 1.5, "1"] | None = None
    size: Size | None = None
    level: Level | None = None
    odd: Odd | None = None
    listed: Listed | None = None
    sizes: list[Size] | None = Field(default=None)

    @field_validator(
        "one", "true", "mixed", "size", "level", "odd", "listed", "sizes", mode="before"
    )
    @classmethod
    def _check_json_types(cls, value: Any, info: ValidationInfo) -> Any:
        return super()._check_json_types(value, info)


def _ok(**fields: Any) -> Choices:
    return Choices.model_validate(fields)


def _refused(**fields: Any) -> None:
    with pytest.raises(ValidationError, match="expected one of"):
        Choices.model_validate(fields)


def test_literals_of_equal_python_values_are_kept_apart() -> None:
    # 1 == True and hash(1) == hash(True): a lookup prepared per tuple of values would mix up
    # Literal[1] and Literal[True]. Both orders, so whichever is prepared first is checked.
    _refused(one=True)
    _refused(true=1)
    assert _ok(one=1).one == 1
    assert _ok(true=True).true is True
    _refused(one=True)
    _refused(true=1)


def test_json_types_decide_and_whole_numbers_refuse_floats() -> None:
    _refused(one="1")
    _refused(one=1.0)  # every numeric member is whole: a float is not sent where ints are
    assert _ok(mixed=1.0).mixed == 1  # 1.5 is a member too: 1.0 is the number 1
    assert _ok(mixed="1").mixed == "1"
    _refused(mixed=True)
    _refused(level=1.0)
    _refused(level=True)
    _refused(level="1")
    assert _ok(level=2).level is Level.TWO


def test_enum_members_plain_values_and_other_enums() -> None:
    assert _ok(size="s").size is Size.SMALL
    assert _ok(size=Size.LARGE).size is Size.LARGE
    assert _ok(size=OtherSize.SMALL_TOO).size is Size.SMALL  # a string "s", compared as one
    _refused(size="m")
    _refused(size=1)
    assert _ok(sizes=["s", "l", "s"]).sizes == [Size.SMALL, Size.LARGE, Size.SMALL]
    _refused(sizes=["s", "x"])


def test_nan_matches_nothing_and_non_scalars_are_compared_one_by_one() -> None:
    _refused(odd=float("nan"))
    _refused(odd=Odd.NAN.value)  # even the member's own NaN object
    assert _ok(odd=0.5).odd is Odd.HALF
    assert _ok(listed=[3]).listed is Listed.LIST
    _refused(listed=[4])
