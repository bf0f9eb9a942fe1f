"""A seeded draw is the same whatever the process imported before it (``contract_determinism``).

The session is set up by the conftests; these tests pollute the process the way earlier tests do
(a new module full of literals imported, as a lazily imported runtime module or a generated client
is) and draw the same seeded sample again.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, given, seed, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.contract_selftest

# Literals hypothesis would collect from the module and mix into its draws.
_POLLUTER = """
INTEGERS = [{integers}]
FLOATS = [{floats}]
STRINGS = [{strings}]
"""


def _seeded_sample() -> list[Any]:
    drawn: list[Any] = []

    @seed(20261201)
    @settings(derandomize=False, max_examples=300, database=None, phases=[Phase.generate])
    @given(st.integers(), st.floats(allow_nan=False), st.text(), st.binary())
    def draw(i: int, f: float, s: str, b: bytes) -> None:
        drawn.append((i, f, s, b))

    draw()
    return drawn


def _profile_sample() -> list[Any]:
    # What the loaded profile ("ci": derandomised) draws for a test; the contract tests are such.
    drawn: list[Any] = []

    @given(st.lists(st.integers(), min_size=20), st.lists(st.text(), min_size=20))
    def draw(numbers: list[int], texts: list[str]) -> None:
        drawn.append((numbers, texts))

    draw()
    return drawn


@pytest.mark.parametrize(
    ("sample", "salt"), [(_seeded_sample, 1), (_profile_sample, 2)], ids=["seeded", "profile"]
)
def test_a_seeded_sample_draws_the_same_cases_after_a_module_full_of_literals_is_imported(
    sample: Any, salt: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = sample()
    name = f"freshly_imported_literals_{salt}"
    # Literals no other module has (hypothesis would not count one it already collected).
    (tmp_path / f"{name}.py").write_text(
        _POLLUTER.format(
            integers=", ".join(str(7_000_003 * n + salt) for n in range(1, 200)),
            floats=", ".join(f"{n}.0625e{salt}" for n in range(1, 200)),
            strings=", ".join(f"'literal-{salt}-{n}-\u00e9'" for n in range(1, 200)),
        ),
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, name, raising=False)  # removed again after the test
    importlib.import_module(name)
    assert sample() == before, "the imported module's literals changed what the seed draws"
