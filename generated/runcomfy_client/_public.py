# generated from templates/runtime/_public.py by runcomfy-codegen; do not edit
"""Every public name of the runtime; the generated ``__init__`` re-exports ``__all__``.

The names in ``LAZY`` (the batch runner, the download helpers, jobs, resources and policies) are
loaded on first use (PEP 562), so importing the package loads only the clients' classes and the
errors; the rest comes with the first client built, or the first lookup of one of its names.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING

from ._client import AsyncClient, SyncClient, model_ids
from ._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    CancelNotAllowedError,
    ConfigurationError,
    DownloadError,
    InputValidationError,
    InvalidIdentifierError,
    JobCancelledError,
    JobError,
    JobFailedError,
    JobNotReadyError,
    JournalError,
    JournalLockedError,
    JournalMismatchError,
    NotFoundError,
    PaymentRequiredError,
    PermissionDeniedError,
    RateLimitError,
    ResponseFormatError,
    RunComfyError,
    ServerError,
    UnknownModelError,
    UnsupportedURLError,
    WaitTimeoutError,
)
from ._redaction import logger

if TYPE_CHECKING:
    from ._batch import AsyncBatchRun, BatchRun
    from ._batch_items import BatchItem, BatchProgress, BatchUpdate
    from ._files import adownload, asave, data_uri, download, output_urls, save
    from ._jobs import AsyncJob, Job
    from ._polling import AdaptivePollPolicy, JobDurations, PollContext, PollPolicy
    from ._resource import AsyncModelResource, SyncModelResource
    from ._retry import RetryPolicy
    from ._status import JobStatus

# name -> the module defining it, imported at the first lookup of the name (or, for the client
# machinery, when the first client is built).
LAZY = {
    **dict.fromkeys(("AsyncBatchRun", "BatchRun"), "._batch"),
    **dict.fromkeys(("BatchItem", "BatchProgress", "BatchUpdate"), "._batch_items"),
    **dict.fromkeys(
        ("adownload", "asave", "data_uri", "download", "output_urls", "save"), "._files"
    ),
    **dict.fromkeys(("AsyncJob", "Job"), "._jobs"),
    **dict.fromkeys(
        ("AdaptivePollPolicy", "JobDurations", "PollContext", "PollPolicy"), "._polling"
    ),
    **dict.fromkeys(("AsyncModelResource", "SyncModelResource"), "._resource"),
    "RetryPolicy": "._retry",
    "JobStatus": "._status",
}

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AdaptivePollPolicy",
    "AsyncBatchRun",
    "AsyncClient",
    "AsyncJob",
    "AsyncModelResource",
    "AuthenticationError",
    "BadRequestError",
    "BatchItem",
    "BatchProgress",
    "BatchRun",
    "BatchUpdate",
    "CancelNotAllowedError",
    "ConfigurationError",
    "DownloadError",
    "InputValidationError",
    "InvalidIdentifierError",
    "Job",
    "JobCancelledError",
    "JobDurations",
    "JobError",
    "JobFailedError",
    "JobNotReadyError",
    "JobStatus",
    "JournalError",
    "JournalLockedError",
    "JournalMismatchError",
    "NotFoundError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "PollContext",
    "PollPolicy",
    "RateLimitError",
    "ResponseFormatError",
    "RetryPolicy",
    "RunComfyError",
    "ServerError",
    "SyncClient",
    "SyncModelResource",
    "UnknownModelError",
    "UnsupportedURLError",
    "WaitTimeoutError",
    "adownload",
    "asave",
    "data_uri",
    "download",
    "model_ids",
    "output_urls",
    "save",
]


if not TYPE_CHECKING:  # type checkers see the imports above, and no catch-all attribute

    def __getattr__(name: str) -> object:
        module = LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, __package__), name)
        globals()[name] = value
        return value


# Quiet by default: a library logs, the application decides what is shown.
logger.addHandler(logging.NullHandler())
