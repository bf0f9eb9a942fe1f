# generated from templates/__init__.py.j2 by runcomfy-codegen; do not edit
"""Typed Python client for RunComfy's hosted models (sync and async), generated from the models'
JSON Schemas.

    from runcomfy_client import RunComfy
    client = RunComfy()  # key from RUNCOMFY_API_KEY
    output = client.blackforestlabs.flux_1_kontext.pro.edit.run(...)

Models (4): blackforestlabs/flux-1-kontext/pro/edit, stability/sdxl/text-to-image, wan-ai/wan-2-6/image-to-image, wan-ai/wan-2-6/image-to-video.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runcomfy_client import _public
from runcomfy_client._clients import AsyncRunComfy, RunComfy
from runcomfy_client._public import __all__ as _runtime_all

__version__ = "0.1.0"
__all__ = ["AsyncRunComfy", "RunComfy", "__version__", *_runtime_all]

if TYPE_CHECKING:
    from runcomfy_client._public import *  # noqa: F403
else:
    # The runtime's names; those in _public.LAZY (batch runner, downloads, jobs, resources,
    # policies) load on first use (PEP 562).
    globals().update(
        {name: getattr(_public, name) for name in _runtime_all if name not in _public.LAZY}
    )

    def __getattr__(name: str) -> object:
        if name not in _public.LAZY:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = globals()[name] = getattr(_public, name)
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})
