# generated from templates/runtime/cli/_commands.py by runcomfy-codegen; do not edit
"""The commands of ``runcomfy-py``: each takes the parsed options and a session, returns an exit code.

Exit codes: 0 done; 1 the job or the API failed, or an output file could not be downloaded (the
message says why); 2 bad usage or input (nothing was sent); 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, Literal

from .._errors import CancelNotAllowedError, DownloadError, JobNotReadyError
from .._files import download
from .._jobs import Job
from .._registry_types import ModelEntry
from .._status import JobStatus
from ._fields import describe_fields, field_values
from ._progress import Progress
from ._session import Session

__all__ = ["COMMANDS", "EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_USAGE"]

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

Policy = Literal["ask", "cancel", "keep"]


def _print_json(session: Session, data: Any) -> None:
    session.out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    session.out.flush()


def _plain(output: Any) -> Any:
    """A typed output as the JSON RunComfy sent (fields it did not send are left out)."""
    dump = getattr(output, "model_dump", None)
    return dump(mode="json", exclude_none=True, by_alias=True) if callable(dump) else output


def _status_json(status: JobStatus) -> dict[str, Any]:
    body: dict[str, Any] = {"request_id": status.request_id, "status": status.status}
    if status.queue_position is not None:
        body["queue_position"] = status.queue_position
    return body


# ---- models ----------------------------------------------------------------------------


def cmd_models(args: argparse.Namespace, session: Session) -> int:
    from .._registry import MODELS

    if getattr(args, "models_command", None) == "show":
        return _show_model(args.model_id, args, session)
    if args.json:
        _print_json(session, [_model_facts(entry) for _, entry in sorted(MODELS.items())])
        return 0
    width = max((len(model_id) for model_id in MODELS), default=0)
    for model_id, entry in sorted(MODELS.items()):
        line = f"{model_id:<{width}}  {entry.output_kind or '?':<5}  {_headline(entry)}"
        session.out.write(line.rstrip() + "\n")
    return 0


def _model_facts(entry: ModelEntry) -> dict[str, Any]:
    """What ``models --json`` says of a model: the catalog's facts and the output kind."""
    return {
        "model_id": entry.model_id,
        "display_name": entry.display_name,
        "categories": list(entry.categories),
        "price_unit": entry.price_unit,
        "output_kind": entry.output_kind or None,
        "summary": entry.summary,
    }


def _headline(entry: ModelEntry) -> str:
    """One line: the catalog's display name (else the schema's description), categories, price."""
    first_line = entry.summary.strip().split("\n", 1)[0]
    parts = [entry.display_name or first_line]
    if entry.categories:
        parts.append("[" + ", ".join(entry.categories) + "]")
    if entry.price_unit:
        parts.append(f"priced per {entry.price_unit}")
    return "  ".join(part for part in parts if part)


def _show_model(model_id: str, args: argparse.Namespace, session: Session) -> int:
    from .._registry import MODELS
    from .._schemas import load_schema

    schema = load_schema(model_id, "input")
    entry = MODELS[model_id]
    if args.json:
        _print_json(
            session,
            {
                **_model_facts(entry),
                "input_schema": schema,
                "output_schema": load_schema(model_id, "output"),
            },
        )
    else:
        facts = [
            ("name", entry.display_name),
            ("output", entry.output_kind),
            ("categories", ", ".join(entry.categories)),
            ("price", f"per {entry.price_unit}" if entry.price_unit else ""),
        ]
        text = describe_fields(model_id, schema)
        head, _, rest = text.partition("\n")
        shown = "".join(f"  {label}: {value}\n" for label, value in facts if value)
        session.out.write(f"{head}\n{shown}{rest}")
    return 0


# ---- building a request body -------------------------------------------------------------


def request_body(args: argparse.Namespace, session: Session) -> dict[str, Any]:
    """``--json FILE`` (``-`` for stdin) overlaid with the field options given."""
    body: dict[str, Any] = {}
    if args.json is not None:
        text = (
            session.stdin.read()
            if args.json == "-"
            else Path(args.json).read_text(encoding="utf-8")
        )
        loaded = json.loads(text)
        if not isinstance(loaded, dict):
            raise ValueError(f"{args.json}: the request body must be a JSON object")
        body.update(loaded)
    body.update(field_values(args))
    return body


def _submit(args: argparse.Namespace, session: Session) -> Job[Any]:
    resource = session.client().model(args.model_id)
    # Validated by the generated input model before anything is sent (InputValidationError).
    return resource.submit(request_body(args, session))


