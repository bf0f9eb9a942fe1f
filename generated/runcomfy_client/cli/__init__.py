# generated from templates/runtime/cli/__init__.py by runcomfy-codegen; do not edit
"""``runcomfy-py``: run RunComfy models from the command line, against the real API or a fake.

    runcomfy-py models                                   list the models this client knows
    runcomfy-py models show MODEL_ID                     fields, types, defaults and rules
    runcomfy-py run MODEL_ID --input '{...}' | --prompt ...   submit, show progress, print the output
    runcomfy-py submit | status | result | cancel | wait ...
    runcomfy-py requests get | cancel REQUEST_ID         (RunComfy's CLI's spelling)
    runcomfy-py auth                                     which API key is used (never its value)
    runcomfy-py completion bash|zsh|fish                 shell completion
    runcomfy-py fake-server --port 8765                  a fake API on loopback
    runcomfy-py batch MODEL_ID INPUTS.jsonl --journal runs.db --out results.jsonl

Named ``runcomfy-py`` so as to live beside RunComfy's own CLI, ``runcomfy``, whose options, exit
codes, environment and token file it shares where the two overlap. Every model's input fields are
options of ``run`` / ``submit`` (``runcomfy-py run MODEL_ID -h``). ``--fake`` runs everything
against an in-process fake server: no key, no network, no cost. Standard library only (argparse);
machine output on stdout, people's on stderr (``_output``); exit codes in ``_exit``.
"""

from __future__ import annotations

import contextlib
import itertools
import sys
from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import Any, TextIO

from .._errors import InvalidIdentifierError, UnknownModelError
from . import _auth, _batch, _completion, _jobs, _models, _serve
from ._exit import INTERRUPTED, UsageError, exit_code_for
from ._models import known_schema
from ._output import Output
from ._parser import MODEL_COMMANDS, build_parser, own_options, unrecognized
from ._report import report
from ._session import Session

__all__ = ["COMMAND_MODULES", "build_parser", "main", "own_options"]

COMMAND_MODULES: tuple[ModuleType, ...] = (_models, _jobs, _auth, _completion, _serve, _batch)
"""Each has ``register(registry)``; a new command group is one more module here."""


def _version() -> str:
    from .. import __version__

    return str(__version__)


def requested_model(argv: Sequence[str]) -> tuple[str, Mapping[str, Any]] | None:
    """For ``run`` / ``submit``: the model id and its input schema, to build its options.

    The model id is the command's first positional argument; if that is not a known model but
    another argument is (``run --prompt hi MODEL``), that one. An id that is no model of this
    client is an error here, with the closest ids, before argparse would misreport it.
    """
    try:
        peek, _ = build_parser(peek=True).parse_known_args(argv)
    except UsageError:
        return None  # the real parser will say what is wrong
    if peek.command not in MODEL_COMMANDS or not peek.model_id:
        return None
    from .._client import model_ids

    known = set(model_ids())
    model_id = peek.model_id
    if model_id not in known:
        model_id = next((token for token in argv if token in known), model_id)
    if model_id not in known and ("-h" in argv or "--help" in argv):
        return None
    return model_id, known_schema(model_id)


def _parse(argv: list[str]) -> Any:
    parser = build_parser(requested_model(argv), version=_version())
    args, extras = parser.parse_known_args(argv)
    if extras:
        raise unrecognized(getattr(args, "cli_parser", parser), extras, args)
    return args


def _json_wanted(argv: Sequence[str]) -> bool:
    """Before parsing succeeded: did the command line ask for JSON output?"""
    wanted = "--json" in argv or "--output=json" in argv
    return wanted or ("--output", "json") in itertools.pairwise(argv)


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    """Run ``runcomfy-py`` with ``argv`` (default: ``sys.argv[1:]``); returns the exit code."""
    args_list = _batch.normalise_argv(sys.argv[1:] if argv is None else argv)
    out, err = stdout or sys.stdout, stderr or sys.stderr
    try:
        # argparse prints help and the version itself, to sys.stdout.
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = _parse(args_list)
    except SystemExit as exc:  # --help or --version
        return exc.code if isinstance(exc.code, int) else 0
    except (UsageError, UnknownModelError, InvalidIdentifierError) as exc:
        output = Output(out, err, mode="json" if _json_wanted(args_list) else "pretty")
        output.error(str(exc), getattr(exc, "hints", None))
        return exit_code_for(exc)
    output = Output(out, err, mode=args.output, quiet=args.quiet, verbose=args.verbose)
    session = Session(
        output=output,
        fake_timings=(args.fake_timings or "demo") if args.fake else None,
        base_url=args.base_url,
        stdin=stdin or sys.stdin,
    )
    try:
        with output.showing_logs():
            code: int = args.handler(args, session)
            return code
    except KeyboardInterrupt:
        output.error("interrupted")
        return INTERRUPTED
    except Exception as exc:
        return report(exc, args, session)
    finally:
        session.close()
