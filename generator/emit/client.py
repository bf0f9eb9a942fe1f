"""Emitter of the package-level client code: the registry, the namespace modules, the two client
classes, ``__init__`` (with the version), ``__main__``, the ``models`` package inits and
``py.typed``."""

from __future__ import annotations

from typing import Any

from generator.emit.base import PACKAGE, EmitJob, header
from generator.pipeline.spec import ModelSpec

__all__ = ["emit_client_code"]

_CLIENTS = (
    ("RunComfy", "SyncClient", "", "The RunComfy client (blocking). See ``SyncClient``."),
    (
        "AsyncRunComfy",
        "AsyncClient",
        "Async",
        "The RunComfy client for asyncio. See ``AsyncClient``.",
    ),
)


def emit_client_code(job: EmitJob) -> dict[str, str]:
    env, specs = job.env, job.specs
    files = _package_inits(job)
    files[f"{PACKAGE}/_registry.py"] = env.get_template("_registry.py.j2").render(
        header=header("schemas/ (templates/_registry.py.j2)"), specs=specs
    )
    tree = _Tree(specs)
    for provider in tree.providers():
        files[provider["file"]] = env.get_template("_namespaces.py.j2").render(
            header=header("schemas/ (templates/_namespaces.py.j2)"), **provider
        )
    flavours = [
        {
            "cls": cls,
            "base": base,
            "doc": doc,
            "providers": [
                {"attr": r, "cls": _cls_name(prefix, (r,)), "module": f"{PACKAGE}._namespaces.{r}"}
                for r in tree.roots
            ],
        }
        for cls, base, prefix, doc in _CLIENTS
    ]
    files[f"{PACKAGE}/_clients.py"] = env.get_template("_clients.py.j2").render(
        header=header("schemas/ (templates/_clients.py.j2)"),
        flavours=flavours,
        provider_modules=[(r, f"{PACKAGE}._namespaces.{r}") for r in tree.roots],
    )
    files[f"{PACKAGE}/__init__.py"] = env.get_template("__init__.py.j2").render(
        header=header("templates/__init__.py.j2"),
        example_path=".".join(specs[0].attr_path) if specs else "model(...)",
        count=len(specs),
        model_ids=", ".join(s.model_id for s in specs) or "none",
        version=job.version,
    )
    # Rendered, not copied from runtime/: a top-level __main__.py under templates/runtime/ would be
    # taken by pytest's plugin scan of the editable install for a module named __main__.
    files[f"{PACKAGE}/__main__.py"] = env.get_template("__main__.py.j2").render(
        header=header("templates/__main__.py.j2")
    )
    files[f"{PACKAGE}/py.typed"] = header("templates/ (PEP 561 marker)") + "\n"
    return files


def _cls_name(prefix: str, path: tuple[str, ...]) -> str:
    return prefix + "".join(p.title().replace("_", "") for p in path) + "Namespace"


class _Tree:
    """The attribute tree ``client.<provider>.<...>.<leaf>``: inner nodes become namespace
    classes, leaves the model resources."""

    def __init__(self, specs: tuple[ModelSpec, ...]) -> None:
        self.nodes: dict[tuple[str, ...], dict[str, ModelSpec | None]] = {(): {}}
        for spec in specs:
            path = spec.attr_path
            for depth in range(1, len(path)):
                self.nodes.setdefault(path[:depth], {})
                self.nodes[path[: depth - 1]][path[depth - 1]] = None
            self.nodes[path[:-1]][path[-1]] = spec
        self.roots = sorted(self.nodes[()])

    def providers(self) -> list[dict[str, Any]]:
        """Namespace classes for the sync and the async tree, one module per provider.

        Each provider's classes live in ``_namespaces/<provider>.py``, imported the first time
        ``client.<provider>`` is read: with hundreds of models, defining every namespace class at
        ``import runcomfy_client`` would cost ~0.1-0.2 s (one class per path node, twice).
        """
        return [self._provider(root) for root in self.roots]

    def _provider(self, root: str) -> dict[str, Any]:
        nodes, imports = [], []
        for prefix, resource in (("", "resource_class"), ("Async", "async_resource_class")):
            for path in sorted(p for p in self.nodes if p and p[0] == root):
                children = []
                for attr, leaf in sorted(self.nodes[path].items()):
                    if leaf is None:
                        child_type = _cls_name(prefix, (*path, attr))
                        children.append({"attr": attr, "type": child_type, "module": None})
                        continue
                    name = getattr(leaf, resource)
                    alias = f"_{'_'.join(leaf.attr_path)}__{name}"
                    imports.append(f"from {leaf.module} import {name} as {alias}")
                    children.append(
                        {"attr": attr, "type": alias, "module": leaf.module, "import_name": name}
                    )
                kind = "async " if prefix else ""
                nodes.append(
                    {
                        "cls": _cls_name(prefix, path),
                        "doc": f"The {kind}models under ``{'/'.join(path)}``.",
                        "children": children,
                    }
                )
        return {
            "attr": root,
            "file": f"{PACKAGE}/_namespaces/{root}.py",
            "nodes": nodes,
            "type_imports": sorted(imports),
            "root_names": [_cls_name(p, (root,)) for p in ("", "Async")],
        }


def _package_inits(job: EmitJob) -> dict[str, str]:
    folders: set[tuple[str, ...]] = {("models",)}
    for spec in job.specs:
        for depth in range(1, len(spec.attr_path)):
            folders.add(("models", *spec.attr_path[:depth]))
    template = job.env.get_template("package_init.py.j2")
    out = {}
    for folder in sorted(folders):
        doc = (
            "Generated model modules, one per RunComfy model."
            if folder == ("models",)
            else ("Models under " + ".".join(folder[1:]) + ".")
        )
        out[f"{PACKAGE}/{'/'.join(folder)}/__init__.py"] = template.render(
            header=header("templates/package_init.py.j2"), doc=doc
        )
    return out
