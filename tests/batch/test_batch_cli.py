"""``runcomfy-py batch``, ``batch status`` and ``batch merge`` against the fake on loopback."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from batch_support import (
    SEED,
    bodies,
    body,
    check_outcome,
    cli,
    read_results,
    submits_by_key,
    write_jsonl,
)
from runcomfy_client.testing import FakeRunComfy, Fault, JobScript

FAST = ("--poll-interval", "0.001", "--max-poll-interval", "0.01")


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeRunComfy]:
    """A fake on loopback (states move with polls: no waiting), the environment pointing at it."""
    fake = FakeRunComfy()
    with fake.serve() as server:
        monkeypatch.setenv("RUNCOMFY_BASE_URL", server.url)
        monkeypatch.setenv("RUNCOMFY_API_KEY", "sk-batch-test")
        yield fake


def batch(tmp_path: Path, inputs: Path, *extra: str, journal: str = "runs.db") -> list[str]:
    return [
        "batch",
        SEED,
        str(inputs),
        "--journal",
        str(tmp_path / journal),
        "--out",
        str(tmp_path / "results.jsonl"),
        *FAST,
        *extra,
    ]


def lines(count: int) -> list[dict[str, object]]:
    """Line n (1-based) holds input n."""
    return [body(n) for n in range(1, count + 1)]


def test_a_clean_batch_exits_0_with_one_result_line_per_input(
    served: FakeRunComfy, tmp_path: Path
) -> None:
    inputs = write_jsonl(tmp_path / "in.jsonl", lines(8))
    ran = cli(*batch(tmp_path, inputs, "--concurrency", "3"))
    assert ran.code == 0, ran
    results = read_results(tmp_path / "results.jsonl")
    assert sorted(results) == list(range(1, 9))
    for number, line in results.items():
        assert line["status"] == "succeeded" and line["output"]["images"]
        assert {"request_id", "submitted_at", "finished_at"} <= set(line)
        assert served.jobs[line["request_id"]].input == body(number)
    check_outcome(served, results, range(1, 9))
    assert "8 inputs, 8 finished: 8 succeeded" in ran.err


def test_bad_lines_are_reported_with_their_line_number_and_the_rest_runs(
    served: FakeRunComfy, tmp_path: Path
) -> None:
    inputs = write_jsonl(
        tmp_path / "in.jsonl",
        [body(1), "{not json", body(3), "", {"prompt": 4}, [1, 2], body(7)],
    )
    ran = cli(*batch(tmp_path, inputs))
    assert ran.code == 3, ran
    results = read_results(tmp_path / "results.jsonl")
    assert sorted(results) == [1, 2, 3, 5, 6, 7]  # line 4 is blank
    assert [n for n, r in sorted(results.items()) if r["status"] == "failed"] == [2, 5, 6]
    assert "line 2: failed: not valid JSON" in ran.err
    assert "line 5: failed:" in ran.err and "image_urls: Field required" in ran.err
    assert "line 6: failed: expected a JSON object" in ran.err
    assert results[5]["error"]["type"] == "InputValidationError"
    assert {tuple(e["loc"]) for e in results[5]["error"]["errors"]} == {
        ("prompt",),
        ("image_urls",),
    }
    assert set(submits_by_key(served)) == {1, 3, 7}


def test_a_changed_input_file_is_refused_with_the_lines_that_changed(
    served: FakeRunComfy, tmp_path: Path
) -> None:
    inputs = write_jsonl(tmp_path / "in.jsonl", lines(4))
    assert cli(*batch(tmp_path, inputs)).code == 0
    calls = len(served.requests)
    changed = lines(4)
    changed[2] = body(33)
    write_jsonl(inputs, changed)
    ran = cli(*batch(tmp_path, inputs))
    assert ran.code == 65
    assert "changed since the journal" in ran.err and "line 3 changed" in ran.err
    assert "new journal" in ran.err
    write_jsonl(inputs, [*lines(4), body(5)])
    ran = cli(*batch(tmp_path, inputs))
    assert ran.code == 65 and "line 5 were added" in ran.err
    assert len(served.requests) == calls


def test_reformatting_the_input_file_is_not_a_change(served: FakeRunComfy, tmp_path: Path) -> None:
    inputs = write_jsonl(tmp_path / "in.jsonl", lines(3))
    assert cli(*batch(tmp_path, inputs)).code == 0
    inputs.write_text(
        "".join(
            json.dumps(dict(reversed(b.items())), indent=None, separators=(", ", " : ")) + "\n"
            for b in lines(3)
        ),
        encoding="utf-8",
    )
    assert cli(*batch(tmp_path, inputs)).code == 0
    assert len(served.calls("submit")) == 3


def test_failed_inputs_exit_3_and_retry_failed_runs_them_again(
    served: FakeRunComfy, tmp_path: Path
) -> None:
    served.script_next(JobScript(outcome="failed"))
    inputs = write_jsonl(tmp_path / "in.jsonl", lines(3))
    ran = cli(*batch(tmp_path, inputs, "--concurrency", "1"))
    assert ran.code == 3 and "line 1: failed" in ran.err and "--retry-failed" in ran.err
    assert cli(*batch(tmp_path, inputs)).code == 3  # nothing sent again by itself
    assert submits_by_key(served)[1] == 1
    ran = cli(*batch(tmp_path, inputs, "--retry-failed"))
    assert ran.code == 0, ran
    results = read_results(tmp_path / "results.jsonl")
    assert results[1]["status"] == "succeeded" and len(results[1]["previous_request_ids"]) == 1
    assert submits_by_key(served)[1] == 2


def test_an_uncertain_input_is_reported_and_resubmitted_only_on_request(
    served: FakeRunComfy, tmp_path: Path
) -> None:
    served.add_fault(Fault(disconnect=True, route="submit", after_accept=True))
    inputs = write_jsonl(tmp_path / "in.jsonl", lines(3))
    ran = cli(*batch(tmp_path, inputs, "--concurrency", "1"))
    assert ran.code == 3
    assert "uncertain: line 1" in ran.err and "--resubmit-uncertain" in ran.err
    assert read_results(tmp_path / "results.jsonl")[1]["status"] == "uncertain"
    assert cli(*batch(tmp_path, inputs, "--retry-failed")).code == 3
    assert submits_by_key(served)[1] == 1
    assert cli(*batch(tmp_path, inputs, "--resubmit-uncertain")).code == 0
    assert submits_by_key(served)[1] == 2


def test_status_shows_where_a_batch_stands(served: FakeRunComfy, tmp_path: Path) -> None:
    served.script_next(JobScript(), JobScript(outcome="failed"))
    inputs = write_jsonl(tmp_path / "in.jsonl", lines(4))
    cli(*batch(tmp_path, inputs, "--concurrency", "1"))
    ran = cli("batch", "status", str(tmp_path / "runs.db"))
    assert ran.code == 3
    assert f"{SEED}, input {inputs}" in ran.out
    assert "4 inputs, 4 finished: 3 succeeded, 1 failed" in ran.out
    assert "failed: line 2: JobFailedError" in ran.out
    data = cli("batch", "status", str(tmp_path / "runs.db"), "--json")
    summary = json.loads(data.out)
    assert summary["counts"]["succeeded"] == 3 and summary["failed"][0]["line"] == 2
    assert summary["complete"] is True and summary["finished"] is False


def test_status_of_a_missing_or_foreign_file_is_a_clear_error(tmp_path: Path) -> None:
    ran = cli("batch", "status", str(tmp_path / "nope.db"))
    assert ran.code == 65 and "no such journal file" in ran.err
    (tmp_path / "text.db").write_text("hello", encoding="utf-8")
    ran = cli("batch", "status", str(tmp_path / "text.db"))
    assert ran.code == 65 and "not a batch journal" in ran.err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--shard", "5/4"), "shards are numbered 1 to N"),
        (("--concurrency", "0"), "a whole number of jobs >= 1"),
    ],
)
def test_bad_arguments_exit_64(
    served: FakeRunComfy, tmp_path: Path, extra: tuple[str, ...], message: str
) -> None:
    inputs = write_jsonl(tmp_path / "in.jsonl", lines(2))
    ran = cli(*batch(tmp_path, inputs, *extra))
    assert ran.code == 64 and message in ran.err
    assert served.requests == []


def test_a_missing_input_file_or_key_is_refused_before_anything(
    served: FakeRunComfy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran = cli(*batch(tmp_path, tmp_path / "missing.jsonl"))
    assert ran.code == 64 and "no such input file" in ran.err
    monkeypatch.delenv("RUNCOMFY_API_KEY")
    ran = cli(*batch(tmp_path, write_jsonl(tmp_path / "in.jsonl", lines(2))))
    assert ran.code == 77 and "RUNCOMFY_API_KEY" in ran.err
    assert served.requests == []


def test_a_refused_key_stops_the_batch_with_77(served: FakeRunComfy, tmp_path: Path) -> None:
    served.api_key = "the-right-one"
    ran = cli(*batch(tmp_path, write_jsonl(tmp_path / "in.jsonl", lines(3))))
    assert ran.code == 77, ran
    assert "run the same command to go on" in ran.err
    assert len(served.calls("submit")) == 1


def test_shards_run_apart_and_merge_into_the_whole(served: FakeRunComfy, tmp_path: Path) -> None:
    inputs = write_jsonl(tmp_path / "in.jsonl", lines(10))
    for k in (1, 2, 3):
        ran = cli(
            "batch",
            SEED,
            str(inputs),
            "--journal",
            str(tmp_path / f"runs-{k}.db"),
            "--out",
            str(tmp_path / f"results-{k}.jsonl"),
            "--shard",
            f"{k}/3",
            *FAST,
        )
        assert ran.code == 0, ran
    assert sorted(read_results(tmp_path / "results-2.jsonl")) == [2, 5, 8]
    journals = [str(tmp_path / f"runs-{k}.db") for k in (1, 2, 3)]
    ran = cli(
        "batch",
        "merge",
        *journals,
        "--out",
        str(tmp_path / "all.jsonl"),
        "--journal",
        str(tmp_path / "all.db"),
    )
    assert ran.code == 0, ran
    merged = read_results(tmp_path / "all.jsonl")
    assert sorted(merged) == list(range(1, 11))
    check_outcome(served, merged, range(1, 11))
    # The merged journal is the whole batch's: the unsharded command goes on with it.
    calls = len(served.requests)
    ran = cli(*batch(tmp_path, inputs, journal="all.db"))
    assert ran.code == 0 and len(served.requests) == calls
    # Result files merge too.
    files = [str(tmp_path / f"results-{k}.jsonl") for k in (1, 2, 3)]
    ran = cli("batch", "merge", *files, "--out", str(tmp_path / "all-2.jsonl"))
    assert ran.code == 0 and read_results(tmp_path / "all-2.jsonl") == merged


def test_merge_refuses_journals_of_different_inputs(served: FakeRunComfy, tmp_path: Path) -> None:
    one = write_jsonl(tmp_path / "one.jsonl", lines(3))
    two = write_jsonl(tmp_path / "two.jsonl", [body(1), body(9), body(3)])
    cli(*batch(tmp_path, one, journal="one.db"))
    cli(*batch(tmp_path, two, journal="two.db"))
    ran = cli("batch", "merge", str(tmp_path / "one.db"), str(tmp_path / "two.db"))
    assert ran.code == 65 and "input 2 differs" in ran.err


def test_a_shard_journal_is_refused_for_another_shard(served: FakeRunComfy, tmp_path: Path) -> None:
    inputs = write_jsonl(tmp_path / "in.jsonl", lines(4))
    assert cli(*batch(tmp_path, inputs, "--shard", "1/2")).code == 0
    ran = cli(*batch(tmp_path, inputs, "--shard", "2/2"))
    assert ran.code == 65 and "shard" in ran.err


def test_download_saves_each_output_under_its_line(served: FakeRunComfy, tmp_path: Path) -> None:
    inputs = write_jsonl(tmp_path / "in.jsonl", lines(3))
    out = tmp_path / "out"
    ran = cli(*batch(tmp_path, inputs, "--download", str(out)))
    assert ran.code == 0, ran
    results = read_results(tmp_path / "results.jsonl")
    for number in (1, 2, 3):
        (saved,) = results[number]["files"]
        assert Path(saved).parent == out / str(number)
        assert Path(saved).read_bytes().startswith(b"\x89PNG")


def test_fake_server_access_log_prints_one_line_per_request(tmp_path: Path) -> None:
    """``runcomfy fake-server --access-log``, a real process: METHOD PATH STATUS on stdout."""
    import httpx

    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "runcomfy_client.cli",
            "fake-server",
            "--port",
            "0",
            "--access-log",
            "--timings",
            "instant",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stderr is not None and server.stdout is not None
        url = server.stdout.readline().strip()  # the URL first (for scripts), then the log
        headers = {"Authorization": "Bearer k"}
        with httpx.Client(base_url=url, headers=headers) as http:
            job = http.post(f"/v1/models/{SEED}", json=bodies(1)[0]).json()
            http.get(f"/v1/requests/{job['request_id']}/status")
            http.get("/v1/requests/nope/result")
        got = [server.stdout.readline().strip() for _ in range(3)]
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert got == [
        f"POST /v1/models/{SEED} 200",
        f"GET /v1/requests/{job['request_id']}/status 200",
        "GET /v1/requests/nope/result 404",
    ]


def test_ctrl_c_writes_what_is_done_and_the_same_command_resumes(
    served: FakeRunComfy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from runcomfy_client.cli import _batch

    original = _batch._Line.update

    def update(self: _batch._Line, change: object) -> None:
        original(self, change)  # type: ignore[arg-type]
        if getattr(change, "status", None) == "succeeded":
            raise KeyboardInterrupt  # Ctrl-C right after the first input finished

    inputs = write_jsonl(tmp_path / "in.jsonl", lines(6))
    with monkeypatch.context() as patched:
        patched.setattr(_batch._Line, "update", update)
        ran = cli(*batch(tmp_path, inputs, "--concurrency", "2"))
    assert ran.code == 130, ran
    assert "interrupted" in ran.err and "run the same command to resume" in ran.err
    assert [r["status"] for r in read_results(tmp_path / "results.jsonl").values()] == ["succeeded"]
    ran = cli(*batch(tmp_path, inputs, "--concurrency", "2"))
    results = read_results(tmp_path / "results.jsonl")
    uncertain = {n for n, r in results.items() if r["status"] == "uncertain"}
    assert ran.code == (3 if uncertain else 0), ran
    assert sorted(results) == list(range(1, 7))
    check_outcome(served, results, range(1, 7))


def test_merge_keeps_the_most_finished_record_of_an_input_run_twice(
    served: FakeRunComfy, tmp_path: Path
) -> None:
    inputs = write_jsonl(tmp_path / "in.jsonl", lines(3))
    served.script_next(JobScript(outcome="failed"))
    assert cli(*batch(tmp_path, inputs, "--concurrency", "1", journal="a.db")).code == 3
    assert cli(*batch(tmp_path, inputs, journal="b.db")).code == 0  # another journal: run again
    ran = cli(
        "batch",
        "merge",
        str(tmp_path / "a.db"),
        str(tmp_path / "b.db"),
        "--out",
        str(tmp_path / "all.jsonl"),
    )
    assert ran.code == 0, ran
    assert "note: input 1 ran as" in ran.err and "keeping the succeeded one" in ran.err
    merged = read_results(tmp_path / "all.jsonl")
    assert [merged[n]["status"] for n in (1, 2, 3)] == ["succeeded"] * 3
