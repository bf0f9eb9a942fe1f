"""Every command, given bad arguments, answers with one ``error:`` line and exit 64, never a
traceback. The commands and their options are read off the parser, so a command added later is
covered with no new test code."""

from __future__ import annotations

import argparse
from concurrent.futures import ThreadPoolExecutor

import pytest
from cli_runner import Cli, Ran
from entry_point import run_program
from runcomfy_client.cli._completion import Command, _commands
from runcomfy_client.cli._parser import build_parser

SEED = "wan-ai/wan-2-6/image-to-image"
BAD_POSITIONAL = {"model": "acme/no-such/model", "request": "bad..id", "shell": "tcsh"}
COMMANDS = [c for c in _commands(build_parser()) if c.path]


def _argv(command: Command, *rest: str) -> list[str]:
    argv = command.path.split()
    if command.positional == "model" and command.path in ("run", "submit"):
        argv.append(SEED)
    elif command.positional == "request":
        argv.append("abc")
    return [*argv, *rest]


def _assert_one_clean_error(ran: Ran, what: str) -> None:
    assert "Traceback" not in ran.err, f"{what}:\n{ran.err}"
    assert "internal error" not in ran.err, f"{what}:\n{ran.err}"
    assert ran.code == 64, f"{what}: exit {ran.code}\n{ran.err}"
    assert ran.err.startswith(("error: ", '{"error": ')), f"{what}:\n{ran.err}"


def _cases(*, positionals: bool) -> list[tuple[str, list[str]]]:
    cases = []
    for command in COMMANDS:
        if not positionals:
            cases.append((f"{command.path} --no-such-option", _argv(command, "--no-such-option")))
        elif command.positional in BAD_POSITIONAL:
            bad = [*command.path.split(), BAD_POSITIONAL[command.positional]]
            cases.append((f"{command.path} <bad {command.positional}>", bad))
            cases.append((f"{command.path} <no {command.positional}>", command.path.split()))
    return cases


def test_every_command_through_the_installed_program() -> None:
    """One child process per command (four at a time: each is mostly interpreter start-up)."""
    cases = _cases(positionals=False)
    assert {c.path for c in COMMANDS} >= {"run", "submit", "status", "requests get", "auth"}
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda case: run_program(*case[1]), cases))
    for (what, _), ran in zip(cases, results, strict=True):
        _assert_one_clean_error(ran, what)


@pytest.mark.parametrize(
    ("what", "argv"), _cases(positionals=True), ids=[c[0] for c in _cases(positionals=True)]
)
def test_every_bad_or_missing_argument_through_the_entry_point(
    cli: Cli, what: str, argv: list[str]
) -> None:
    _assert_one_clean_error(cli(*argv), what)


def _bad_values(action: argparse.Action) -> list[str]:
    """Values argparse must refuse for this option (none for free text)."""
    if action.choices:
        return ["zzz-not-a-choice"]
    type_name = getattr(action.type, "__name__", "")
    if type_name in ("int", "float"):
        return ["not-a-number"]
    bounds = getattr(action.type, "bounds", None)
    if bounds is not None:  # a number within bounds: below, above (when finite), not a number
        low, high = bounds
        beyond = [str(high * 10 + 1)] if high < 1e300 else []
        return ["not-a-number", "nan", str(low - 1), *beyond]
    if type_name == "_base_url":
        return ["ftp://example.com", "not a url"]
    return []


def _value_cases() -> list[tuple[str, list[str]]]:
    parser = build_parser()
    cases = []
    for command in COMMANDS:
        sub = parser
        for word in command.path.split():
            sub = next(
                a.choices[word] for a in sub._actions if isinstance(a, argparse._SubParsersAction)
            )
        for action in sub._actions:
            for value in _bad_values(action) if action.option_strings else []:
                flag = action.option_strings[-1]
                cases.append((f"{command.path} {flag} {value}", _argv(command, flag, value)))
    return cases


@pytest.mark.parametrize(("what", "argv"), _value_cases(), ids=[c[0] for c in _value_cases()])
def test_every_bad_option_value_through_the_entry_point(
    cli: Cli, what: str, argv: list[str]
) -> None:
    _assert_one_clean_error(cli(*argv), what)


@pytest.mark.parametrize(
    "argv",
    [
        ["run", SEED, "--seed", "abc"],
        ["run", SEED, "--image-size", "square"],
        ["run", SEED, "--image-urls"],
        ["run", SEED, "--prompt-extend=yes"],
        ["run", SEED, "--image-urls", "@/no/such/file.png"],
        ["run", SEED, "--input", "{}", "--input-file", "x.json"],
        ["run", SEED, "--poll-secs", "1", "--poll-interval", "1"],
        ["run", SEED, "--input-file", "/no/such/body.json"],
        ["--fake", "run", SEED, "--json", "body.json"],
        ["wait", "abc", "--model", "acme/no-such/model"],
        ["run", "--promt", "hi", SEED],
        [],
    ],
)
def test_bad_model_options_are_usage_errors(cli: Cli, argv: list[str]) -> None:
    _assert_one_clean_error(cli(*argv), " ".join(argv))


@pytest.mark.parametrize("command", ["run", "submit"])
def test_help_without_a_model_id_is_help(cli: Cli, command: str) -> None:
    ran = cli(command, "--help")
    assert ran.code == 0
    assert f"usage: runcomfy-py {command}" in ran.out
    assert "--input-file" in ran.out
