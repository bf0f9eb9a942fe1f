# generated from schemas/ (templates/_clients.py.j2) by runcomfy-codegen; do not edit
"""The public clients: the runtime's ``SyncClient`` / ``AsyncClient`` plus one typed attribute
per model provider (``client.wan_ai``).

A provider's namespace module is imported the first time its attribute is read, so importing
the package does not grow with the number of models.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from runcomfy_client._client import AsyncClient, SyncClient

if TYPE_CHECKING:
    import runcomfy_client._namespaces.blackforestlabs
    import runcomfy_client._namespaces.stability
    import runcomfy_client._namespaces.wan_ai

__all__ = ["AsyncRunComfy", "RunComfy"]


class RunComfy(SyncClient):
    """The RunComfy client (blocking). See ``SyncClient``."""

    @cached_property
    def blackforestlabs(
        self,
    ) -> runcomfy_client._namespaces.blackforestlabs.BlackforestlabsNamespace:
        from runcomfy_client._namespaces.blackforestlabs import BlackforestlabsNamespace

        return BlackforestlabsNamespace(self)

    @cached_property
    def stability(self) -> runcomfy_client._namespaces.stability.StabilityNamespace:
        from runcomfy_client._namespaces.stability import StabilityNamespace

        return StabilityNamespace(self)

    @cached_property
    def wan_ai(self) -> runcomfy_client._namespaces.wan_ai.WanAiNamespace:
        from runcomfy_client._namespaces.wan_ai import WanAiNamespace

        return WanAiNamespace(self)


class AsyncRunComfy(AsyncClient):
    """The RunComfy client for asyncio. See ``AsyncClient``."""

    @cached_property
    def blackforestlabs(
        self,
    ) -> runcomfy_client._namespaces.blackforestlabs.AsyncBlackforestlabsNamespace:
        from runcomfy_client._namespaces.blackforestlabs import AsyncBlackforestlabsNamespace

        return AsyncBlackforestlabsNamespace(self)

    @cached_property
    def stability(self) -> runcomfy_client._namespaces.stability.AsyncStabilityNamespace:
        from runcomfy_client._namespaces.stability import AsyncStabilityNamespace

        return AsyncStabilityNamespace(self)

    @cached_property
    def wan_ai(self) -> runcomfy_client._namespaces.wan_ai.AsyncWanAiNamespace:
        from runcomfy_client._namespaces.wan_ai import AsyncWanAiNamespace

        return AsyncWanAiNamespace(self)
