"""``run``, ``submit``, and the request-id commands: ``status``, ``result``, ``cancel``, ``wait``
and RunComfy's CLI's spelling of two of them, ``requests get|cancel``."""

from __future__ import annotations

import argparse
from typing import Any, Literal

from .._contract import DEFAULT_WAIT_TIMEOUT
from .._errors import CancelNotAllowedError, DownloadError
from .._files import download
from .._jobs import Job
from .._status import JobStatus
from .._urls import check_request_id
from ._exit import FAILED, INTERRUPTED, OK, BadInput, UsageError
from ._fields import add_field_options, field_values
from ._models import known_schema
from ._parser import Registry, positive_float
from ._progress import Progress
from ._reading import json_document, read_text
from ._report import resume_command
from ._session import Session

__all__ = ["register", "request_body"]

Policy = Literal["ask", "cancel", "keep"]

DOWNLOAD_NOTE = (
    "Unlike RunComfy's `runcomfy run`, which downloads into the current folder by default, files "
    "are downloaded only when asked (--output-dir DIR): the output URLs are printed on stdout for "
    "scripts, and a run never writes into the folder it was started from unasked."
)
RUN_EPILOG = f"""\
examples:
  runcomfy-py run MODEL_ID --input '{{"prompt": "a purple cat"}}'
  runcomfy-py run MODEL_ID --input-file req.json --prompt "override one field"
  runcomfy-py run MODEL_ID --image-urls @photo.png ...     (a local file, sent as a data URI)
  RID=$(runcomfy-py run MODEL_ID --input-file req.json --no-wait) && runcomfy-py wait "$RID"

{DOWNLOAD_NOTE}"""


# ---- the parsers ------------------------------------------------------------------------------


def register(registry: Registry) -> None:
    for name, about, handler in (
        ("run", "submit a job, show progress, print its output", cmd_run),
        ("submit", "submit a job and print its request id", cmd_submit),
    ):
        parser = registry.add(name, help=about, handler=handler, epilog=RUN_EPILOG)
        parser.add_argument(
            "model_id",
            metavar="MODEL_ID",
            nargs="?" if registry.peek else None,
            help="e.g. wan-ai/wan-2-6/image-to-image (`runcomfy-py models` lists them)",
        )
        body = parser.add_mutually_exclusive_group()
        body.add_argument(
            "--input",
            metavar="JSON",
            help='the request body as JSON text, e.g. \'{"prompt": "..."}\'',
        )
        body.add_argument(
            "--input-file",
            metavar="PATH",
            help="the request body from a JSON file ('-': stdin)",
        )
        if name == "run":
            parser.add_argument(
                "--no-wait",
                action="store_true",
                help="submit, print the request id and exit (the same as submit)",
            )
            _wait_options(parser)
            _download_options(parser)
        fields = []
        if registry.model is not None and not registry.peek:
            fields = add_field_options(parser, registry.model[1])
        parser.set_defaults(field_options=fields)

    for name, about, handler in (
        ("status", "print a job's status", cmd_status),
        ("result", "print a finished job's output", cmd_result),
        ("cancel", "cancel a queued job (RunComfy cancels only queued jobs)", cmd_cancel),
        ("wait", "wait for a job, with progress, and print its output", cmd_wait),
    ):
        parser = registry.add(name, help=about, handler=handler)
        _request_id(parser)
        if name in ("result", "wait"):
            parser.add_argument(
                "--model", metavar="MODEL_ID", help="the job's model, for a typed output"
            )
            _download_options(parser)
        if name == "wait":
            _wait_options(parser)

    requests = registry.add(
        "requests", help="get or cancel a request (RunComfy's CLI's spelling)", handler=_missing
    )
    nested = registry.subcommands(requests, "{get,cancel}")
    _request_id(registry.add("get", help="the same as status", handler=cmd_status, commands=nested))
    _request_id(
        registry.add("cancel", help="the same as cancel", handler=cmd_cancel, commands=nested)
    )


def _missing(args: argparse.Namespace, session: Session) -> int:
    raise UsageError(
        "runcomfy-py requests: say get or cancel", ["see: runcomfy-py requests --help"]
    )


