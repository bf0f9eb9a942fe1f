# generated from templates/runtime/cli/_exit.py by runcomfy-codegen; do not edit
"""The exit codes of ``runcomfy-py``, and the one mapping from an exception to its code.

sysexits-style, as RunComfy's own CLI uses them, so scripts and agents branch the same way on
both tools. Every command (``batch`` included) reports through ``exit_code_for``.
"""

from __future__ import annotations

from collections.abc import Sequence

from .._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    InputValidationError,
    InvalidIdentifierError,
    JobNotReadyError,
    JournalError,
    JournalLockedError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    UnknownModelError,
    WaitTimeoutError,
)

__all__ = [
    "BAD_INPUT",
    "EXIT_CODES",
    "FAILED",
    "INTERRUPTED",
    "NO_PERMISSION",
    "OK",
    "RETRYABLE",
    "SOME_FAILED",
    "UNAVAILABLE",
    "USAGE",
    "BadInput",
    "UsageError",
    "exit_code_for",
    "exit_codes_help",
]

OK = 0
FAILED = 1  # anything else: the job failed or was cancelled, a download failed, ...
SOME_FAILED = 3  # batch only: it ran, but some of its inputs did not succeed
USAGE = 64  # EX_USAGE
BAD_INPUT = 65  # EX_DATAERR
UNAVAILABLE = 69  # EX_UNAVAILABLE
RETRYABLE = 75  # EX_TEMPFAIL
NO_PERMISSION = 77  # EX_NOPERM
INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C

EXIT_CODES: tuple[tuple[int, str], ...] = (
    (OK, "success"),
    (FAILED, "anything else: the job failed or was cancelled, a download failed, ..."),
    (SOME_FAILED, "batch: the batch ran but some inputs did not succeed"),
    (USAGE, "bad arguments: unknown option or model, malformed id, bad option value"),
    (
        BAD_INPUT,
        "bad input data: malformed JSON, schema mismatch, other 4xx answers, a batch "
        "journal of another input",
    ),
    (UNAVAILABLE, "server error 5xx, or the API could not be reached"),
    (RETRYABLE, "retryable: timeout, 408, 429, a result not ready yet, a batch journal in use"),
    (NO_PERMISSION, "authentication: 401 / 403, no or expired credentials"),
    (INTERRUPTED, "interrupted (Ctrl-C)"),
)


class UsageError(Exception):
    """Bad arguments: exit 64. The message names the option or argument; ``hints`` say what
    to do."""

    def __init__(self, message: str, hints: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.hints = list(hints)


class BadInput(Exception):
    """Bad input data (e.g. a request body that is not JSON): exit 65. Names the source."""


def exit_code_for(exc: BaseException) -> int:
    """The exit code that reports ``exc``."""
    if isinstance(exc, KeyboardInterrupt):
        return INTERRUPTED
    if isinstance(exc, UsageError | InvalidIdentifierError | UnknownModelError):
        return USAGE
    if isinstance(exc, JournalLockedError):
        return RETRYABLE  # another process runs the batch: try again when it is done
    if isinstance(exc, BadInput | InputValidationError | JournalError):
        return BAD_INPUT  # a journal of another input file, model or shard
    if isinstance(exc, AuthenticationError | PermissionDeniedError):
        return NO_PERMISSION
    if isinstance(exc, RateLimitError | APITimeoutError | WaitTimeoutError | JobNotReadyError):
        return RETRYABLE
    if isinstance(exc, ServerError):
        return UNAVAILABLE
    if isinstance(exc, APIStatusError):
        if exc.status_code == 408:
            return RETRYABLE
        if 500 <= exc.status_code < 600:
            return UNAVAILABLE
        # 4xx, or an error_code in a 200 body (a request the server refused)
        return BAD_INPUT
    if isinstance(exc, APIConnectionError):
        return UNAVAILABLE
    return FAILED


def exit_codes_help() -> str:
    """The table for ``--help`` and the README."""
    return "exit codes:\n" + "\n".join(f"  {code:<4} {text}" for code, text in EXIT_CODES)
