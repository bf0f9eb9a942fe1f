"""``auth``: which API key and base URL a command would use, and where they come from.

The key itself is never printed. Exit 0 when there is a usable key, 77 when there is none (or it
has expired, or the token file is unreadable), as any command needing one would.
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime
from typing import Any

from .._core import require_key
from .._credentials import config_dir, resolve_credentials
from .._errors import AuthenticationError
from .._urls import normalise_base_url, resolve_base_url
from ._exit import OK
from ._parser import Registry
from ._session import Session

__all__ = ["register"]


def register(registry: Registry) -> None:
    registry.add(
        "auth",
        help="show which API key (never its value) and base URL would be used",
        description="Show where the API key comes from, in this order: RUNCOMFY_API_KEY, "
        "RUNCOMFY_TOKEN, then the token file RunComfy's CLI writes on `runcomfy login` (in "
        "$RUNCOMFY_CONFIG_DIR, else $XDG_CONFIG_HOME/runcomfy, else ~/.config/runcomfy). The "
        "key itself is never shown. Exit 0 with a usable key, 77 without.",
        handler=cmd_auth,
    )


def _when(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def cmd_auth(args: argparse.Namespace, session: Session) -> int:
    output = session.output
    url, url_source = resolve_base_url(args.base_url)
    found = resolve_credentials()
    now = time.time()
    document: dict[str, Any] = {
        "source": found.source,
        "token_file": str(found.token_file or config_dir() / "token.json"),
        "user_email": found.user_email,
        "expires_at": found.expires_at,
        "base_url": normalise_base_url(url),
        "base_url_source": url_source,
    }
    if session.uses_fake:
        output.note("with --fake no API key is needed; this is what the real API would get")
    problem: AuthenticationError | None = None
    try:
        require_key(found, now=now)
    except AuthenticationError as exc:
        problem = exc
    document["usable"] = problem is None
    if output.json:
        output.document(document)
    else:
        lines = [f"API key:  {found.describe() if found.key else 'none'}"]
        if found.expires_at is not None:
            state = "expired" if found.expires_at <= now else "expires"
            lines.append(f"          {state} {_when(found.expires_at)}")
        lines.append(f"base URL: {document['base_url']} (from {url_source})")
        output.text("\n".join(lines))
    if problem is not None:
        raise problem
    return OK
