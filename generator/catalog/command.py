"""``runcomfy-codegen pull``: its arguments and its exit code.

``generator.cli`` registers it (and adds ``--schemas``, the folder pull writes). Exit codes: 0 done
(or nothing to do), 1 the catalog or the disk failed (nothing written).
"""

from __future__ import annotations

import argparse
import os
import sys

from generator.catalog.pull import PullError, PullOptions, pull

__all__ = ["add_pull_arguments", "run_pull"]


def add_pull_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("model_ids", nargs="*", metavar="MODEL_ID", help="models to pull")
    parser.add_argument("--all", action="store_true", help="pull every model in the catalog")
    parser.add_argument("--category", metavar="NAME", help="pull every model of a category")
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="API base (default: RUNCOMFY_BASE_URL, else https://model-api.runcomfy.net)",
    )
    parser.add_argument("--dry-run", action="store_true", help="print what would change")


def run_pull(args: argparse.Namespace) -> int:
    options = PullOptions(
        schemas=args.schemas,
        model_ids=tuple(args.model_ids),
        all=args.all,
        category=args.category,
        base_url=args.base_url,
        api_key=os.environ.get("RUNCOMFY_API_KEY"),
        dry_run=args.dry_run,
    )
    try:
        pull(options)
    except PullError as exc:
        print(f"pull: {exc}", file=sys.stderr)
        return 1
    return 0
