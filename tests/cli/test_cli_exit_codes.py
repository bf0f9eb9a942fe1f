"""Exit codes, sysexits-style as RunComfy's own CLI documents them, through the installed program
against a fake on loopback; and the one mapping they come from."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from entry_point import run_program
from runcomfy_client import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    InputValidationError,
    JobFailedError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    UnknownModelError,
    WaitTimeoutError,
)
from runcomfy_client.cli._exit import EXIT_CODES, BadInput, UsageError, exit_code_for
from runcomfy_client.testing import FakeRunComfy, Fault, JobScript

SEED = "wan-ai/wan-2-6/image-to-image"
KEY = "sk-exit-codes"
BODY = '{"prompt": "two monsters", "image_urls": ["https://example.com/a.png"]}'
README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture(scope="module")
def fake() -> Iterator[tuple[FakeRunComfy, str]]:
    fake = FakeRunComfy(api_key=KEY)
    with fake.serve() as server:
        yield fake, server.url


def _run(url: str, *argv: str, key: str | None = KEY) -> tuple[int, str, str]:
    env = {"RUNCOMFY_BASE_URL": url}
    if key is not None:
        env["RUNCOMFY_API_KEY"] = key
    ran = run_program(*argv, env=env)
    assert "Traceback" not in ran.err, ran.err
    return ran.code, ran.out, ran.err


def test_0_success(fake: tuple[FakeRunComfy, str]) -> None:
    code, out, _ = _run(fake[1], "run", SEED, "--input", BODY, "--poll-secs", "0.01")
    assert code == 0
    assert '"images"' in out


@pytest.mark.parametrize(
    "argv",
    [
        ("run", SEED, "--promt", "hi"),  # an unknown option (argparse's own error)
        ("run",),  # a missing argument
        ("run", "acme/no-such/model", "--input", BODY),  # a model this client does not know
        ("status", "bad..id"),  # a malformed request id
        ("wait", "abc", "--timeout", "-5"),  # a bad option value
        ("runn",),  # an unknown command
    ],
    ids=["unknown-option", "missing-argument", "unknown-model", "bad-id", "bad-value", "command"],
)
def test_64_bad_arguments(fake: tuple[FakeRunComfy, str], argv: tuple[str, ...]) -> None:
    code, out, err = _run(fake[1], *argv)
    assert code == 64, err
    assert out == ""
    assert err.startswith("error: ")


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (("run", SEED, "--input", "{bad json"), "--input: not valid JSON"),
        (("run", SEED, "--input", '{"prompt": "x"}'), "--image-urls: Field required"),
        (("status", "no-such-request"), "HTTP 404"),  # another 4xx
    ],
    ids=["malformed-json", "schema-mismatch", "other-4xx"],
)
def test_65_bad_input_data(
    fake: tuple[FakeRunComfy, str], argv: tuple[str, ...], said: str
) -> None:
    code, _, err = _run(fake[1], *argv)
    assert code == 65, err
    assert said in err


def test_69_server_error(fake: tuple[FakeRunComfy, str]) -> None:
    fake[0].add_fault(Fault(status=500, route="submit"))
    code, _, err = _run(fake[1], "submit", SEED, "--input", BODY)
    assert code == 69, err
    assert "HTTP 500" in err


def test_69_api_cannot_be_reached() -> None:
    code, _, err = _run("http://127.0.0.1:9", "status", "abc")  # the discard port: refused
    assert code == 69, err


@pytest.mark.parametrize("status", [429, 408])
def test_75_retryable(fake: tuple[FakeRunComfy, str], status: int) -> None:
    fake[0].add_fault(Fault(status=status, route="submit"))
    code, _, err = _run(fake[1], "submit", SEED, "--input", BODY)
    assert code == 75, err


def test_75_result_not_ready_says_how_to_wait(fake: tuple[FakeRunComfy, str]) -> None:
    code, request_id, _ = _run(fake[1], "submit", SEED, "--input", BODY)
    assert code == 0
    code, _, err = _run(fake[1], "result", request_id.strip())
    assert code == 75, err
    assert f"runcomfy-py wait {request_id.strip()}" in err


@pytest.mark.parametrize("key", ["sk-wrong", None], ids=["refused-key", "no-key"])
def test_77_authentication(fake: tuple[FakeRunComfy, str], key: str | None) -> None:
    code, _, err = _run(fake[1], "submit", SEED, "--input", BODY, key=key)
    assert code == 77, err
    assert "runcomfy-py auth" in err


def test_1_anything_else_a_failed_job(fake: tuple[FakeRunComfy, str]) -> None:
    fake[0].script_next(JobScript(outcome="failed", error_message="no monsters today"))
    code, _, err = _run(fake[1], "run", SEED, "--input", BODY, "--poll-secs", "0.01")
    assert code == 1, err
    assert "no monsters today" in err


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (UsageError("x"), 64),
        (UnknownModelError("x"), 64),
        (BadInput("x"), 65),
        (InputValidationError("x"), 65),
        (BadRequestError("x", status_code=422), 65),
        (NotFoundError("x", status_code=404), 65),
        (APIStatusError("x", status_code=200, error_code=400001), 65),
        (ServerError("x", status_code=503), 69),
        (APIConnectionError("x"), 69),
        (RateLimitError("x", status_code=429), 75),
        (APIStatusError("x", status_code=408), 75),
        (APITimeoutError("x"), 75),
        (WaitTimeoutError("x", request_id="r", timeout=1.0), 75),
        (AuthenticationError("x", status_code=401), 77),
        (AuthenticationError("x", status_code=400, error_code=400004), 77),
        (PermissionDeniedError("x", status_code=403), 77),
        (JobFailedError("x", request_id="r"), 1),
        (RuntimeError("x"), 1),
        (KeyboardInterrupt(), 130),
    ],
)
def test_the_one_mapping_from_errors_to_codes(exc: BaseException, code: int) -> None:
    assert exit_code_for(exc) == code


def test_help_and_readme_list_every_exit_code() -> None:
    ran = run_program("--help")
    readme = README.read_text(encoding="utf-8")
    for code, text in EXIT_CODES:
        assert f"{code:<4} {text}" in ran.out
        assert f"| {code} |" in readme, f"README does not list exit code {code}"
