"""A seeded sample of the hostile-server fuzzer in the default run (``nox -s fuzz -- --target
server --cases 10000`` runs the full size; its table is in benchmarks/README.md)."""

from __future__ import annotations

import pytest
from server_fuzz import main


def test_a_seeded_sample_of_hostile_servers_breaks_no_promise(
    capsys: pytest.CaptureFixture[str],
) -> None:
    failed = main(cases=200, seed=20261201)
    table = capsys.readouterr().out
    assert "200 scenarios" in table  # the sample really ran its cases
    assert failed == 0, table
