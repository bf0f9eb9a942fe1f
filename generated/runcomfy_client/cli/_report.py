# generated from templates/runtime/cli/_report.py by runcomfy-codegen; do not edit
"""Every error a command ends with, told in the CLI's terms: one line, hints, an exit code.

The client's messages are written for Python (``client.job(...)``, ``api_key=...``); here each is
said with the command or option a person types instead, and with what to do next.
"""

from __future__ import annotations

import argparse
import traceback

from .._errors import (
    APIConnectionError,
    InputValidationError,
    JobError,
    NotFoundError,
    RunComfyError,
    WaitTimeoutError,
)
from ._exit import NO_PERMISSION, RETRYABLE, BadInput, UsageError, exit_code_for
from ._fields import validation_lines
from ._session import Session

__all__ = ["report", "resume_command"]

# Python-only advice in the client's messages, and what a CLI user does instead.
_PYTHON_TO_CLI = (
    ("(api_key=... or RUNCOMFY_API_KEY)", "(RUNCOMFY_API_KEY, RUNCOMFY_TOKEN or `runcomfy login`)"),
    ("pass api_key=..., set", "set"),
    ("pass api_key=... to the client or set", "set"),
)

AUTH_HINT = "`runcomfy-py auth` shows which key is used; --fake runs without one"
FAKE_IS_GONE = (
    "--fake starts a new in-process fake for each command, so the jobs of earlier commands are "
    "gone: run `runcomfy-py fake-server` and point each command at it with --base-url URL"
)


def resume_command(
    verb: str, request_id: str, model_id: str | None, args: argparse.Namespace
) -> str:
    """``runcomfy-py wait ID --model M`` (with ``--base-url`` when one was given)."""
    command = f"runcomfy-py {verb} {request_id}"
    if model_id and verb in ("wait", "result"):
        command += f" --model {model_id}"
    base_url = getattr(args, "base_url", None)
    if base_url:
        command += f" --base-url {base_url}"
    return command


def _in_cli_terms(text: str, exc: BaseException, args: argparse.Namespace) -> str:
    for python, cli in _PYTHON_TO_CLI:
        text = text.replace(python, cli)
    request_id = getattr(exc, "request_id", None) or "REQUEST_ID"
    model_id = getattr(args, "model_id", None) or getattr(args, "model", None)
    text = text.replace(
        "client.job(request_id, model=...).result()",
        resume_command("result", request_id, model_id, args),
    )
    return text.replace(
        "client.job(request_id, model=...)", resume_command("wait", request_id, model_id, args)
    )


def report(exc: BaseException, args: argparse.Namespace, session: Session) -> int:
    """Say what went wrong on stderr; the exit code."""
    code = exit_code_for(exc)
    output = session.output
    hints: list[str] = []
    message = _in_cli_terms(str(exc), exc, args)
    if isinstance(exc, UsageError):
        hints = exc.hints
    elif isinstance(exc, InputValidationError):
        options = getattr(args, "field_options", None) or []
        lines = validation_lines(exc, options)
        subject = getattr(args, "model_id", None) or "the input"
        noun = "problem" if len(lines) == 1 else "problems"
        message = f"{subject}: {len(lines)} input {noun}; nothing was sent"
        hints = lines
    elif isinstance(exc, WaitTimeoutError):
        message = (
            f"request {exc.request_id} did not finish within {exc.timeout:g} s "
            f"(last status: {exc.status.status if exc.status else 'none'})"
        )
        if exc.cancel_outcome:
            message += f"; cancel: {exc.cancel_outcome}"
        else:
            hints = _resume_hints(exc.request_id, args, session)
    elif isinstance(exc, JobError) and code == RETRYABLE:  # not ready yet
        hints = _resume_hints(exc.request_id, args, session)
    if code == NO_PERMISSION:
        hints.append(AUTH_HINT)
    if session.uses_fake and isinstance(exc, NotFoundError) and getattr(args, "request_id", None):
        hints.append(FAKE_IS_GONE)
    if isinstance(exc, APIConnectionError) and not session.uses_fake:
        hints.append("check the network, or the base URL (--base-url, RUNCOMFY_BASE_URL)")
    if not isinstance(exc, RunComfyError | UsageError | BadInput | OSError):
        # Not an error the client or the CLI raises on purpose: a bug. Say so, without a trace
        # unless asked for (-vv).
        message = f"internal error: {type(exc).__name__}: {exc}"
        hints.append("this is a bug in runcomfy-py; -vv shows the traceback")
    output.error(message, hints, request_id=getattr(exc, "request_id", None))
    if output.verbose > 1:
        session.err.write("".join(traceback.format_exception(exc)))
    return code


def _resume_hints(request_id: str, args: argparse.Namespace, session: Session) -> list[str]:
    if session.uses_fake:
        return [
            "the in-process fake's jobs end with this command; "
            "run `runcomfy-py fake-server` to keep jobs across commands"
        ]
    model_id = getattr(args, "model_id", None) or getattr(args, "model", None)
    return [f"resume: {resume_command('wait', request_id, model_id, args)}"]
