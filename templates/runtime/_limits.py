"""Default limits the clients take as arguments, in a module light enough to load with them."""

from __future__ import annotations

__all__ = ["DEFAULT_MAX_RESPONSE_BYTES"]

DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024
"""API answers are small JSON documents (outputs are URLs); 16 MiB leaves room for inline ones."""
