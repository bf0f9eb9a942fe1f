"""``runcomfy-codegen pull``: its arguments and its exit code.

``generator.cli`` registers it (and adds ``--schemas``, the folder pull writes). Exit codes: 0 done
(or nothing to do), 1 the catalog or the disk failed (nothing written).
"""

from __future__ import annotations

import argparse
import sys
import time

from generator.runtime import credentials

__all__ = ["add_pull_arguments", "run_pull"]


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
    from generator.catalog.pull import PullError

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
    # The pull machinery (httpx, the catalog client) loads only for `pull`, not with every
    # command's parser.
    from generator.catalog.pull import PullError, PullOptions, pull

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
