"""Stage 2 (pure): specs and the release record -> ``{relative path: text}`` for the whole output
folder.

Nothing here reads or writes the output folder; ``build`` gathers the inputs and ``output.write``
/ ``output.check`` touch disk. Each artifact has one emitter (``EMITTERS``); they share one
``EmitJob`` (one Jinja environment, the pydantic classes computed once per model), and the
result is formatted by the pinned ruff in one batch, so it is the same byte for byte on every run
and machine. To add an artifact, write an ``EmitJob -> {path: text}`` function and list it here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.emit.base import EmitJob, Emitter, make_env
from generator.emit.cached_steps import cached_models, ruff_formatted
from generator.emit.client import emit_client_code
from generator.emit.docs import emit_docs
from generator.emit.fingerprint import fingerprint
from generator.emit.manifest import emit_manifest
from generator.emit.models import emit_model_modules, emit_schema_copies
from generator.emit.openapi import emit_openapi
from generator.emit.package import emit_package_files
from generator.emit.render_cache import RenderCache
from generator.emit.runtime_copy import emit_runtime
from generator.pipeline.release_record import ReleaseRecord
from generator.pipeline.spec import ModelSpec

__all__ = ["EMITTERS", "Rendered", "render"]

EMITTERS: tuple[Emitter, ...] = (
    emit_runtime,  # templates/runtime/ as is
    emit_model_modules,  # pydantic classes + resources, one module per model
    emit_schema_copies,  # the normalised schemas, package data
    emit_client_code,  # registry, namespaces, clients, __init__
    emit_openapi,  # openapi.json
    emit_docs,  # docs/: a reference page per model and an index
    emit_package_files,  # pyproject.toml, CHANGELOG.md, release.json
    emit_manifest,  # manifest.json
)


@dataclass(frozen=True)
class Rendered:
    files: dict[str, str]  # relative posix path -> text


def render(
    specs: Iterable[ModelSpec],
    release: ReleaseRecord | None = None,
    cache: RenderCache | None = None,
) -> Rendered:
    """Everything the output folder should hold for ``specs`` at release ``release`` (None: never
    released). ``cache`` (default: ``RenderCache.from_env()``) only saves time."""
    cache = RenderCache.from_env() if cache is None else cache
    specs = tuple(specs)
    shaped_by = fingerprint()
    job = EmitJob(
        specs=specs,
        models={spec.model_id: cached_models(spec, cache, shaped_by) for spec in specs},
        env=make_env(),
        release=release,
        fingerprint=shaped_by,
    )
    files: dict[str, str] = {}
    for emitter in EMITTERS:
        for path, text in emitter(job).items():
            if path in files:
                raise RuntimeError(f"two emitters write {path}; {emitter.__name__} is the second")
            files[path] = text
    return Rendered(files=ruff_formatted(files, cache))