def _request_id(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("request_id", metavar="REQUEST_ID", help="as printed by run or submit")


def _wait_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--timeout",
        type=positive_float,
        default=DEFAULT_WAIT_TIMEOUT,
        metavar="SECONDS",
        help=f"seconds to wait in total (default: {DEFAULT_WAIT_TIMEOUT:g}); the job keeps "
        "running after it",
    )
    cadence = parser.add_mutually_exclusive_group()
    cadence.add_argument(
        "--poll-secs",
        type=positive_float,
        metavar="N",
        help="poll every N seconds (RunComfy's CLI's option; default: 0.5 s growing to 5 s)",
    )
    cadence.add_argument(
        "--poll-interval",
        type=positive_float,
        metavar="SECONDS",
        help="first gap between polls, growing x1.5 up to 5 s",
    )
    parser.add_argument(
        "--on-interrupt",
        choices=("ask", "cancel", "keep"),
        default="ask",
        help="Ctrl-C while queued: ask (on a terminal; otherwise cancel), cancel, or keep the job",
    )


def _download_options(parser: argparse.ArgumentParser) -> None:
    target = parser.add_mutually_exclusive_group()
    target.add_argument(
        "--output-dir",
        "--download",
        dest="download",
        metavar="DIR",
        help=f"save the output files into DIR (created if missing). {DOWNLOAD_NOTE}",
    )
    target.add_argument(
        "--no-download",
        action="store_true",
        help="print the output only (the default; accepted for RunComfy's CLI's habits)",
    )


# ---- building a request body -------------------------------------------------------------------


def request_body(args: argparse.Namespace, session: Session) -> dict[str, Any]:
    """``--input`` or ``--input-file`` (``-``: stdin), overlaid with the field options given."""
    body: Any = {}
    source = "--input" if args.input is not None else f"--input-file {args.input_file}"
    if args.input is not None:
        body = json_document(args.input, source)
    elif args.input_file is not None:
        body = json_document(read_text(args.input_file, source, session.stdin), source)
    if not isinstance(body, dict):
        raise BadInput(
            f"{source}: the request body must be a JSON object, not {type(body).__name__}"
        )
    body.update(field_values(args, args.field_options))
    return body


# ---- submitting ------------------------------------------------------------------------------


def _submit(args: argparse.Namespace, session: Session) -> Job[Any]:
    known_schema(args.model_id)
    body = request_body(args, session)
    resource = session.client().model(args.model_id)
    # Validated by the generated input model before anything is sent (InputValidationError).
    return resource.submit(body)


def _submitted(job: Job[Any], args: argparse.Namespace, session: Session) -> int:
    session.output.value(job.request_id, {"request_id": job.request_id, "model_id": args.model_id})
    if session.uses_fake:
        session.output.note(
            "the in-process fake's jobs end with this command; to keep jobs across commands, "
            "run `runcomfy-py fake-server` and use --base-url"
        )
    else:
        session.output.note(
            f"follow it: {resume_command('wait', job.request_id, args.model_id, args)}"
        )
    return OK


def cmd_submit(args: argparse.Namespace, session: Session) -> int:
    return _submitted(_submit(args, session), args, session)


def cmd_run(args: argparse.Namespace, session: Session) -> int:
    job = _submit(args, session)
    if args.no_wait:
        return _submitted(job, args, session)
    return _wait_and_print(job, args, session, f"submitted {job.request_id}; waiting")


# ---- one request id ----------------------------------------------------------------------------


def _job(args: argparse.Namespace, session: Session) -> Job[Any]:
    check_request_id(args.request_id)  # a malformed id is a usage error, whatever the key
    model = getattr(args, "model", None)
    if model is not None:
        known_schema(model)
    return session.client().job(args.request_id, model=model)


def cmd_status(args: argparse.Namespace, session: Session) -> int:
    status = _job(args, session).status()
    document: dict[str, Any] = {"request_id": status.request_id, "status": status.status}
    if status.queue_position is not None:
        document["queue_position"] = status.queue_position
        session.output.note(f"queue position {status.queue_position}")
    session.output.value(status.status, document)
    return OK


def cmd_result(args: argparse.Namespace, session: Session) -> int:
    job = _job(args, session)
    return _print_output(job, job.result(), args, session)


