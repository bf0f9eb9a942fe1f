"""`runcomfy-codegen pull`: bring schemas/ up to date with RunComfy's catalog.

Three steps, and only the last touches disk:
1. read the whole catalog (`generator.catalog.fetch`); any error stops here;
2. plan: for each selected model, the text of `input.json` (formatted by `schema_io`, so an
   unchanged upstream schema gives unchanged bytes) and, only where the folder has none,
   `output.json`: the entry's `output_schema` if the catalog serves one (RunComfy documents
   none), else the standard one; a file a person added (`output.json`, `examples/`) is never
   planned over; and `model.json`, the catalog's display name, categories and price unit for
   the model (refreshed on every pull: the catalog owns it);
3. apply: every file is staged in a temporary folder next to schemas/, then moved into
   place; if a move fails, the moves already done are undone. All or nothing.

Which models: the MODEL_IDs given, plus every model of `--category`, plus every model with
`--all` (`--all --category X`: every model of X); with none of these, the models already in
schemas/ (the nightly refresh). A local model the
catalog does not list is left alone, with a note: it may be hand-made.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TextIO

import httpx

from generator.catalog.fetch import CatalogEntry, CatalogError, base_url_from, fetch_catalog
from generator.catalog.schema_io import STANDARD_OUTPUT_SCHEMA, json_text, schema_text
from generator.diff.changes import ModelSchemas, diff_models
from generator.diff.report import render_text
from generator.output.write import write_files
from generator.pipeline.model_facts import MODEL_FILE
from generator.runtime import contract

__all__ = ["PullError", "PullOptions", "PullPlan", "apply_plan", "plan_pull", "pull"]

FileStatus = Literal["added", "updated", "unchanged"]


class PullError(Exception):
    """Pull cannot go on; nothing was written. The message is one line for a person."""


@dataclass(frozen=True)
class PullOptions:
    schemas: Path
    model_ids: tuple[str, ...] = ()
    all: bool = False
    category: str | None = None
    base_url: str | None = None
    api_key: str | None = None
    api_key_source: str = "RUNCOMFY_API_KEY"  # named in the error when the key is refused
    dry_run: bool = False


@dataclass
class PullPlan:
    """What a pull would do: each file's new text and whether it is added or updated."""

    root: Path
    files: dict[str, tuple[FileStatus, str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    old: dict[str, ModelSchemas] = field(default_factory=dict)
    new: dict[str, ModelSchemas] = field(default_factory=dict)

    @property
    def writes(self) -> dict[str, str]:
        return {rel: text for rel, (status, text) in self.files.items() if status != "unchanged"}


def pull(
    options: PullOptions,
    *,
    transport: httpx.BaseTransport | None = None,
    out: TextIO = sys.stdout,
) -> PullPlan:
    """Read the catalog, plan, and (unless dry run) apply. Raises PullError before any write."""
    base_url = base_url_from(options.base_url)
    try:
        with httpx.Client(transport=transport, timeout=30.0, follow_redirects=False) as client:
            entries = fetch_catalog(
                client,
                base_url,
                api_key=options.api_key,
                key_source=options.api_key_source,
                category=options.category,
            )
    except CatalogError as exc:
        raise PullError(str(exc)) from exc
    plan = plan_pull(entries, options)
    _report(plan, out, dry_run=options.dry_run)
    if not options.dry_run:
        apply_plan(plan)
    return plan


def plan_pull(entries: Sequence[CatalogEntry], options: PullOptions) -> PullPlan:
    root = options.schemas
    plan = PullPlan(root)
    by_id = {e.model_id: e for e in entries}
    for entry in _select(entries, by_id, options, plan):
        schema = _input_schema(entry)
        folder = root / entry.model_id
        rel = f"{entry.model_id}/input.json"
        text = schema_text(schema)
        old_text = _read_text(folder / "input.json")
        status: FileStatus = "added"
        if old_text is not None:
            # Same schema in another layout (a hand-formatted seed file): keep the person's
            # bytes, so a pull with no upstream change never dirties git.
            same = old_text == text or _canonical(old_text) == text
            status = "unchanged" if same else "updated"
        plan.files[rel] = (status, text)
        if not (folder / "output.json").exists():
            output = entry.output_schema
            if not isinstance(output, dict) or not output:
                output = STANDARD_OUTPUT_SCHEMA
            plan.files[f"{entry.model_id}/output.json"] = ("added", schema_text(output))
        if entry.facts:
            facts_text = json_text(entry.facts)
            old_facts = _read_text(folder / MODEL_FILE)
            facts_status: FileStatus = (
                "added"
                if old_facts is None
                else "unchanged"
                if old_facts == facts_text
                else "updated"
            )
            plan.files[f"{entry.model_id}/{MODEL_FILE}"] = (facts_status, facts_text)
        if old_text is not None and status == "updated":
            plan.old[entry.model_id] = ModelSchemas(_loads(old_text))
            plan.new[entry.model_id] = ModelSchemas(schema)
    return plan


def apply_plan(plan: PullPlan) -> None:
    """Write every planned file, or none of them."""
    writes = plan.writes
    if not writes:
        return
    root = plan.root
    root.parent.mkdir(parents=True, exist_ok=True)
    # Next to schemas/ (same file system, so moves are renames) and not inside it, so a
    # crash can never leave a stray folder that the loader would read as a model.
    staging = Path(tempfile.mkdtemp(prefix=".runcomfy-pull-", dir=root.parent))
    try:
        try:
            write_files(staging / "new", writes)
        except OSError as exc:
            raise PullError(f"cannot stage the new schemas ({exc}); nothing was written") from exc
        _move_into_place(staging, root, sorted(writes))
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _move_into_place(staging: Path, root: Path, rels: list[str]) -> None:
    undo: list[tuple[Path, Path | None]] = []  # (target, backup to restore or None to delete)
    created: list[Path] = []
    try:
        for rel in rels:
            target = root / rel
            for parent in reversed([target.parent, *target.parent.parents]):
                if not parent.exists():
                    parent.mkdir()
                    created.append(parent)
            backup = None
            if target.exists():
                backup = staging / "old" / rel
                backup.parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, backup)
            undo.append((target, backup))
            os.replace(staging / "new" / rel, target)
    except OSError as exc:
        for target, backup in reversed(undo):
            if backup is not None:
                os.replace(backup, target)
            else:
                target.unlink(missing_ok=True)
        for folder in reversed(created):
            folder.rmdir()
        raise PullError(f"cannot write {root} ({exc}); every change was undone") from exc


def _select(
    entries: Sequence[CatalogEntry],
    by_id: dict[str, CatalogEntry],
    options: PullOptions,
    plan: PullPlan,
) -> list[CatalogEntry]:
    for model_id in options.model_ids:
        if problem := contract.model_id_problem(model_id):
            raise PullError(problem)
        if model_id not in by_id:
            raise PullError(
                f"{model_id!r} is not in the catalog; check the id (`list` shows yours)"
            )
    wanted = set(options.model_ids)
    broad = options.all or options.category is not None
    if not wanted and not broad:
        wanted = set(_local_models(options.schemas))
        if not wanted:
            raise PullError(
                f"{options.schemas} has no models to refresh; pass MODEL_ID..., --category or --all"
            )
        for model_id in sorted(wanted - set(by_id)):
            plan.notes.append(f"{model_id}: not in the catalog; left as is")
    chosen: list[CatalogEntry] = []
    for entry in entries:
        in_category = options.category is None or options.category in entry.categories
        selected = entry.model_id in wanted or (broad and in_category)
        problem = contract.model_id_problem(entry.model_id)  # ids become folders
        if problem and selected:
            raise PullError(f"the catalog holds a model id that cannot be a folder: {problem}")
        if selected:
            chosen.append(entry)
    return chosen


def _input_schema(entry: CatalogEntry) -> dict[str, Any]:
    schema = entry.input_schema
    if isinstance(schema, str):
        # Some catalog endpoints serve the schema as a JSON string.
        try:
            schema = json.loads(schema)
        except ValueError:
            schema = None
    if not isinstance(schema, dict) or not schema:
        raise PullError(
            f"{entry.model_id}: the catalog entry has no input_schema object; "
            "was include_schema=true honoured?"
        )
    return schema


def _local_models(root: Path) -> list[str]:
    if not root.is_dir():
        return []
    found = []
    for path in root.rglob("input.json"):
        rel = path.parent.relative_to(root)
        if "examples" not in rel.parts:
            found.append(rel.as_posix())
    return sorted(found)


def _read_text(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise PullError(f"cannot read {path} ({exc})") from exc


def _canonical(text: str) -> str | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return schema_text(value) if isinstance(value, dict) else None


def _loads(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}  # a broken local file: the diff shows everything as new
    return value if isinstance(value, dict) else {}


def _report(plan: PullPlan, out: TextIO, *, dry_run: bool) -> None:
    verb = "would " if dry_run else ""
    for rel, (status, _) in sorted(plan.files.items()):
        if status != "unchanged":
            word = {"added": "add", "updated": "update"}[status]
            out.write(f"{verb}{word} {plan.root.name}/{rel}\n")
    for note in plan.notes:
        out.write(f"note: {note}\n")
    if plan.old:
        out.write(render_text(diff_models(plan.old, plan.new)))
    unchanged = sum(status == "unchanged" for status, _ in plan.files.values())
    changed = len(plan.files) - unchanged
    done = "would change" if dry_run else "changed"
    out.write(f"{changed} file(s) {done}, {unchanged} unchanged\n")
