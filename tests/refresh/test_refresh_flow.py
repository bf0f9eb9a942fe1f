"""The nightly job end to end, over loopback HTTP: pull, commit, pull a changed catalog, diff."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from refresh_support import KEY, SEED, entry, git, obj
from runcomfy_client.testing import FakeRunComfy

from generator.cli import main

MODEL = "vendor/alpha/text-to-image"
OLD = [entry(MODEL, SEED), entry("vendor/beta/upscale", obj(image={"type": "string"}))]
CHANGED_SEED = {
    **SEED,
    "properties": {
        **{k: v for k, v in SEED["properties"].items() if k != "strength"},  # removed: breaking
        "size": {**SEED["properties"]["size"], "enum": ["1024*1024", "720*1280", "1280*720"]},
    },
}
NEW = [entry(MODEL, CHANGED_SEED), OLD[1], entry("vendor/gamma/new", obj(p={"type": "string"}))]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RUNCOMFY_API_KEY", KEY)
    return tmp_path


def serve_and_pull(catalog: list[dict[str, object]], *args: str) -> int:
    with FakeRunComfy(models=catalog, api_key=KEY).serve() as server:
        return main(["pull", "--base-url", server.url, *args])


def test_nightly_refresh_reports_breaking_changes(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert serve_and_pull(OLD, "--all") == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "schemas")

    assert serve_and_pull(OLD, "--all") == 0
    assert git(repo, "status", "--porcelain") == ""  # no upstream change: git stays clean

    assert serve_and_pull(NEW, "--all") == 0
    capsys.readouterr()
    assert main(["diff", "HEAD", "schemas", "--format", "json", "--fail-on", "breaking"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["bump"] == "major"
    assert [(c["model_id"], c["pointer"], c["change"], c["class"]) for c in report["changes"]] == [
        (MODEL, "/input/properties/strength", "field removed", "breaking"),
        (MODEL, "/input/properties/size/enum", "enum value added", "compatible"),
        ("vendor/gamma/new", "", "model added", "compatible"),
    ]


def test_refresh_of_local_models_uses_the_environment_base_url(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeRunComfy(models=OLD, api_key=KEY).serve() as server:
        monkeypatch.setenv("RUNCOMFY_BASE_URL", server.url + "/v1")  # the /v1 spelling works too
        assert main(["pull", MODEL]) == 0
        assert main(["pull"]) == 0  # no selection: the models already in schemas/
    assert [
        p.parent.relative_to(repo / "schemas").as_posix()
        for p in (repo / "schemas").rglob("input.json")
    ] == [MODEL]


def test_pull_failure_exits_1_with_one_line(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RUNCOMFY_API_KEY", "wrong")
    assert serve_and_pull(OLD, "--all") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("pull: the catalog answered HTTP 401")
    assert not (repo / "schemas").exists()


def test_the_nightly_steps_never_release(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # nox -s refresh: pull -> diff -> generate -> release --dry-run (a report, not a release)
    assert serve_and_pull(OLD, "--all") == 0
    assert main(["release"]) == 0
    released = (repo / "generated/CHANGELOG.md").read_text(encoding="utf-8")
    assert serve_and_pull(NEW, "--all") == 0
    assert main(["generate"]) == 0
    capsys.readouterr()
    assert main(["release", "--dry-run", "--format", "json"]) == 0
    pending = json.loads(capsys.readouterr().out)
    assert (pending["previous"], pending["version"], pending["released"]) == (
        "0.1.0",
        "1.0.0",
        False,
    )
    assert (repo / "generated/CHANGELOG.md").read_text(encoding="utf-8") == released
    assert 'version = "0.1.0"' in (repo / "generated/pyproject.toml").read_text(encoding="utf-8")
