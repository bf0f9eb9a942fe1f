"""``runcomfy-py fake-server``: the fake RunComfy API on a loopback port, standard library only."""

from __future__ import annotations

import argparse
import contextlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from ._exit import OK, BadInput, UsageError
from ._parser import Registry, number_in, positive_float
from ._reading import json_document, read_text
from ._session import Session, make_fake

if TYPE_CHECKING:
    from ..testing import FakeRunComfy, RecordedRequest

__all__ = ["cmd_fake_server", "register"]


_port = number_in(int, 0, 65535, "a port from 0 to 65535 (0: any free one)")
_share = number_in(float, 0.0, 1.0, "a number from 0 to 1")


def register(registry: Registry) -> None:
    parser = registry.add(
        "fake-server",
        help="serve a fake RunComfy API on loopback (no key, no cost)",
        description="Serve the fake RunComfy Model API until Ctrl-C. Point a client at it with "
        "RUNCOMFY_BASE_URL=<printed URL> (or --base-url) and any key, or the key given with "
        "--api-key; RunComfy's own CLI with RUNCOMFY_MODEL_API_BASE=<printed URL>/v1.",
        handler=cmd_fake_server,
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    parser.add_argument(
        "--port", type=_port, default=8765, help="port (default: 8765; 0 picks a free one)"
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
        "--failure-rate", type=_share, default=0.0, help="share of jobs that fail (0..1)"
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
        type=positive_float,
        metavar="SECONDS",
        help="stop after this long (default: until Ctrl-C)",
    )


def _catalog(path: str) -> list[dict[str, Any]]:
    source = f"--catalog {path}"
    data = json_document(read_text(path, source), source)
    models = data.get("models") if isinstance(data, dict) else data
    if not isinstance(models, list) or not all(isinstance(m, dict) for m in models):
        raise BadInput(f"{source}: expected a list of model entries or {{'models': [...]}}")
    return models


def _access_log(out: TextIO) -> Callable[[RecordedRequest], None]:
    """``METHOD PATH STATUS`` per request, flushed at once (a test may be reading it live)."""

    def log(request: RecordedRequest) -> None:
        out.write(f"{request.method} {request.path} {request.status_code:03d}\n")
        out.flush()

    return log


def cmd_fake_server(args: argparse.Namespace, session: Session) -> int:
    models = _catalog(args.catalog) if args.catalog else None
    try:
        fake = make_fake(
            args.timings,
            models=models,
            failure_rate=args.failure_rate,
            seed=args.seed,
            api_key=args.api_key,
            on_request=_access_log(session.out) if args.access_log else None,
        )
        count = len(fake.models)
    except ValueError as exc:  # a catalog entry the fake cannot serve
        raise BadInput(f"--catalog {args.catalog}: {exc}") from None
    if args.server == "uvicorn":
        return _serve_uvicorn(fake, args, session, count)
    try:
        server = fake.serve(args.host, args.port)
    except OSError as exc:
        raise UsageError(
            f"cannot serve on {args.host}:{args.port} ({exc.strerror or exc})",
            ["pick another --port (0: any free one) or --host"],
        ) from None
    with server:
        _announce(session, server.url, count, args.api_key)
        # An Event wait (not sleep) so that Ctrl-C lands promptly on every platform.
        stopped = threading.Event()
        with contextlib.suppress(KeyboardInterrupt):
            stopped.wait(args.duration)
    session.output.note("fake server stopped")
    return OK


def _announce(session: Session, url: str, count: int, api_key: str | None) -> None:
    """The URL on stdout (for scripts), and how to use it on stderr (always: it is the point)."""
    session.output.value(url, {"url": url, "models": count})
    key = api_key or "anything"
    session.err.write(
        f"fake RunComfy API with {count} models on {url}\n"
        f"  try: RUNCOMFY_BASE_URL={url} RUNCOMFY_API_KEY={key} runcomfy-py run <model_id> ...\n"
        f"  RunComfy's CLI: RUNCOMFY_MODEL_API_BASE={url}/v1 RUNCOMFY_TOKEN={key} runcomfy run ...\n"
    )
    session.err.flush()


def _serve_uvicorn(
    fake: FakeRunComfy, args: argparse.Namespace, session: Session, count: int
) -> int:
    try:
        import uvicorn
    except ImportError:
        raise UsageError(
            "--server uvicorn needs uvicorn", ["pip install uvicorn, or use --server stdlib"]
        ) from None
    config = uvicorn.Config(fake.asgi_app(), host=args.host, port=args.port, log_level="warning")
    server = uvicorn.Server(config)
    if args.duration is not None:
        timer = threading.Timer(args.duration, lambda: setattr(server, "should_exit", True))
        timer.daemon = True
        timer.start()
    # uvicorn picks the port itself when it is 0; the URL printed is then the one asked for.
    _announce(session, f"http://{args.host}:{args.port}", count, args.api_key)
    server.run()
    session.output.note("fake server stopped")
    return OK
