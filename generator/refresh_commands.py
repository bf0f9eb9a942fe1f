"""The `pull` and `diff` subcommands: their arguments and their exit codes.

`generator.cli` registers them (and adds `--schemas`: the folder pull writes, and the path a
bare git revision is read at by diff); each command is a function of the parsed arguments that
returns the exit code.

Exit codes:
- pull: 0 done (or nothing to do), 1 the catalog or the disk failed (nothing written);
- diff: 0, or 1 when `--fail-on` matched (`breaking`: any breaking change; `any`: any
  change), 2 when a source cannot be read.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from generator.catalog.pull import PullError, PullOptions, pull
from generator.diff.changes import diff_models
from generator.diff.report import render_json, render_markdown, render_text
from generator.diff.sources import SourceError, read_source
from generator.runtime import credentials

__all__ = ["add_diff_arguments", "add_pull_arguments", "run_diff", "run_pull"]


def add_pull_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("model_ids", nargs="*", metavar="MODEL_ID", help="models to pull")
    parser.add_argument("--all", action="store_true", help="pull every model in the catalog")
    parser.add_argument("--category", metavar="NAME", help="pull every model of a category")
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="API base, with or without /v1 (default: RUNCOMFY_BASE_URL, else "
        "RUNCOMFY_MODEL_API_BASE, else https://model-api.runcomfy.net)",
    )
    parser.add_argument("--dry-run", action="store_true", help="print what would change")


def _api_key() -> tuple[str | None, str]:
    """The key the client would use (same order: RUNCOMFY_API_KEY, RUNCOMFY_TOKEN, the
    `runcomfy login` token file) and its source; None when there is none, since the catalog may
    be readable without one. An expired or unreadable token raises PullError: it is not sent."""
    found = credentials.resolve_credentials()
    if found.key is None and found.token_file is not None and found.token_file.exists():
        raise PullError(found.problem or "the token file cannot be used")
    if found.key is None:
        return None, "none"
    problem = found.problem_at(time.time())
    if problem is not None:
        raise PullError(problem)
    return found.key, found.describe()


def run_pull(args: argparse.Namespace) -> int:
    try:
        api_key, source = _api_key()
        options = PullOptions(
            schemas=args.schemas,
            model_ids=tuple(args.model_ids),
            all=args.all,
            category=args.category,
            base_url=args.base_url,
            api_key=api_key,
            api_key_source=source,
            dry_run=args.dry_run,
        )
        pull(options)
    except PullError as exc:
        print(f"pull: {exc}", file=sys.stderr)
        return 1
    return 0


def add_diff_arguments(parser: argparse.ArgumentParser) -> None:
    for name in ("old", "new"):
        parser.add_argument(
            name,
            metavar=name.upper(),
            help="a schemas folder, a git revision (reads REV:schemas) or REV:path",
        )
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    parser.add_argument(
        "--fail-on",
        choices=("breaking", "any"),
        help="exit 1 on a breaking change, or on any change",
    )


def run_diff(args: argparse.Namespace) -> int:
    cwd = Path.cwd()
    try:
        old = read_source(args.old, cwd, args.schemas.as_posix())
        new = read_source(args.new, cwd, args.schemas.as_posix())
    except SourceError as exc:
        print(f"diff: {exc}", file=sys.stderr)
        return 2
    changes = diff_models(old, new)
    render = {"text": render_text, "markdown": render_markdown, "json": render_json}[args.format]
    sys.stdout.write(render(changes))
    if args.fail_on == "any" and changes:
        return 1
    if args.fail_on == "breaking" and any(c.cls == "breaking" for c in changes):
        return 1
    return 0
