"""The sync and async halves expose the same public API: same methods, same parameters."""

from __future__ import annotations

import inspect
import typing

import pytest
import runcomfy_client
from runcomfy_client import (
    AsyncBatchRun,
    AsyncClient,
    AsyncJob,
    AsyncModelResource,
    AsyncRunComfy,
    BatchRun,
    Job,
    RunComfy,
    SyncClient,
    SyncModelResource,
)
from runcomfy_client.models.wan_ai.wan_2_6.image_to_image import AsyncImageToImage, ImageToImage

PAIRS = [
    (SyncClient, AsyncClient),
    (RunComfy, AsyncRunComfy),
    (Job, AsyncJob),
    (SyncModelResource, AsyncModelResource),
    (ImageToImage, AsyncImageToImage),
    (BatchRun, AsyncBatchRun),
]
# Dunders that differ by design: ``with`` on one side, ``async with`` on the other.
CONTEXT_MANAGERS = {"__enter__", "__exit__", "__aenter__", "__aexit__"}


def public_members(cls: type) -> dict[str, object]:
    return {
        name: member
        for name, member in inspect.getmembers(cls)
        if not name.startswith("_") or name == "__init__"
    }


def shape(signature: inspect.Signature) -> list[tuple[str, object, object]]:
    return [(p.name, p.kind, p.default) for p in signature.parameters.values()]


def parameters(member: object) -> list[list[tuple[str, object, object]]]:
    """Name, kind and default of each parameter of a method and of each of its ``@overload``s.

    Annotations are left out on purpose: they differ by design (``Job`` vs ``AsyncJob``).
    Attributes that are not methods (ids, model classes, properties) compare by name only.
    """
    if not inspect.isfunction(member):
        return []
    overloads = typing.get_overloads(member)
    return [shape(inspect.signature(f)) for f in [member, *overloads]]


@pytest.mark.parametrize(("sync_cls", "async_cls"), PAIRS, ids=lambda c: c.__name__)
def test_sync_and_async_have_the_same_public_names(sync_cls: type, async_cls: type) -> None:
    assert set(public_members(sync_cls)) == set(public_members(async_cls))


@pytest.mark.parametrize(("sync_cls", "async_cls"), PAIRS, ids=lambda c: c.__name__)
def test_sync_and_async_methods_take_the_same_parameters(sync_cls: type, async_cls: type) -> None:
    sync_members, async_members = public_members(sync_cls), public_members(async_cls)
    for name, member in sync_members.items():
        assert parameters(member) == parameters(async_members[name]), name


@pytest.mark.parametrize(("sync_cls", "async_cls"), PAIRS, ids=lambda c: c.__name__)
def test_async_methods_are_coroutines_where_sync_ones_do_io(
    sync_cls: type, async_cls: type
) -> None:
    # The I/O methods: every public method of the async class that returns a value later.
    io_methods = {"status", "result", "cancel", "wait", "submit", "run", "close"}
    for name, member in public_members(async_cls).items():
        if name in io_methods:
            assert inspect.iscoroutinefunction(member), name
            assert not inspect.iscoroutinefunction(public_members(sync_cls)[name]), name


def test_async_client_supports_async_with_and_sync_client_with() -> None:
    assert {"__enter__", "__exit__"} <= set(dir(SyncClient))
    assert {"__aenter__", "__aexit__"} <= set(dir(AsyncClient))
    assert CONTEXT_MANAGERS - set(dir(SyncClient)) == {"__aenter__", "__aexit__"}


def test_every_public_runtime_name_is_exported_from_the_package() -> None:
    from runcomfy_client import _public

    for name in _public.__all__:
        assert getattr(runcomfy_client, name) is getattr(_public, name)
    assert set(_public.__all__) <= set(runcomfy_client.__all__)
