"""Atomic writes and the ``check`` command."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from generator_support import FIXTURES

from generator.cli import main
from generator.emit.render import Rendered
from generator.output.check import compare
from generator.output.write import recover, write


def test_write_replaces_the_folder_exactly(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    out.mkdir()
    (out / "stale.py").write_text("old")
    write(Rendered({"a.py": "x = 1\n", "pkg/b.txt": "b\n"}), out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "a.py",
        "pkg/b.txt",
    ]


def test_a_crash_while_writing_leaves_the_old_output_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "gen"
    write(Rendered({"a.py": "old\n"}), out)
    real_open = open
    calls = {"n": 0}

    def failing_open(path: object, *args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", failing_open)
    with pytest.raises(OSError, match="disk full"):
        write(Rendered({"a.py": "new\n", "b.py": "new\n"}), out)
    monkeypatch.undo()
    assert (out / "a.py").read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gen"]


def test_an_interrupted_swap_is_recovered_on_the_next_run(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    write(Rendered({"a.py": "old\n"}), out)
    # what a kill between the two renames leaves behind: the old tree moved aside, no new tree
    os.rename(out, tmp_path / ".gen.old-abc")
    (tmp_path / ".gen.new-def").mkdir()
    recover(out)
    assert (out / "a.py").read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gen"]


def test_check_passes_on_fresh_output_and_lists_every_stale_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schemas = tmp_path / "schemas"
    shutil.copytree(FIXTURES / "messy", schemas)
    out = tmp_path / "generated"
    args = ["--schemas", str(schemas), "--out", str(out)]
    assert main(["generate", *args]) == 0
    assert main(["check", *args]) == 0
    model = out / "runcomfy_client/models/tiny/model.py"
    model.write_text(model.read_text().replace("do not edit", "edited by hand"))
    (out / "extra.txt").write_text("x")
    (out / "runcomfy_client/_types.py").unlink()
    capsys.readouterr()
    assert main(["check", *args]) == 1
    report = capsys.readouterr().out
    assert "changed: " in report and "runcomfy_client/models/tiny/model.py" in report
    assert "extra: " in report and "extra.txt" in report
    assert "missing: " in report and "runcomfy_client/_types.py" in report
    assert "-# generated from" in report and "edited by hand" in report


def test_check_notices_a_schema_change(tmp_path: Path) -> None:
    schemas = tmp_path / "schemas"
    shutil.copytree(FIXTURES / "messy", schemas)
    out = tmp_path / "generated"
    args = ["--schemas", str(schemas), "--out", str(out)]
    assert main(["generate", *args]) == 0
    tiny = schemas / "tiny/model/input.json"
    tiny.write_text('{"type": "object", "properties": {"n": {"type": "integer"}}}')
    assert main(["check", *args]) == 1


def test_compare_ignores_caches_inside_the_output(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    write(Rendered({"a.py": "x\n"}), out)
    (out / "__pycache__").mkdir()
    (out / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    assert compare(Rendered({"a.py": "x\n"}), out) == []