def cmd_cancel(args: argparse.Namespace, session: Session) -> int:
    """Prints the outcome: ``cancelled``, ``not_cancellable`` (it is running) or ``finished``.
    All three exit 0, as with RunComfy's CLI: the request was answered."""
    job = _job(args, session)
    try:
        outcome = "cancelled" if job.cancel() else "finished"
    except CancelNotAllowedError:
        outcome = "not_cancellable"
    session.output.value(outcome, {"request_id": job.request_id, "outcome": outcome})
    explain = {
        "finished": "the job had already finished; nothing was cancelled",
        "not_cancellable": "the job is running; RunComfy cancels only queued jobs",
    }
    if outcome in explain:
        session.output.note(explain[outcome])
    return OK


def cmd_wait(args: argparse.Namespace, session: Session) -> int:
    job = _job(args, session)
    return _wait_and_print(job, args, session, f"waiting for {job.request_id}")


# ---- waiting, with progress and Ctrl-C -----------------------------------------------------------


def _wait_and_print(
    job: Job[Any], args: argparse.Namespace, session: Session, first_note: str
) -> int:
    output = session.output
    progress = Progress(output.err, live=output.terminal_control, enabled=output.chatty)
    fixed = args.poll_secs
    try:
        with progress:
            progress.note(first_note)
            result = job.wait(
                timeout=args.timeout,
                on_update=progress.update,
                poll_interval=fixed if fixed is not None else args.poll_interval,
                max_poll_interval=fixed,
            )
    except KeyboardInterrupt:
        return _interrupted(job, progress.last, args, session)
    return _print_output(job, result, args, session)


def _plain(output: Any) -> Any:
    """A typed output as the JSON RunComfy sent (fields it did not send are left out)."""
    dump = getattr(output, "model_dump", None)
    return dump(mode="json", exclude_none=True, by_alias=True) if callable(dump) else output


def _print_output(job: Job[Any], output: Any, args: argparse.Namespace, session: Session) -> int:
    plain = _plain(output)
    session.output.document(plain)
    if getattr(args, "download", None) and not getattr(args, "no_download", False):
        http = session.download_http()
        try:
            paths = download(plain, args.download, http_client=http)
        except DownloadError as exc:
            # The job is done (and paid for): its output URLs are printed above, fetch them later.
            session.output.error(
                f"{exc}; the job finished and its output URLs are printed on stdout",
                request_id=job.request_id,
            )
            return FAILED
        finally:
            if http is not None:
                http.close()
        for path in paths:
            session.output.note(f"saved {path}")
    return OK


def _ask(session: Session, question: str) -> bool:
    session.err.write(question)
    session.err.flush()
    answer = session.stdin.readline().strip().lower()
    return answer in ("", "y", "yes")


def _interrupted(
    job: Job[Any], last: JobStatus | None, args: argparse.Namespace, session: Session
) -> int:
    """Ctrl-C while waiting: a queued job can still be cancelled (not billed); offer it."""
    output = session.output
    resume = (
        "the in-process fake ends with this command"
        if session.uses_fake
        else f"resume: {resume_command('wait', job.request_id, job.model_id, args)}"
    )
    if last is not None and not last.is_queued:
        output.error(f"interrupted; the job is {last.status} and keeps running", [resume])
        return INTERRUPTED
    policy: Policy = args.on_interrupt
    if policy == "ask":
        if session.stdin.isatty():
            try:
                question = f"cancel the queued job {job.request_id}? [Y/n] "
                policy = "cancel" if _ask(session, question) else "keep"
            except (KeyboardInterrupt, EOFError):
                policy = "keep"
        else:
            policy = "cancel"  # nobody to ask: do not leave a paid job behind unasked-for
    if policy == "keep":
        output.error("interrupted; the job stays queued", [resume])
        return INTERRUPTED
    try:
        cancelled = job.cancel()
    except CancelNotAllowedError:
        output.error("interrupted; too late to cancel: the job started running", [resume])
        return INTERRUPTED
    output.error(
        "interrupted; " + ("cancelled the job" if cancelled else "the job had already finished")
    )
    return INTERRUPTED
