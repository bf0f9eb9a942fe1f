"""Shared pieces of the runtime tests: a tiny model, virtual time, canned RunComfy answers.

The tests do not depend on any generated model: ``Echo`` / ``AsyncEcho`` below are written the
way the generator writes resources, on a two-field input model.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar

import httpx
from pydantic import Field
from runcomfy_client import (
    AsyncClient,
    AsyncModelResource,
    PollPolicy,
    RetryPolicy,
    SyncClient,
    SyncModelResource,
)
from runcomfy_client._base import InputModel, OutputModel
from runcomfy_client.testing import ManualClock

BASE_URL = "https://api.runcomfy.test"
API_KEY = "rc-secret-key-123"
MODEL_ID = "test-org/echo/v1"
REQUEST_ID = "req_123-abc"
STATUS_PATH = f"/v1/requests/{REQUEST_ID}/status"
RESULT_PATH = f"/v1/requests/{REQUEST_ID}/result"
CANCEL_PATH = f"/v1/requests/{REQUEST_ID}/cancel"
SUBMIT_PATH = f"/v1/models/{MODEL_ID}"
IMAGE_URL = "https://files.runcomfy.test/out/a.png"


class EchoInput(InputModel):
    prompt: str = Field(min_length=1, max_length=50)
    seed: int | None = Field(None, ge=-1)
    # A wire name that is not a Python identifier: kwargs say image_url, the body says image-url.
    image_url: str | None = Field(None, alias="image-url")
    steps: int = 20


class EchoOutput(OutputModel):
    image: str


class Echo(SyncModelResource[EchoInput, EchoOutput]):
    model_id: ClassVar[str] = MODEL_ID
    input_model: ClassVar[type[EchoInput]] = EchoInput
    output_model: ClassVar[type[EchoOutput]] = EchoOutput


class AsyncEcho(AsyncModelResource[EchoInput, EchoOutput]):
    model_id: ClassVar[str] = MODEL_ID
    input_model: ClassVar[type[EchoInput]] = EchoInput
    output_model: ClassVar[type[EchoOutput]] = EchoOutput


def virtual_time() -> ManualClock:
    """Virtual time for a client: it moves only when the client pauses; every pause is recorded."""
    return ManualClock(start=1000.0)


async def resolve(value: Any) -> Any:
    """The value of a sync call, or the awaited value of an async one: one test body, both clients."""
    if inspect.isawaitable(value):
        return await value
    return value


async def collect(updates: Iterator[Any] | AsyncIterator[Any]) -> list[Any]:
    """All items of a sync or async iterator."""
    if isinstance(updates, Iterator):
        return list(updates)
    return [item async for item in updates]


def submitted(**extra: Any) -> httpx.Response:
    urls = {
        "status_url": f"{BASE_URL}{STATUS_PATH}",
        "result_url": f"{BASE_URL}{RESULT_PATH}",
        "cancel_url": f"{BASE_URL}{CANCEL_PATH}",
    }
    return httpx.Response(200, json={"request_id": REQUEST_ID, **urls, **extra})


def status(state: str, queue_position: int | None = None) -> httpx.Response:
    body: dict[str, Any] = {"request_id": REQUEST_ID, "status": state}
    if queue_position is not None:
        body["queue_position"] = queue_position
    return httpx.Response(200, json=body)


def succeeded(image: str = IMAGE_URL) -> httpx.Response:
    body = {"request_id": REQUEST_ID, "status": "succeeded", "output": {"image": image}}
    return httpx.Response(200, json=body)


def error(status_code: int, error_code: int | None = None, message: str = "nope") -> httpx.Response:
    body: dict[str, Any] = {"error_message": message}
    if error_code is not None:
        body["error_code"] = error_code
    return httpx.Response(status_code, json=body)


def make_client(flavour: str, time: ManualClock | None, **kwargs: Any) -> Any:
    """A client on the test base URL on the virtual ``time`` (when given), jitter off; through
    the clients' public options only."""
    kwargs.setdefault("api_key", API_KEY)
    kwargs.setdefault("base_url", BASE_URL)
    kwargs.setdefault("poll_policy", PollPolicy(jitter=0.0))
    kwargs.setdefault("retry_policy", RetryPolicy(jitter=0.0))
    if time is not None:
        kwargs.update(clock=time, sleep=time.sleep if flavour == "sync" else time.asleep)
    return (SyncClient if flavour == "sync" else AsyncClient)(**kwargs)


def _chain(error: BaseException) -> list[BaseException]:
    """``error`` and every exception reachable from it through ``__cause__`` / ``__context__``."""
    found: list[BaseException] = []
    todo: list[BaseException | None] = [error]
    while todo:
        item = todo.pop()
        if item is None or any(item is seen for seen in found):
            continue
        found.append(item)
        todo += [item.__cause__, item.__context__]
    return found


def _texts(value: object, depth: int = 0) -> Iterator[str]:
    """Every string in ``value``: its repr, and recursively its items, dict keys, dataclass
    fields and instance attributes."""
    if depth > 20:
        return
    yield repr(value)
    items: list[object] = []
    if isinstance(value, str):
        return
    if isinstance(value, dict):
        items = [*value.keys(), *value.values()]
    elif isinstance(value, list | tuple | set | frozenset):
        items = list(value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = [getattr(value, f.name) for f in dataclasses.fields(value)]
    elif hasattr(value, "__dict__") and not isinstance(value, type):
        items = list(vars(value).values())
    for item in items:
        yield from _texts(item, depth + 1)


def assert_key_is_nowhere_in(error: BaseException, key: str = API_KEY) -> None:
    """Not in the message, ``repr``, ``args`` or any attribute (recursively: body, headers,
    status, ...) of ``error`` or of anything chained to it, nor in the headers of a request an
    httpx exception in the chain still holds."""
    for item in _chain(error):
        for text in (str(item), *_texts(item.args), *_texts(item)):
            assert key not in text, f"the key is in {type(item).__name__}: {text[:300]}"
        if isinstance(item, httpx.RequestError):
            try:
                request = item.request
            except RuntimeError:  # no request kept: nothing to leak
                continue
            headers = repr(list(request.headers.multi_items()))
            assert key not in headers, f"the key is in {type(item).__name__}.request.headers"