def cmd_submit(args: argparse.Namespace, session: Session) -> int:
    job = _submit(args, session)
    _print_json(session, {"request_id": job.request_id, "model_id": args.model_id})
    return 0


def cmd_run(args: argparse.Namespace, session: Session) -> int:
    job = _submit(args, session)
    return _wait_and_print(job, args, session)


# ---- one request id ------------------------------------------------------------------------


def _job(args: argparse.Namespace, session: Session) -> Job[Any]:
    return session.client().job(args.request_id, model=getattr(args, "model", None))


def cmd_status(args: argparse.Namespace, session: Session) -> int:
    _print_json(session, _status_json(_job(args, session).status()))
    return 0


def cmd_result(args: argparse.Namespace, session: Session) -> int:
    job = _job(args, session)
    try:
        output = job.result()
    except JobNotReadyError as exc:
        session.err.write(f"{exc}\nwait for it with: runcomfy-py wait {job.request_id}\n")
        return EXIT_FAILED
    return _print_output(job, output, args, session)


def cmd_cancel(args: argparse.Namespace, session: Session) -> int:
    job = _job(args, session)
    cancelled = job.cancel()
    _print_json(session, {"request_id": job.request_id, "cancelled": cancelled})
    if not cancelled:
        session.err.write("the job had already finished; nothing was cancelled\n")
    return 0


def cmd_wait(args: argparse.Namespace, session: Session) -> int:
    return _wait_and_print(_job(args, session), args, session)


# ---- waiting, with progress and Ctrl-C ---------------------------------------------------------


def _resume_hint(job: Job[Any]) -> str:
    model = f" --model {job.model_id}" if job.model_id else ""
    return f"runcomfy-py wait {job.request_id}{model}"


def _wait_and_print(job: Job[Any], args: argparse.Namespace, session: Session) -> int:
    progress = Progress(session.err, live=None if not args.quiet else False)
    try:
        with progress:
            progress.note(f"submitted {job.request_id}; waiting")
            output = job.wait(
                timeout=args.timeout,
                on_update=progress.update,
                poll_interval=args.poll_interval,
            )
    except KeyboardInterrupt:
        return _interrupted(job, progress.last, args.on_interrupt, session)
    return _print_output(job, output, args, session)


def _print_output(job: Job[Any], output: Any, args: argparse.Namespace, session: Session) -> int:
    plain = _plain(output)
    _print_json(session, plain)
    if getattr(args, "download", None):
        http = session.download_http()
        try:
            paths = download(plain, args.download, http_client=http)
        except DownloadError as exc:
            # The job is done (and paid for): its output URLs are printed above, fetch them later.
            session.err.write(
                f"error: {exc}; the job finished and its output URLs are printed on stdout\n"
            )
            return EXIT_FAILED
        finally:
            if http is not None:
                http.close()
        for path in paths:
            session.err.write(f"saved {path}\n")
    return 0


def _ask(session: Session, question: str) -> bool:
    session.err.write(question)
    session.err.flush()
    answer = session.stdin.readline().strip().lower()
    return answer in ("", "y", "yes")


def _interrupted(job: Job[Any], last: JobStatus | None, policy: Policy, session: Session) -> int:
    """Ctrl-C while waiting: a queued job can still be cancelled (not billed); offer it."""
    err = session.err
    if last is not None and not last.is_queued:
        err.write(
            f"interrupted; the job is {last.status} and keeps running. Resume: {_resume_hint(job)}\n"
        )
        return EXIT_INTERRUPTED
    if policy == "ask":
        if session.stdin.isatty():
            try:
                policy = (
                    "cancel"
                    if _ask(session, f"cancel the queued job {job.request_id}? [Y/n] ")
                    else "keep"
                )
            except (KeyboardInterrupt, EOFError):
                policy = "keep"
        else:
            policy = "cancel"  # nobody to ask: do not leave a paid job behind unasked-for
    if policy == "keep":
        err.write(f"interrupted; the job stays queued. Resume: {_resume_hint(job)}\n")
        return EXIT_INTERRUPTED
    try:
        cancelled = job.cancel()
    except CancelNotAllowedError:
        err.write(f"too late to cancel: the job started running. Resume: {_resume_hint(job)}\n")
        return EXIT_INTERRUPTED
    err.write("cancelled the job\n" if cancelled else "the job had already finished\n")
    return EXIT_INTERRUPTED


COMMANDS = {
    "models": cmd_models,
    "run": cmd_run,
    "submit": cmd_submit,
    "status": cmd_status,
    "result": cmd_result,
    "cancel": cmd_cancel,
    "wait": cmd_wait,
}
