# generated from templates/__init__.py.j2 by runcomfy-codegen; do not edit
"""Typed Python client for RunComfy's hosted models (sync and async), generated from the models'
JSON Schemas.

    from runcomfy_client import RunComfy
    client = RunComfy()  # key from RUNCOMFY_API_KEY
    output = client.blackforestlabs.flux_1_kontext.pro.edit.run(...)

Models (4): blackforestlabs/flux-1-kontext/pro/edit, stability/sdxl/text-to-image, wan-ai/wan-2-6/image-to-image, wan-ai/wan-2-6/image-to-video.
"""

from __future__ import annotations

from runcomfy_client._clients import AsyncRunComfy, RunComfy
from runcomfy_client._public import *  # noqa: F403
from runcomfy_client._public import __all__ as _runtime_all

__version__ = "0.1.0"
__all__ = ["AsyncRunComfy", "RunComfy", "__version__", *_runtime_all]
