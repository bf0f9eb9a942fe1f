"""Step 3 (pure): specs -> ``{relative path: text}`` for the whole output folder.

Nothing here touches the output folder; ``write`` and ``check`` do. The text is formatted by the
pinned ruff in one batch, so it is the same byte for byte on every run and machine.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import jinja2

from generator.emit.cached_steps import cached_models, ruff_formatted
from generator.emit.openapi import build_openapi
from generator.emit.pydantic_gen import FieldCode, ModelsCode
from generator.emit.pysource import docstring, literal
from generator.emit.render_cache import RenderCache
from generator.emit.typed_params import typed_params
from generator.pipeline.spec import FieldSpec, ModelSpec
from generator.release.changelog import CHANGELOG_PATH, next_release
from generator.runtime import RUNTIME_DIR, TEMPLATES_DIR, contract

__all__ = ["Rendered", "render"]


PACKAGE = "runcomfy_client"


@dataclass(frozen=True)
class Rendered:
    files: dict[str, str]  # relative posix path -> text


def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


def _header(source: str, comment: str = "#") -> str:
    return f"{comment} generated from {source} by runcomfy-codegen; do not edit"


# -- per-model module ------------------------------------------------------------------------


def _field_doc(spec: FieldSpec, code: FieldCode) -> str:
    head = f"{spec.py_name} ({code.annotation}"
    head += ", required)" if code.default is None else f", default {code.default})"
    if spec.wire_name != spec.py_name:
        head += f" [sent as {spec.wire_name!r}]"
    text = " ".join(part for part in (spec.title, spec.description) if part)
    lines = [head + (": " + text if text else "")]
    for rule in spec.rules:
        lines.append(f"    rule {rule.describe()}")
    return "\n".join(lines)


def _model_context(spec: ModelSpec, code: ModelsCode) -> dict[str, Any]:
    by_name = {f.py_name: f for f in spec.fields}
    params = []
    field_docs = []
    for field in code.fields:
        param = f"{field.py_name}: {field.annotation}"
        if field.default is not None:
            param += f" = {field.default}"
        params.append(param)
        if field.py_name in by_name:
            field_docs.append(_field_doc(by_name[field.py_name], field))
    fields_text = "\n".join(field_docs) or "(this model takes no input fields)"
    server_rules = [
        f"{f.py_name}: {r.rule} {r.value}"
        for f in spec.fields
        for r in f.rules
        if r.checked_by == "server"
    ]
    rules_text = (
        "\n\nChecked by the server only (the client cannot check these offline): "
        + "; ".join(server_rules)
        if server_rules
        else ""
    )
    summary = f"RunComfy model ``{spec.model_id}``." + (
        f"\n\n{spec.summary}" if spec.summary else ""
    )
    resource_doc = (
        f"{summary}\n\nClient-side rules (``validations``) are checked on data URIs before any "
        "request; URLs are checked by the server." + rules_text
    )
    typed = typed_params(spec, code)
    payload_text = (
        f"Pass either one positional payload, a ``{spec.input_class}`` or a "
        f"``{typed.input_params}`` dict keyed by the schema's wire names (a mapping loaded from "
        "JSON works too), or keyword arguments. A keyword left out is not sent; the server "
        "applies its default."
    )
    submit_doc = (
        f"Submit a job and return its handle at once.\n\n{payload_text}\n\nFields:\n{fields_text}"
    )
    wait_text = ", ".join(
        f"{o.name}: {o.annotation} = {o.default!r}" for o in contract.WAIT_OPTIONS
    )
    run_doc = (
        "Submit a job, wait for it and return its typed output.\n\n"
        f"{payload_text}\n\nFields:\n{fields_text}\n\n"
        f"Wait options, as ``Job.wait`` takes them: {wait_text}."
    )
    exports = sorted(
        {spec.resource_class, spec.async_resource_class, *code.class_names}
        | {alias for alias, _ in code.enum_aliases}
        | {typed_dict.name for typed_dict in typed.dicts}
    )
    return {
        "header": _header(f"{spec.input_file} and {spec.output_file}"),
        "m": spec,
        "code": code,
        "typed": typed,
        "import_groups": [group for group in code.import_groups if group],
        "model_id_literal": literal(spec.model_id),
        "exports": literal(exports),
        "params": params,
        "wait_params": [f"{o.name}: {o.annotation} = {o.default!r}" for o in contract.WAIT_OPTIONS],
        "wait_names": list(contract.WAIT_OPTION_NAMES),
        "resource_doc": docstring(resource_doc),
        "submit_doc": docstring(submit_doc, indent="        "),
        "run_doc": docstring(run_doc, indent="        "),
        "flavours": [
            {
                "cls": spec.resource_class,
                "base": "SyncModelResource",
                "job": "Job",
                "def": "def",
                "await": "",
            },
            {
                "cls": spec.async_resource_class,
                "base": "AsyncModelResource",
                "job": "AsyncJob",
                "def": "async def",
                "await": "await ",
            },
        ],
    }


# -- package-level files ---------------------------------------------------------------------


def _namespace_context(specs: list[ModelSpec]) -> dict[str, Any]:
    """Namespace classes for the sync and the async tree, one module per provider.

    Each provider's classes live in ``_namespaces/<provider>.py``, imported the first time
    ``client.<provider>`` is read: with hundreds of models, defining every namespace class at
    ``import runcomfy_client`` would cost ~0.1-0.2 s (one class per path node, twice).
    """
    tree: dict[tuple[str, ...], dict[str, ModelSpec | None]] = {(): {}}
    for spec in specs:
        path = spec.attr_path
        for depth in range(1, len(path)):
            tree.setdefault(path[:depth], {})
            tree[path[: depth - 1]][path[depth - 1]] = None
        tree[path[:-1]][path[-1]] = spec

    def cls_name(prefix: str, path: tuple[str, ...]) -> str:
        return prefix + "".join(p.title().replace("_", "") for p in path) + "Namespace"

    providers = []
    for root in sorted(tree[()]):
        nodes, imports = [], []
        for prefix, resource in (("", "resource_class"), ("Async", "async_resource_class")):
            for path in sorted(p for p in tree if p and p[0] == root):
                children = []
                for attr, leaf in sorted(tree[path].items()):
                    if leaf is None:
                        children.append(
                            {"attr": attr, "type": cls_name(prefix, (*path, attr)), "module": None}
                        )
                    else:
                        name = getattr(leaf, resource)
                        alias = f"_{'_'.join(leaf.attr_path)}__{name}"
                        imports.append(f"from {leaf.module} import {name} as {alias}")
                        children.append(
                            {
                                "attr": attr,
                                "type": alias,
                                "module": leaf.module,
                                "import_name": name,
                            }
                        )
                kind = "async " if prefix else ""
                nodes.append(
                    {
                        "cls": cls_name(prefix, path),
                        "doc": docstring(f"The {kind}models under ``{'/'.join(path)}``."),
                        "children": children,
                    }
                )
        providers.append(
            {
                "attr": root,
                "module": f"{PACKAGE}._namespaces.{root}",
                "file": f"{PACKAGE}/_namespaces/{root}.py",
                "nodes": nodes,
                "type_imports": sorted(imports),
                "root_names": [literal(cls_name(p, (root,))) for p in ("", "Async")],
            }
        )
    return {"providers": providers, "roots": sorted(tree[()]), "cls_name": cls_name}


def _package_inits(specs: list[ModelSpec]) -> dict[str, str]:
    folders: set[tuple[str, ...]] = {("models",)}
    for spec in specs:
        for depth in range(1, len(spec.attr_path)):
            folders.add(("models", *spec.attr_path[:depth]))
    out = {}
    for folder in sorted(folders):
        doc = (
            "Generated model modules, one per RunComfy model."
            if folder == ("models",)
            else ("Models under " + ".".join(folder[1:]) + ".")
        )
        out[f"{PACKAGE}/{'/'.join(folder)}/__init__.py"] = (
            _env()
            .get_template("package_init.py.j2")
            .render(header=_header("templates/package_init.py.j2"), doc=docstring(doc))
        )
    return out


def _hash_files(paths: list[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for name, data in sorted(paths):
        digest.update(name.encode() + b"\0" + data.replace(b"\r\n", b"\n") + b"\0")
    return digest.hexdigest()


def _generator_files() -> list[tuple[str, bytes]]:
    package = Path(__file__).resolve().parents[1]
    files = [
        (f"generator/{p.relative_to(package).as_posix()}", p.read_bytes())
        for p in sorted(package.rglob("*.py"))
    ]
    for path in sorted(TEMPLATES_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            files.append(
                (f"templates/{path.relative_to(TEMPLATES_DIR).as_posix()}", path.read_bytes())
            )
    return files


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _schema_files(spec: ModelSpec) -> dict[str, str]:
    base = f"{PACKAGE}/schemas/{spec.model_id}"
    return {
        f"{base}/input.json": _json(
            {"$comment": _header(spec.input_file, "").strip(), **spec.input_schema}
        ),
        f"{base}/output.json": _json(
            {"$comment": _header(spec.output_file, "").strip(), **spec.output_schema}
        ),
    }


def _runtime_files() -> dict[str, str]:
    out = {}
    for path in sorted(RUNTIME_DIR.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        rel = path.relative_to(RUNTIME_DIR).as_posix()
        text = path.read_text(encoding="utf-8")
        out[f"{PACKAGE}/{rel}"] = f"{_header('templates/runtime/' + rel)}\n{text}"
    return out


def render(
    specs: list[ModelSpec],
    schema_files: list[tuple[str, bytes]],
    previous: Mapping[str, str] | None = None,
    cache: RenderCache | None = None,
) -> Rendered:
    """Everything the output folder should hold. ``schema_files`` feed the manifest's hash.

    ``cache`` (default: ``RenderCache.from_env()``) only saves time; see ``render_cache``.
    """
    cache = RenderCache.from_env() if cache is None else cache
    generator_sha256 = _hash_files(_generator_files())
    env = _env()
    files: dict[str, str] = {}
    files.update(_runtime_files())
    for spec in specs:
        code = cached_models(spec, cache, generator_sha256)
        files[spec.module_file] = env.get_template("model_module.py.j2").render(
            _model_context(spec, code)
        )
        files.update(_schema_files(spec))
    # The version and CHANGELOG.md follow from diffing these schema copies against the previous
    # output's (`previous`, see changelog.read_previous_output); unchanged schemas keep both as is.
    release = next_release(previous or {}, files)
    version = release.version
    files[CHANGELOG_PATH] = release.changelog
    files.update(_package_inits(specs))
    entries = [
        {
            "model_id": literal(s.model_id),
            "module": literal(s.module),
            "input_class": literal(s.input_class),
            "output_class": literal(s.output_class),
            "resource_class": literal(s.resource_class),
            "async_resource_class": literal(s.async_resource_class),
            "attr_path": literal(s.attr_path),
            "summary": literal(s.summary),
            "display_name": literal(s.catalog.display_name),
            "categories": literal(s.catalog.categories),
            "price_unit": literal(s.catalog.price_unit),
            "output_kind": literal(s.output_kind),
        }
        for s in specs
    ]
    files[f"{PACKAGE}/_registry.py"] = env.get_template("_registry.py.j2").render(
        header=_header("schemas/ (templates/_registry.py.j2)"), entries=entries
    )
    ns = _namespace_context(specs)
    for provider in ns["providers"]:
        files[provider["file"]] = env.get_template("_namespaces.py.j2").render(
            header=_header("schemas/ (templates/_namespaces.py.j2)"), **provider
        )
    flavours = [
        {
            "cls": cls,
            "base": base,
            "doc": docstring(doc),
            "providers": [
                {
                    "attr": r,
                    "cls": ns["cls_name"](prefix, (r,)),
                    "module": f"{PACKAGE}._namespaces.{r}",
                }
                for r in ns["roots"]
            ],
        }
        for cls, base, prefix, doc in (
            ("RunComfy", "SyncClient", "", "The RunComfy client (blocking). See ``SyncClient``."),
            (
                "AsyncRunComfy",
                "AsyncClient",
                "Async",
                "The RunComfy client for asyncio. See ``AsyncClient``.",
            ),
        )
    ]
    files[f"{PACKAGE}/_clients.py"] = env.get_template("_clients.py.j2").render(
        header=_header("schemas/ (templates/_clients.py.j2)"),
        flavours=flavours,
        provider_modules=[(r, f"{PACKAGE}._namespaces.{r}") for r in ns["roots"]],
    )
    example = ".".join(specs[0].attr_path) if specs else "model(...)"
    files[f"{PACKAGE}/__init__.py"] = env.get_template("__init__.py.j2").render(
        header=_header("templates/__init__.py.j2"),
        example_path=example,
        count=len(specs),
        model_ids=", ".join(s.model_id for s in specs) or "none",
        version=literal(version),
    )
    # Rendered, not copied from runtime/: a top-level __main__.py under templates/runtime/ would be
    # taken by pytest's plugin scan of the editable install for a module named __main__.
    files[f"{PACKAGE}/__main__.py"] = env.get_template("__main__.py.j2").render(
        header=_header("templates/__main__.py.j2")
    )
    files[f"{PACKAGE}/py.typed"] = _header("templates/ (PEP 561 marker)") + "\n"
    files["pyproject.toml"] = env.get_template("pyproject.toml.j2").render(
        header=_header("templates/pyproject.toml.j2"), version=literal(version).replace("'", '"')
    )
    # The API as OpenAPI 3.1, for other tools; a JSON file cannot carry the do-not-edit header,
    # so the document says it in info.description.
    files["openapi.json"] = _json(build_openapi(specs))
    files["manifest.json"] = _json(
        {
            "$comment": _header("schemas/ and generator/", "").strip(),
            "generator_sha256": generator_sha256,
            "schemas_sha256": _hash_files(schema_files),
            "models": [s.model_id for s in specs],
            "tools": {
                "datamodel-code-generator": metadata.version("datamodel-code-generator"),
                "ruff": metadata.version("ruff"),
            },
        }
    )
    return Rendered(files=ruff_formatted(files, cache))
