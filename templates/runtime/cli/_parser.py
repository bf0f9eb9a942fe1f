"""The argument parser: global options, one module per command group, usage errors as exit 64.

A command module has ``register(registry)``; it adds its parsers with ``registry.add(...)``,
giving each a handler ``(args, session) -> exit code``. ``run`` / ``submit`` also get the chosen
model's input fields as options (``_fields``), which is why parsing happens in two passes: a
lenient first pass finds the command and the model id, the second parses with that model's
options. The CLI's own options are read off the parser (``own_options``), so field options can
never take their names.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from .._urls import Endpoints
from ._exit import UsageError, exit_codes_help
from ._session import FAKE_TIMINGS

if TYPE_CHECKING:
    from ._session import Session

__all__ = [
    "MODEL_COMMANDS",
    "CliParser",
    "Handler",
    "Registry",
    "global_value_options",
    "number_in",
    "own_options",
    "positive_float",
]

PROG = "runcomfy-py"
MODEL_COMMANDS = ("run", "submit")
"""Commands whose options include the model's input fields."""

Handler = Callable[[argparse.Namespace, "Session"], int]

ENVIRONMENT_HELP = """\
environment:
  RUNCOMFY_API_KEY         the API key (first of: RUNCOMFY_API_KEY, RUNCOMFY_TOKEN, the token file
  RUNCOMFY_TOKEN           that RunComfy's CLI writes on `runcomfy login`); `auth` shows which
  RUNCOMFY_CONFIG_DIR      where that token file is (else $XDG_CONFIG_HOME/runcomfy, else
  XDG_CONFIG_HOME          ~/.config/runcomfy)
  RUNCOMFY_BASE_URL        the API base URL, with or without /v1 (else RUNCOMFY_MODEL_API_BASE,
  RUNCOMFY_MODEL_API_BASE  RunComfy's CLI's variable; default https://model-api.runcomfy.net)
  NO_COLOR                 no terminal control sequences (the progress line is not redrawn)"""


class _Formatter(argparse.HelpFormatter):
    """Descriptions and epilogs: prose paragraphs are wrapped, indented lines (examples, tables)
    are kept as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        blocks = []
        for block in text.split("\n\n"):
            if any(line.startswith(" ") for line in block.splitlines()):
                blocks.append("\n".join(indent + line for line in block.splitlines()))
            else:
                blocks.append(super()._fill_text(block, width, indent))
        return "\n\n".join(blocks)


class CliParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are ``UsageError`` (exit 64, one line and a hint, never the
    whole usage) and which takes no abbreviated options (a new model field must never change
    what an abbreviation means)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {_suggest_choice(message)}", [self.help_hint()])

    def help_hint(self) -> str:
        command = self.prog
        if command.split()[-1] in MODEL_COMMANDS:
            command += " MODEL_ID"
        return f"see: {command} --help"


def _suggest_choice(message: str) -> str:
    """argparse's "invalid choice" message, with the closest choice suggested."""
    match = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
    if not match:
        return message
    choices = re.findall(r"'([^']*)'", match.group(2))
    close = difflib.get_close_matches(match.group(1), choices, n=1, cutoff=0.5)
    return message + (f"; did you mean {close[0]!r}?" if close else "")


Number = TypeVar("Number", int, float)


def number_in(
    convert: Callable[[str], Number], low: float, high: float, what: str, *, above: bool = False
) -> Callable[[str], Number]:
    """An argparse ``type``: ``convert(text)`` within [low, high] (``above``: low excluded).
    NaN is never within; the bounds are kept on the function (``.bounds``) for tests."""

    def parse(text: str) -> Number:
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {what}, not {text!r}") from None
        if not ((value > low if above else value >= low) and value <= high):
            raise argparse.ArgumentTypeError(f"expected {what}, not {text}")
        return value

    parse.bounds = (low, high)  # type: ignore[attr-defined]
    return parse


positive_float = number_in(
    float, 0.0, sys.float_info.max, "a positive number of seconds", above=True
)


