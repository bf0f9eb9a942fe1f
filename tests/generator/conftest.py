"""Fixtures of the generator tests (helpers live in generator_support.py)."""

from __future__ import annotations

from generator_support import generate_into

__all__ = ["generate_into"]
