"""Emitter of ``manifest.json``: what the output folder was made from.

- ``generator_sha256``: the fingerprint of the emitting code, templates and runtime, and tool
  versions (``emit.fingerprint``); an edit anywhere else (``pull``, the CLI, a comment) leaves it;
- ``schemas_sha256``: the models as the pipeline read them (every ``ModelSpec``: ids, names,
  normalised schemas, catalog facts, examples), so reformatting a schema file leaves it;
- the model ids and the tool versions, for people.

``manifest_document`` is also what the test session's stale-copy guard compares with
(``output.freshness``), without rendering anything.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable
from typing import Any

from generator.emit.base import EmitJob, header, json_text
from generator.emit.fingerprint import tool_versions
from generator.pipeline.spec import ModelSpec

__all__ = ["MANIFEST_FILE", "emit_manifest", "manifest_document"]

MANIFEST_FILE = "manifest.json"


def _schemas_sha256(specs: Iterable[ModelSpec]) -> str:
    models = [dataclasses.asdict(spec) for spec in sorted(specs, key=lambda s: s.model_id)]
    text = json.dumps(models, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def manifest_document(specs: Iterable[ModelSpec], fingerprint: str) -> dict[str, Any]:
    specs = list(specs)
    return {
        "$comment": header("schemas/ and generator/", "").strip(),
        "generator_sha256": fingerprint,
        "schemas_sha256": _schemas_sha256(specs),
        "models": [s.model_id for s in specs],
        "tools": tool_versions(),
    }


def emit_manifest(job: EmitJob) -> dict[str, str]:
    return {MANIFEST_FILE: json_text(manifest_document(job.specs, job.fingerprint))}
