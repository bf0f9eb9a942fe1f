"""``runcomfy-codegen release``: version the generated package, deliberately.

Compares the schemas with the last release recorded in ``<out>/release.json``, prints the changes
and the version they call for, and (unless ``--dry-run``) writes the new record together with the
whole output folder in one atomic swap: ``pyproject.toml``, ``__version__`` and ``CHANGELOG.md``
follow the record. ``generate`` never does this, so regenerating never moves the version.

Exit codes: 0 released, or nothing to release; 2 bad schemas, a broken record, or a ``--version``
that does not fit the changes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from generator.diff.report import render_markdown, render_text
from generator.emit.render import render
from generator.output.write import write
from generator.pipeline.release_record import RECORD_FILE, read_record
from generator.pipeline.schemas import display_path, load_specs
from generator.release.plan import ReleaseError, ReleasePlan, plan_release

__all__ = ["add_release_arguments", "run_release"]


def add_release_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--bump",
        choices=("patch", "minor", "major"),
        help="release with at least this bump even if the schema changes need less "
        "(e.g. patch, for a generator or runtime change)",
    )
    parser.add_argument(
        "--version",
        metavar="X.Y.Z",
        help="release exactly this version (above the last one, and at least what the changes need)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print what would be released; write nothing"
    )
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text")


def run_release(args: argparse.Namespace) -> int:
    out: Path = args.out
    specs, warnings = load_specs(args.schemas)  # a GenerationError is reported by the CLI (exit 2)
    for warning in warnings:
        print(warning.format(), file=sys.stderr)
    previous = read_record(out, display_path(out))
    try:
        plan = plan_release(previous, specs, bump=args.bump or "none", version=args.version)
    except ReleaseError as exc:
        print(f"release: {exc}", file=sys.stderr)
        return 2
    if plan.record is not None and plan.released and not args.dry_run:
        write(render(specs, plan.record), out)
    _report(plan, args.format, args.dry_run, display_path(out))
    return 0


def _report(plan: ReleasePlan, fmt: str, dry_run: bool, out: str) -> None:
    before = plan.previous.version if plan.previous else None
    after = plan.record.version if plan.record else None
    if fmt == "json":
        document = {
            "previous": before,
            "version": after,
            "released": plan.released and not dry_run,
            "dry_run": dry_run,
            "bump": plan.bump,
            "changes": [change.as_json() for change in plan.changes],
        }
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return
    if plan.changes:
        report = render_markdown(plan.changes) if fmt == "markdown" else render_text(plan.changes)
        sys.stdout.write(report)
    if not plan.released:
        print(f"nothing to release: the schemas match release {before} in {out}/{RECORD_FILE}")
    elif dry_run:
        print(f"would release {after}" + (f" (was {before})" if before else "") + "; wrote nothing")
    else:
        print(
            f"released {after}" + (f" (was {before})" if before else "")
            + f": {out}/{RECORD_FILE}, CHANGELOG.md and pyproject.toml updated; commit them"
        )  # fmt: skip
