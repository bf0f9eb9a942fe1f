"""Fixtures of the refresh tests: a fake RunComfy catalog to pull from."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from refresh_support import KEY, Pulled, Puller
from runcomfy_client.testing import FakeRunComfy

from generator.catalog.pull import PullOptions, pull


@pytest.fixture
def schemas(tmp_path: Path) -> Path:
    return tmp_path / "schemas"


@pytest.fixture
def pull_from(schemas: Path) -> Puller:
    """Pull from a fake serving `catalog`; keyword arguments go to PullOptions."""

    def run(catalog: Sequence[dict[str, Any]] | FakeRunComfy, **options: Any) -> Pulled:
        fake = (
            catalog
            if isinstance(catalog, FakeRunComfy)
            else FakeRunComfy(models=catalog, api_key=KEY)
        )
        options.setdefault("api_key", KEY)
        options.setdefault("base_url", fake.base_url)
        out = io.StringIO()
        plan = pull(PullOptions(schemas=schemas, **options), transport=fake.transport(), out=out)
        return Pulled(plan, out.getvalue())

    return run