def _base_url(text: str) -> str:
    try:
        Endpoints.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _global_options(*, top: bool) -> CliParser:
    """Options accepted before and after the command (``runcomfy-py --fake run ...`` or
    ``run ... --fake``). After the command their defaults are SUPPRESSed, so that they never
    overwrite what was given before it."""
    parser = CliParser(add_help=False)

    def default(value: Any) -> Any:
        return value if top else argparse.SUPPRESS

    group = parser.add_argument_group("global options")
    group.add_argument(
        "--output",
        choices=("pretty", "json"),
        default=default("pretty"),
        help="pretty (default): bare ids and indented JSON on stdout, progress on stderr; "
        "json: one compact JSON document on stdout, errors as JSON on stderr",
    )
    group.add_argument(
        "--json",
        dest="output",
        action="store_const",
        const="json",
        default=argparse.SUPPRESS,
        help="the same as --output json",
    )
    group.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=default(False),
        help="nothing on stderr but errors",
    )
    group.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=default(0),
        help="debug lines on stderr: where the key and base URL come from, each request "
        "(-vv: HTTP details too)",
    )
    group.add_argument(
        "--fake",
        action="store_true",
        default=default(False),
        help="use an in-process fake RunComfy server (no API key, no network, no cost)",
    )
    group.add_argument(
        "--fake-timings",
        choices=FAKE_TIMINGS,
        default=default(None),
        help="with --fake: demo (a few seconds per job, the default), fast (every state, no "
        "waiting), instant",
    )
    group.add_argument(
        "--base-url",
        type=_base_url,
        default=default(None),
        metavar="URL",
        help="API base URL, with or without /v1 (default: $RUNCOMFY_BASE_URL, else "
        "$RUNCOMFY_MODEL_API_BASE, else https://model-api.runcomfy.net)",
    )
    return parser


def global_value_options() -> frozenset[str]:
    """The global options that take a value (``--base-url URL``), read off their parser."""
    parser = _global_options(top=True)
    return frozenset(s for a in parser._actions if a.nargs != 0 for s in a.option_strings)


@dataclass
class Registry:
    """What a command module gets to add its commands with."""

    commands: Any  # argparse's _SubParsersAction (private type)
    common: list[argparse.ArgumentParser]
    model: tuple[str, Mapping[str, Any]] | None = None
    peek: bool = False

    def add(
        self,
        name: str,
        *,
        help: str,
        handler: Handler,
        description: str | None = None,
        epilog: str | None = None,
        commands: Any = None,
    ) -> CliParser:
        """A command's parser (``commands``: a nested group, e.g. ``requests``)."""
        group = self.commands if commands is None else commands
        parser: CliParser = group.add_parser(
            name,
            parents=self.common,
            help=help,
            description=description or help[:1].upper() + help[1:] + ".",
            epilog=epilog,
            add_help=not self.peek,
        )
        parser.set_defaults(handler=handler, cli_parser=parser)
        return parser

    def subcommands(self, parser: CliParser, title: str) -> Any:
        return parser.add_subparsers(
            dest=f"{parser.prog.split()[-1]}_command", metavar=title, parser_class=CliParser
        )


def build_parser(
    model: tuple[str, Mapping[str, Any]] | None = None,
    *,
    peek: bool = False,
    version: str = "",
) -> CliParser:
    """The parser; with ``(model_id, input_schema)`` ``run`` / ``submit`` get that model's fields.

    ``peek`` builds the lenient first pass: no help, no version, optional model id.
    """
    from . import COMMAND_MODULES

    parser = CliParser(
        prog=PROG,
        parents=[_global_options(top=True)],
        add_help=not peek,
        description="Run RunComfy's hosted models: against the real API (set RUNCOMFY_API_KEY or "
        "RUNCOMFY_TOKEN, or sign in with RunComfy's own CLI, `runcomfy login`), or add --fake to "
        "try without a key.",
        epilog=f"{ENVIRONMENT_HELP}\n\n{exit_codes_help()}",
    )
    if not peek:
        parser.add_argument(
            "--version", action="version", version=f"{PROG} {version}", help="print the version"
        )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=CliParser
    )
    registry = Registry(commands, [_global_options(top=False)], model=model, peek=peek)
    for module in COMMAND_MODULES:
        module.register(registry)
    return parser


@cache
def own_options(command: str) -> frozenset[str]:
    """Every option string of ``command`` itself (global ones included), read off its parser.

    Field options are named so as to avoid these (see ``_fields.field_options``).
    """
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            sub = action.choices.get(command)
            if sub is not None:
                return frozenset(s for a in sub._actions for s in a.option_strings)
    raise KeyError(f"no command {command!r}")


def unrecognized(
    parser: argparse.ArgumentParser,
    extras: Sequence[str],
    args: argparse.Namespace | None = None,
) -> UsageError:
    """The error for arguments argparse did not take: the closest option suggested."""
    known = [s for action in parser._actions for s in action.option_strings]
    parts = []
    for token in extras:
        if token.startswith("-") and token != "-":
            name = token.split("=", 1)[0]
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            parts.append(
                f"unknown option {name}" + (f"; did you mean {close[0]}?" if close else "")
            )
        elif not parts or not parts[-1].startswith("unknown option"):
            parts.append(f"unexpected argument {token!r}")
    hints = [parser.help_hint()] if isinstance(parser, CliParser) else []
    stray_json = [t for t in extras if t.endswith(".json") and not t.startswith("-")]
    if stray_json and args is not None and getattr(args, "output", None) == "json":
        hints.insert(
            0, f"--json selects JSON output; send a request body with --input-file {stray_json[0]}"
        )
    return UsageError(f"{parser.prog}: " + "; ".join(parts), hints)
