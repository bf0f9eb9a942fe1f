"""``runcomfy-py``: run RunComfy models from the command line, against the real API or a fake.

    runcomfy-py models                                   list the models this client knows
    runcomfy-py models show MODEL_ID                     fields, types, defaults and rules
    runcomfy-py run MODEL_ID --prompt ... [--json FILE]  submit, show progress, print the output
    runcomfy-py submit | status | result | cancel | wait ...
    runcomfy-py fake-server --port 8765                  a fake API on loopback
    runcomfy-py batch MODEL_ID INPUTS.jsonl --journal runs.db --out results.jsonl

Every model's input fields are options of ``run`` / ``submit`` (``runcomfy-py run MODEL_ID -h``).
``--fake`` runs everything against an in-process fake server: no key, no network, no cost.
Standard library only (argparse); the output JSON goes to stdout, progress to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from .._contract import DEFAULT_WAIT_TIMEOUT
from .._errors import InputValidationError, InvalidIdentifierError, RunComfyError, UnknownModelError
from ._batch import add_parser as add_batch_parser
from ._batch import cmd_batch, normalise_argv
from ._commands import COMMANDS, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE
from ._fields import add_field_options
from ._serve import add_parser as add_fake_server_parser
from ._serve import cmd_fake_server
from ._session import FAKE_TIMINGS, MissingKeyError, Session

__all__ = ["build_parser", "main"]


def _shared_options(*, top: bool) -> argparse.ArgumentParser:
    """Options accepted before and after the command (``runcomfy-py --fake run ...`` or ``run ... --fake``)."""
    parser = argparse.ArgumentParser(add_help=False)
    # Subcommands must not overwrite what was given before the command: SUPPRESS their defaults.
    default: Any = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--fake",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="use an in-process fake RunComfy server (no API key, no network, no cost)",
    )
    parser.add_argument(
        "--fake-timings",
        choices=FAKE_TIMINGS,
        default=default,
        help="with --fake: demo (a few seconds per job, the default), fast (every state, no waiting), instant",
    )
    parser.add_argument(
        "--base-url",
        default=default,
        metavar="URL",
        help="API base URL (default: $RUNCOMFY_BASE_URL or https://model-api.runcomfy.net)",
    )
    return parser


def _wait_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_WAIT_TIMEOUT,
        help=f"seconds to wait in total (default: {DEFAULT_WAIT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--poll-interval",
        type=float,
        default=None,
        metavar="SECONDS",
        help="first gap between polls",
    )
    parser.add_argument("--download", metavar="DIR", help="save the output files into DIR")
    parser.add_argument(
        "--on-interrupt",
        choices=("ask", "cancel", "keep"),
        default="ask",
        help="Ctrl-C while queued: ask (on a terminal; otherwise cancel), cancel, or keep the job",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="one progress line per change, no redrawing"
    )


def build_parser(model_schema: tuple[str, dict[str, Any]] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``(model_id, input_schema)`` ``run`` / ``submit`` get that model's fields."""
    shared = _shared_options(top=False)
    parser = argparse.ArgumentParser(
        prog="runcomfy-py",
        parents=[_shared_options(top=True)],
        description="Run RunComfy models. Set RUNCOMFY_API_KEY, or add --fake to try without one.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    models = commands.add_parser(
        "models", parents=[shared], help="list models, or show one's fields"
    )
    models.add_argument("--json", action="store_true", help="print JSON")
    models_sub = models.add_subparsers(dest="models_command")
    show = models_sub.add_parser(
        "show", parents=[shared], help="fields, types, defaults and rules of a model"
    )
    show.add_argument("model_id")
    show.add_argument("--json", action="store_true", help="print the model's schemas as JSON")

    for name, about in (
        ("run", "submit a job, show progress, print its output"),
        ("submit", "submit a job, print its request id"),
    ):
        sub = commands.add_parser(
            name, parents=[shared], help=about, add_help=model_schema is not None
        )
        sub.add_argument("model_id", metavar="MODEL_ID")
        sub.add_argument(
            "--json",
            metavar="FILE",
            help="request body as a JSON file ('-': stdin); options override it",
        )
        if name == "run":
            _wait_options(sub)
        if model_schema is not None and model_schema[0]:
            add_field_options(sub, model_schema[1])

    for name, about in (
        ("status", "print a job's status"),
        ("result", "print a finished job's output"),
        ("cancel", "cancel a queued job"),
        ("wait", "wait for a job, with progress, and print its output"),
    ):
        sub = commands.add_parser(name, parents=[shared], help=about)
        sub.add_argument("request_id", metavar="REQUEST_ID")
        if name in ("result", "wait"):
            sub.add_argument(
                "--model", metavar="MODEL_ID", help="the job's model, for a typed output"
            )
        if name == "result":
            sub.add_argument("--download", metavar="DIR", help="save the output files into DIR")
        if name == "wait":
            _wait_options(sub)
    add_fake_server_parser(commands, [shared])
    add_batch_parser(commands, [shared])
    return parser


def _model_schema(argv: Sequence[str]) -> tuple[str, dict[str, Any]] | None:
    """For ``run`` / ``submit``: the model id and input schema, to build the field options."""
    peek, _ = build_parser(None).parse_known_args(argv)
    if peek.command not in ("run", "submit"):
        return None
    from .._schemas import load_schema

    try:
        return peek.model_id, load_schema(peek.model_id, "input")
    except KeyError as exc:  # its options cannot be built: say so before argparse complains
        raise UnknownModelError(str(exc.args[0] if exc.args else exc)) from None


def _report(err: TextIO, exc: BaseException) -> None:
    err.write(f"error: {exc}\n")


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    """Run ``runcomfy-py`` with ``argv`` (default: ``sys.argv[1:]``); returns the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    args_list = normalise_argv(args_list, {"--base-url", "--fake-timings"})
    out, err = stdout or sys.stdout, stderr or sys.stderr
    try:
        # argparse prints help and usage errors itself, to sys.stdout / sys.stderr.
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = build_parser(_model_schema(args_list)).parse_args(args_list)
    except SystemExit as exc:  # argparse printed usage or help
        return int(exc.code or 0)
    except UnknownModelError as exc:
        _report(err, exc)
        return EXIT_USAGE
    fake = getattr(args, "fake", False)
    session = Session(
        fake_timings=(getattr(args, "fake_timings", None) or "demo") if fake else None,
        base_url=getattr(args, "base_url", None),
        out=out,
        err=err,
        stdin=stdin or sys.stdin,
    )
    try:
        if args.command == "fake-server":
            return cmd_fake_server(args, session)
        if args.command == "batch":
            return cmd_batch(args, session)
        return COMMANDS[args.command](args, session)
    except (
        MissingKeyError,
        InputValidationError,
        InvalidIdentifierError,
        UnknownModelError,
    ) as exc:
        _report(err, exc)
        return EXIT_USAGE
    except (ValueError, OSError) as exc:  # a bad --json file, an unwritable --download folder
        _report(err, exc)
        return EXIT_USAGE
    except RunComfyError as exc:
        _report(err, exc)
        return EXIT_FAILED
    except KeyboardInterrupt:
        err.write("interrupted\n")
        return EXIT_INTERRUPTED
    finally:
        session.close()
