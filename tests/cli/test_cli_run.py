"""``runcomfy-py run`` / ``submit`` and the request-id commands, in-process (--fake) and on loopback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from cli_runner import Cli
from runcomfy_client.cli._session import Session
from runcomfy_client.testing import FakeRunComfy, JobScript

SEED = "wan-ai/wan-2-6/image-to-image"
EXAMPLE = str(Path(__file__).parents[2] / "schemas" / SEED / "examples" / "radio-hosts.json")
FAST = ("--fake", "--fake-timings", "fast")
QUICK_POLLS = ("--poll-interval", "0.01")


def test_run_fake_prints_the_output_and_shows_every_state(cli: Cli) -> None:
    ran = cli("run", SEED, *FAST, "--input-file", EXAMPLE)
    assert ran.code == 0, ran.err
    assert ran.json()["images"][0].startswith("https://fake.runcomfy.test/files/")
    progress = ran.err.splitlines()
    assert any("in_queue, queue position 3" in line for line in progress)
    assert any(line.endswith("in_progress") for line in progress)
    assert progress[-1].endswith("completed")


def test_global_fake_option_works_before_the_command(cli: Cli) -> None:
    assert (
        cli("--fake", "--fake-timings", "instant", "run", SEED, "--input-file", EXAMPLE).code == 0
    )


def test_run_without_key_or_fake_says_how_to_fix_it(cli: Cli, monkeypatch: object) -> None:
    import os

    del os.environ["RUNCOMFY_API_KEY"]  # restored by the cli fixture's monkeypatch
    ran = cli("run", SEED, "--input-file", EXAMPLE)
    assert ran.code == 77
    assert "RUNCOMFY_API_KEY" in ran.err
    assert "RUNCOMFY_TOKEN" in ran.err
    assert "runcomfy login" in ran.err
    assert "--fake" in ran.err


def test_field_options_build_the_request_body(cli: Cli, served: tuple[FakeRunComfy, str]) -> None:
    fake, url = served
    ran = cli(
        "run", SEED, "--base-url", url, *QUICK_POLLS,
        "--prompt", "two robots", "--image-urls", "https://a.test/1.png", "https://a.test/2.png",
        "--seed", "42", "--no-prompt-extend", "--image-size", "1280*720 (16:9)",
    )  # fmt: skip
    assert ran.code == 0, ran.err
    assert fake.calls("submit")[0].json == {
        "prompt": "two robots",
        "image_urls": ["https://a.test/1.png", "https://a.test/2.png"],
        "seed": 42,
        "prompt_extend": False,
        "image_size": "1280*720 (16:9)",
    }
    assert ran.json()["images"][0].startswith(f"{url}/files/")


def test_options_override_the_json_file(cli: Cli, served: tuple[FakeRunComfy, str]) -> None:
    fake, url = served
    assert (
        cli("submit", SEED, "--base-url", url, "--input-file", EXAMPLE, "--prompt", "mine").code
        == 0
    )
    body = fake.calls("submit")[0].json
    assert body["prompt"] == "mine"
    assert len(body["image_urls"]) == 2


def test_invalid_input_is_refused_before_any_request(
    cli: Cli, served: tuple[FakeRunComfy, str]
) -> None:
    fake, url = served
    ran = cli("run", SEED, "--base-url", url, "--input-file", EXAMPLE, "--seed", "-5")
    assert ran.code == 65
    assert "--seed: Input should be greater than or equal to 0" in ran.err
    assert "nothing was sent" in ran.err
    assert fake.requests == []


def test_a_bad_enum_choice_is_a_usage_error(cli: Cli) -> None:
    ran = cli("run", SEED, *FAST, "--input-file", EXAMPLE, "--image-size", "square")
    assert ran.code == 64
    assert "invalid choice" in ran.err


def test_a_failed_job_exits_1_with_the_server_message(cli: Cli) -> None:
    fake = FakeRunComfy()
    fake.script_next(JobScript(outcome="failed", error_message="no monsters today"))
    with fake.serve() as server:
        ran = cli("run", SEED, "--base-url", server.url, *QUICK_POLLS, "--input-file", EXAMPLE)
    assert ran.code == 1
    assert "no monsters today" in ran.err


def test_submit_status_result_wait_cancel_by_request_id(
    cli: Cli, served: tuple[FakeRunComfy, str]
) -> None:
    fake, url = served
    request_id = cli("submit", SEED, "--base-url", url, "--input-file", EXAMPLE).out.strip()
    assert request_id == next(iter(fake.jobs))
    status = cli("status", request_id, "--base-url", url)
    assert status.out == "in_queue\n"
    assert "queue position 3" in status.err
    assert cli("--json", "status", request_id, "--base-url", url).json() == {
        "request_id": request_id,
        "status": "in_queue",
        "queue_position": 2,  # each poll moves the served fake's queue on
    }
    not_yet = cli("result", request_id, "--base-url", url)
    assert not_yet.code == 75  # retryable: not finished yet
    assert f"runcomfy-py wait {request_id} --base-url {url}" in not_yet.err
    waited = cli("wait", request_id, "--base-url", url, "--model", SEED, *QUICK_POLLS)
    assert waited.code == 0, waited.err
    assert f"waiting for {request_id}" in waited.err
    assert "submitted" not in waited.err  # wait submits nothing
    assert cli("result", request_id, "--base-url", url).json() == waited.json()
    finished = cli("cancel", request_id, "--base-url", url)
    assert (finished.code, finished.out) == (0, "finished\n")
    queued = cli("submit", SEED, "--base-url", url, "--input-file", EXAMPLE).out.strip()
    assert cli("--json", "requests", "cancel", queued, "--base-url", url).json() == {
        "request_id": queued,
        "outcome": "cancelled",
    }
    assert fake.job(queued).phase == "cancelled"


def test_unknown_request_id_exits_65(cli: Cli, served: tuple[FakeRunComfy, str]) -> None:
    ran = cli("status", "no-such-job", "--base-url", served[1])
    assert ran.code == 65  # another 4xx
    assert "404" in ran.err


def test_download_saves_the_output_files(cli: Cli, tmp_path: Path) -> None:
    ran = cli("run", SEED, *FAST, "--input-file", EXAMPLE, "--output-dir", str(tmp_path))
    assert ran.code == 0, ran.err
    saved = sorted(tmp_path.iterdir())
    assert [p.name for p in saved] == ["images-0.png"]
    assert saved[0].read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert f"saved {saved[0]}" in ran.err


def _downloads_answer(
    monkeypatch: pytest.MonkeyPatch, handler: Callable[[httpx.Request], httpx.Response]
) -> None:
    """Output files are fetched through ``handler`` instead of the fake's file server."""
    monkeypatch.setattr(
        Session, "download_http", lambda self: httpx.Client(transport=httpx.MockTransport(handler))
    )


def _refused(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


@pytest.mark.parametrize(
    ("handler", "said"),
    [
        (lambda request: httpx.Response(404), "HTTP 404"),
        (_refused, "connection refused"),
        (
            lambda request: httpx.Response(200, headers={"content-length": str(3 * 1024**3)}),
            "larger than",
        ),
    ],
)
def test_a_failed_download_after_the_job_exits_1_with_one_line_and_the_urls(
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    handler: Callable[[httpx.Request], httpx.Response],
    said: str,
) -> None:
    _downloads_answer(monkeypatch, handler)
    ran = cli("run", SEED, *FAST, "--input-file", EXAMPLE, "--download", str(tmp_path / "out"))
    assert ran.code == 1
    # The job's output is on stdout all the same, so its files can be fetched later.
    assert ran.json()["images"][0].startswith("https://fake.runcomfy.test/files/")
    (message,) = [line for line in ran.err.splitlines() if line.startswith("error:")]
    assert said in message
    assert "output URLs are printed on stdout" in message
    assert "Traceback" not in ran.err
    assert list((tmp_path / "out").iterdir()) == []
