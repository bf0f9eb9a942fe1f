# generated from templates/runtime/_public.py by runcomfy-codegen; do not edit
"""Every public name of the runtime; the generated ``__init__`` re-exports ``__all__``."""

from __future__ import annotations

import logging

from ._batch import AsyncBatchRun, BatchRun
from ._batch_items import BatchItem, BatchProgress, BatchUpdate
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
from ._files import (
    adownload,
    asave,
    data_uri,
    download,
    output_urls,
    save,
)
from ._jobs import AsyncJob, Job
from ._polling import AdaptivePollPolicy, JobDurations, PollContext, PollPolicy
from ._redaction import logger
from ._resource import AsyncModelResource, SyncModelResource
from ._retry import RetryPolicy
from ._status import JobStatus

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

# Quiet by default: a library logs, the application decides what is shown.
logger.addHandler(logging.NullHandler())
