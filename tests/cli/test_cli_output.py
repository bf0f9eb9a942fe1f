"""Machine output on stdout, people's on stderr: --output json, -q, -v, NO_COLOR."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from cli_runner import Cli
from runcomfy_client.cli._output import Output

SEED = "wan-ai/wan-2-6/image-to-image"
EXAMPLE = str(Path(__file__).parents[2] / "schemas" / SEED / "examples" / "radio-hosts.json")
FAST = ("--fake", "--fake-timings", "fast")


@pytest.mark.parametrize(
    "argv",
    [
        ("run", SEED, "--input-file", EXAMPLE),
        ("submit", SEED, "--input-file", EXAMPLE),
        ("run", SEED, "--input-file", EXAMPLE, "--no-wait"),
        ("models",),
        ("models", "show", SEED),
    ],
)
@pytest.mark.parametrize("spelling", [("--output", "json"), ("--json",)])
def test_json_output_is_one_compact_document_and_a_silent_stderr(
    cli: Cli, argv: tuple[str, ...], spelling: tuple[str, ...]
) -> None:
    ran = cli(*FAST, *argv, *spelling)
    assert ran.code == 0, ran.err
    assert ran.err == ""
    assert len(ran.out.splitlines()) == 1
    json.loads(ran.out)


def test_submit_prints_the_bare_request_id_for_scripts(cli: Cli) -> None:
    ran = cli(*FAST, "submit", SEED, "--input-file", EXAMPLE)
    assert ran.code == 0
    (request_id,) = ran.out.split()
    assert ran.out == request_id + "\n"
    # ... and says on stderr that the in-process fake's jobs end with the command.
    assert "fake-server" in ran.err


def test_run_no_wait_is_submit(cli: Cli) -> None:
    submitted = cli(*FAST, "--json", "submit", SEED, "--input-file", EXAMPLE).json()
    no_wait = cli(*FAST, "--json", "run", SEED, "--input-file", EXAMPLE, "--no-wait").json()
    assert submitted.keys() == no_wait.keys() == {"request_id", "model_id"}


def test_errors_in_json_mode_are_one_json_line(cli: Cli) -> None:
    ran = cli("--json", *FAST, "run", SEED, "--input", "{oops")
    assert ran.code == 65
    assert ran.out == ""
    (line,) = ran.err.splitlines()
    assert json.loads(line)["error"].startswith("--input: not valid JSON")


def test_quiet_leaves_stdout_and_errors_only(cli: Cli) -> None:
    ran = cli(*FAST, "-q", "run", SEED, "--input-file", EXAMPLE)
    assert ran.code == 0
    assert ran.err == ""
    assert json.loads(ran.out)["images"]
    failed = cli(*FAST, "-q", "run", SEED, "--input", "[]")
    assert failed.code == 65
    assert failed.err.startswith("error: ")


def test_the_request_body_can_come_from_stdin(cli: Cli) -> None:
    body = Path(EXAMPLE).read_text(encoding="utf-8")
    ran = cli(*FAST, "--json", "submit", SEED, "--input-file", "-", stdin=body)
    assert ran.code == 0, ran.err
    assert ran.json()["model_id"] == SEED


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("environ", "control"),
    [({}, True), ({"NO_COLOR": ""}, False), ({"NO_COLOR": "1"}, False), ({"TERM": "dumb"}, False)],
)
def test_no_color_and_dumb_terminals_get_no_control_sequences(
    environ: dict[str, str], control: bool
) -> None:
    output = Output(io.StringIO(), _Terminal(), environ=environ)
    assert output.terminal_control is control
    assert Output(io.StringIO(), io.StringIO(), environ={}).terminal_control is False
