"""``runcomfy-codegen diff``: its arguments and its exit code.

``generator.cli`` registers it (and adds ``--schemas``, the path a bare git revision is read at).
Exit codes: 0, or 1 when ``--fail-on`` matched (``breaking``: any breaking change; ``any``: any
change), 2 when a source cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.diff.changes import diff_models
from generator.diff.report import render_json, render_markdown, render_text
from generator.diff.sources import SourceError, read_source

__all__ = ["add_diff_arguments", "run_diff"]


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
