# generated from templates/runtime/_namespaces/__init__.py by runcomfy-codegen; do not edit
"""Typed attribute access to every model: ``client.wan_ai.wan_2_6.image_to_image``.

One module per provider (``_namespaces/wan_ai.py``), imported the first time ``client.wan_ai``
is read; a leaf imports its model module the first time it is used. So importing the client
costs the same with 4 models or 400.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Namespace"]


class Namespace:
    """A node of the attribute tree; holds the client its models run on."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"
