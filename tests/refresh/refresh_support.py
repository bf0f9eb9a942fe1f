"""Helpers of the refresh tests: small schemas, catalog entries, folder snapshots."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.catalog.pull import PullPlan

KEY = "test-key"


@dataclass(frozen=True)
class Pulled:
    plan: PullPlan
    printed: str


# `pull_from(catalog, **PullOptions fields)`: see conftest.py.
Puller = Callable[..., Pulled]


def obj(required: tuple[str, ...] = (), **properties: dict[str, Any]) -> dict[str, Any]:
    """An input schema with these properties, in keyword order."""
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


def entry(model_id: str, schema: dict[str, Any], *categories: str) -> dict[str, Any]:
    """A catalog entry as `GET /v1/models?include_schema=true` lists it (no output schema)."""
    return {
        "model_id": model_id,
        "display_name": model_id,
        "categories": list(categories or ("image",)),
        "kind": "model",
        "input_schema": schema,
    }


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file below `root` with its bytes, to prove that nothing moved."""
    if not root.exists():
        return {}
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


SEED = obj(
    ("prompt",),
    prompt={"type": "string", "title": "提示词", "maxLength": 2000},
    seed={"type": "integer", "minimum": 0, "maximum": 2147483647},
    size={"type": "string", "enum": ["1024*1024", "720*1280"], "default": "1024*1024"},
    strength={"type": "float", "minimum": 0, "maximum": 1, "default": 0.5},
)


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` with a throwaway identity; return its standard output."""
    import subprocess

    done = subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def write_model(
    root: Path, model_id: str, schema: dict[str, Any], output: dict[str, Any] | None = None
) -> None:
    from generator.catalog.schema_io import schema_text

    folder = root / model_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "input.json").write_text(schema_text(schema), encoding="utf-8")
    if output is not None:
        (folder / "output.json").write_text(schema_text(output), encoding="utf-8")
