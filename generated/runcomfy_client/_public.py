# generated from templates/runtime/_public.py by runcomfy-codegen; do not edit
"""Every public name of the runtime; the generated ``__init__`` re-exports ``__all__``."""

from __future__ import annotations

import logging

from ._batch import AsyncBatchRun, BatchRun
from ._batch_items import BatchItem, BatchProgress, BatchUpdate
from ._client import AsyncClient, SyncClient
from ._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    CancelNotAllowedError,
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
    WaitTimeoutError,
)
from ._files import (
    DownloadError,
    UnsupportedURLError,
    adownload,
    asave,
    data_uri,
    download,
    output_urls,
    save,
)
from ._jobs import AsyncJob, Job
from ._resource import AsyncModelResource, SyncModelResource
from ._status import JobStatus

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
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
    "DownloadError",
    "InputValidationError",
    "InvalidIdentifierError",
    "Job",
    "JobCancelledError",
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
    "RateLimitError",
    "ResponseFormatError",
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
    "output_urls",
    "save",
]

# Quiet by default: a library logs, the application decides what is shown.
logging.getLogger("runcomfy_client").addHandler(logging.NullHandler())
