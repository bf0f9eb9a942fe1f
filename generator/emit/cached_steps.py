"""The two expensive steps of rendering, each behind the render cache.

``cached_models`` runs datamodel-code-generator for one model and ``ruff_formatted`` runs the
pinned ruff over every emitted ``.py`` file (one process for all cache misses). Both are pure
functions of their inputs, which are exactly the cache keys, so a cache hit gives the bytes a
fresh run would.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from generator.emit.pydantic_gen import ModelsCode, build_models
from generator.emit.render_cache import (
    RenderCache,
    cache_environment,
    key_of,
    models_from_json,
    models_to_json,
)
from generator.pipeline.spec import ModelSpec

__all__ = ["cached_models", "ruff_formatted"]


_RUFF_ARGS = ("format", "--isolated", "--line-length", "100", "--target-version", "py311")


def ruff_formatted(files: dict[str, str], cache: RenderCache) -> dict[str, str]:
    """Format every ``.py`` file with the pinned ruff, in one process for all cache misses.

    Formatting is a pure function of the text, ruff's version and its arguments, which is
    exactly the cache key, so a cached file is the one ruff would print.
    """
    py = {path: text for path, text in files.items() if path.endswith(".py")}
    keys = {
        path: key_of("ruff", cache_environment(), _RUFF_ARGS, text) for path, text in py.items()
    }
    formatted: dict[str, str] = {}
    todo: dict[str, str] = {}
    for path, text in py.items():
        hit = cache.get("ruff", keys[path])
        if hit is None:
            todo[path] = text
        else:
            formatted[path] = hit
    if todo:
        formatted.update(_run_ruff(todo))
        for path in todo:
            cache.put("ruff", keys[path], formatted[path])
    return {**files, **formatted}


def _run_ruff(py: dict[str, str]) -> dict[str, str]:
    with tempfile.TemporaryDirectory(prefix="runcomfy-codegen-") as tmp:
        root = Path(tmp)
        for path, text in py.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        cmd = [sys.executable, "-m", "ruff", *_RUFF_ARGS, str(root)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(
                f"ruff could not format the generated code:\n{done.stderr}{done.stdout}"
            )
        return {path: (root / path).read_text(encoding="utf-8") for path in py}


def cached_models(spec: ModelSpec, cache: RenderCache, fingerprint: str) -> ModelsCode:
    """``build_models(spec)``, from the cache when nothing it depends on has changed.

    The key holds all that ``build_models`` reads from the spec (both schemas, in their order,
    and the two class names), the generator's own source hash and the tool versions.
    """
    key = key_of(
        "models",
        fingerprint,
        cache_environment(),
        spec.input_class,
        spec.output_class,
        spec.input_schema,
        spec.output_schema,
    )
    cached = cache.get("models", key)
    code = models_from_json(cached) if cached is not None else None
    if code is None:
        code = build_models(spec)
        cache.put("models", key, models_to_json(code))
    return code
