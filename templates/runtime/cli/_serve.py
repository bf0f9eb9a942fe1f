"""``runcomfy-py fake-server``: the fake RunComfy API on a loopback port, standard library only."""

from __future__ import annotations

import argparse
import contextlib
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ._session import Session, make_fake

if TYPE_CHECKING:
    from ..testing import FakeRunComfy, RecordedRequest

__all__ = ["add_parser", "cmd_fake_server"]


def add_parser(commands: Any, parents: list[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "fake-server",
        parents=parents,
        help="serve a fake RunComfy API on loopback (no key, no cost)",
        description="Serve the fake RunComfy Model API until Ctrl-C. Point a client at it with "
        "RUNCOMFY_BASE_URL=<printed URL> and any RUNCOMFY_API_KEY.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8765, help="port (default: 8765; 0 picks a free one)"
    )
    parser.add_argument(
        "--catalog",
        metavar="FILE",
        help="serve these models instead of the client's: a JSON list of catalog entries, or "
        'an object with a "models" list (a saved GET /v1/models?include_schema=true answer)',
    )
    parser.add_argument(
        "--timings", choices=("demo", "instant"), default="demo", help="how long jobs take"
    )
    parser.add_argument(
        "--failure-rate", type=float, default=0.0, help="share of jobs that fail (0..1)"
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="seed of the failure draws and request ids"
    )
    parser.add_argument("--api-key", help="accept only this bearer key (default: any)")
    parser.add_argument(
        "--server",
        choices=("stdlib", "uvicorn"),
        default="stdlib",
        help="HTTP server: the standard library's (default) or uvicorn serving the ASGI app "
        "(needs: pip install uvicorn)",
    )
    parser.add_argument(
        "--access-log",
        action="store_true",
        help="print one line per request to stdout: METHOD PATH STATUS (000: connection dropped)",
    )
    parser.add_argument(
        "--duration",
        type=float,
        metavar="SECONDS",
        help="stop after this long (default: until Ctrl-C)",
    )


def _catalog(path: str) -> list[dict[str, Any]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    models = data.get("models") if isinstance(data, dict) else data
    if not isinstance(models, list) or not all(isinstance(m, dict) for m in models):
        raise ValueError(f"{path}: expected a list of model entries or {{'models': [...]}}")
    return models


def _access_log(out: TextIO) -> Callable[[RecordedRequest], None]:
    """``METHOD PATH STATUS`` per request, flushed at once (a test may be reading it live)."""

    def log(request: RecordedRequest) -> None:
        out.write(f"{request.method} {request.path} {request.status_code:03d}\n")
        out.flush()

    return log


def cmd_fake_server(args: argparse.Namespace, session: Session) -> int:
    models = _catalog(args.catalog) if args.catalog else None
    fake = make_fake(
        args.timings,
        models=models,
        failure_rate=args.failure_rate,
        seed=args.seed,
        api_key=args.api_key,
        on_request=_access_log(session.out) if args.access_log else None,
    )
    count = len(fake.models)
    if args.server == "uvicorn":
        return _serve_uvicorn(fake, args, session, count)
    with fake.serve(args.host, args.port) as server:
        _announce(session, server.url, count, args.api_key)
        # An Event wait (not sleep) so that Ctrl-C lands promptly on every platform.
        stopped = threading.Event()
        with contextlib.suppress(KeyboardInterrupt):
            stopped.wait(args.duration)
    session.err.write("fake server stopped\n")
    return 0


def _announce(session: Session, url: str, count: int, api_key: str | None) -> None:
    session.err.write(
        f"fake RunComfy API with {count} models on {url}\n"
        f"  try: RUNCOMFY_BASE_URL={url} RUNCOMFY_API_KEY={api_key or 'anything'} "
        "runcomfy-py run <model_id> ...\n"
    )
    session.err.flush()


def _serve_uvicorn(
    fake: FakeRunComfy, args: argparse.Namespace, session: Session, count: int
) -> int:
    try:
        import uvicorn
    except ImportError:
        session.err.write("error: --server uvicorn needs uvicorn: pip install uvicorn\n")
        return 2
    config = uvicorn.Config(fake.asgi_app(), host=args.host, port=args.port, log_level="warning")
    server = uvicorn.Server(config)
    if args.duration is not None:
        timer = threading.Timer(args.duration, lambda: setattr(server, "should_exit", True))
        timer.daemon = True
        timer.start()
    # uvicorn picks the port itself when it is 0; the URL printed is then the one asked for.
    _announce(session, f"http://{args.host}:{args.port}", count, args.api_key)
    server.run()
    session.err.write("fake server stopped\n")
    return 0
