# generated from schemas/ (templates/_namespaces.py.j2) by runcomfy-codegen; do not edit
"""The models under ``blackforestlabs``: typed namespace classes for the sync and the async client.

Imported the first time ``client.blackforestlabs`` is read; a leaf imports its model module the first
time it is used.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from runcomfy_client._namespaces import Namespace

if TYPE_CHECKING:
    from runcomfy_client.models.blackforestlabs.flux_1_kontext.pro.edit import (
        AsyncEdit as _blackforestlabs_flux_1_kontext_pro_edit__AsyncEdit,
    )
    from runcomfy_client.models.blackforestlabs.flux_1_kontext.pro.edit import (
        Edit as _blackforestlabs_flux_1_kontext_pro_edit__Edit,
    )

__all__ = [
    "BlackforestlabsNamespace",
    "AsyncBlackforestlabsNamespace",
]


class BlackforestlabsNamespace(Namespace):
    """The models under ``blackforestlabs``."""

    @cached_property
    def flux_1_kontext(self) -> BlackforestlabsFlux1KontextNamespace:
        return BlackforestlabsFlux1KontextNamespace(self._client)


class BlackforestlabsFlux1KontextNamespace(Namespace):
    """The models under ``blackforestlabs/flux_1_kontext``."""

    @cached_property
    def pro(self) -> BlackforestlabsFlux1KontextProNamespace:
        return BlackforestlabsFlux1KontextProNamespace(self._client)


class BlackforestlabsFlux1KontextProNamespace(Namespace):
    """The models under ``blackforestlabs/flux_1_kontext/pro``."""

    @cached_property
    def edit(self) -> _blackforestlabs_flux_1_kontext_pro_edit__Edit:
        from runcomfy_client.models.blackforestlabs.flux_1_kontext.pro.edit import Edit

        return Edit(self._client)


class AsyncBlackforestlabsNamespace(Namespace):
    """The async models under ``blackforestlabs``."""

    @cached_property
    def flux_1_kontext(self) -> AsyncBlackforestlabsFlux1KontextNamespace:
        return AsyncBlackforestlabsFlux1KontextNamespace(self._client)


class AsyncBlackforestlabsFlux1KontextNamespace(Namespace):
    """The async models under ``blackforestlabs/flux_1_kontext``."""

    @cached_property
    def pro(self) -> AsyncBlackforestlabsFlux1KontextProNamespace:
        return AsyncBlackforestlabsFlux1KontextProNamespace(self._client)


class AsyncBlackforestlabsFlux1KontextProNamespace(Namespace):
    """The async models under ``blackforestlabs/flux_1_kontext/pro``."""

    @cached_property
    def edit(self) -> _blackforestlabs_flux_1_kontext_pro_edit__AsyncEdit:
        from runcomfy_client.models.blackforestlabs.flux_1_kontext.pro.edit import AsyncEdit

        return AsyncEdit(self._client)
