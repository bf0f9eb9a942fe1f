"""Broken schemas: one clear line per problem, all at once, exit 2, nothing written.

Each case is a folder under ``broken/`` with the schemas and the exact expected stderr.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES)
def test_broken_schemas_report_every_problem_and_write_nothing(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "generated"
    out.mkdir()
    (out / "keep.txt").write_text("the previous output\n")
    monkeypatch.chdir(BROKEN / case)
    assert main(["generate", "--schemas", "schemas", "--out", str(out)]) == 2
    expected = (BROKEN / case / "expected.txt").read_text(encoding="utf-8")
    assert capsys.readouterr().err == expected
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    assert not list(tmp_path.glob(".generated.*"))


def test_check_also_refuses_broken_schemas(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(BROKEN / "bad_json")
    assert main(["check", "--schemas", "schemas", "--out", str(tmp_path)]) == 2
