"""Base classes of the generated per-model resources (``client.wan_ai.wan_2_6.image_to_image``).

A generated resource only sets ``model_id``, ``input_model`` and ``output_model`` and declares
typed ``submit`` / ``run`` overloads that call ``_submit`` / ``_run`` here. Input handling:

* one positional argument: an ``input_model`` instance, or a mapping keyed by the schema's
  wire (JSON) names, e.g. loaded from a file;
* or keyword arguments keyed by Python field names; a keyword whose value is None is treated
  as not given (the server applies its default).

The input is validated before any request (``InputValidationError`` names each field and
rule), and only the fields that were given are sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from ._contract import DEFAULT_WAIT_TIMEOUT, WAIT_OPTION_NAMES
from ._errors import InputValidationError
from ._jobs import AsyncJob, Job
from ._signatures import show_keyword_form
from ._status import JobStatus

if TYPE_CHECKING:
    from ._client import AsyncClient, SyncClient

__all__ = ["AsyncModelResource", "SyncModelResource", "build_body"]

InT = TypeVar("InT", bound=BaseModel)
OutT = TypeVar("OutT", bound=BaseModel)
OnUpdate = Callable[[JobStatus], object]


def build_body(
    input_model: type[BaseModel], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> dict[str, Any]:
    """Validate ``submit``'s arguments into the JSON body (wire names, given fields only)."""
    if args and kwargs:
        raise TypeError("pass either one input (model or mapping) or keyword arguments, not both")
    if len(args) > 1:
        raise TypeError(f"expected at most one positional input, got {len(args)}")
    try:
        if args:
            (payload,) = args
            if isinstance(payload, input_model):
                model = payload
            elif isinstance(payload, BaseModel):
                raise TypeError(
                    f"expected {input_model.__name__} or a mapping, got {type(payload).__name__}"
                )
            elif isinstance(payload, Mapping):
                model = input_model.model_validate(dict(payload), by_alias=True, by_name=False)
            else:
                raise TypeError(
                    f"expected {input_model.__name__} or a mapping, got {type(payload).__name__}"
                )
        else:
            given = {name: value for name, value in kwargs.items() if value is not None}
            model = input_model.model_validate(given, by_alias=False, by_name=True)
    except ValidationError as exc:
        aliases = {
            name: info.alias for name, info in input_model.model_fields.items() if info.alias
        }
        raise InputValidationError.from_pydantic(
            exc, model_name=input_model.__name__, aliases=aliases
        ) from exc
    body: dict[str, Any] = model.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return body


def _pop_wait_options(kwargs: dict[str, Any]) -> dict[str, Any]:
    # The untyped base ``run`` takes (*args, **kwargs) so that generated subclasses may declare
    # typed overloads; the wait options are separated from the input here.
    return {name: kwargs.pop(name) for name in WAIT_OPTION_NAMES if name in kwargs}


class _ResourceBase(Generic[InT, OutT]):
    model_id: ClassVar[str]
    input_model: ClassVar[type[BaseModel]]
    output_model: ClassVar[type[BaseModel]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # help(), inspect.signature and IDEs show the typed keyword form of submit / run.
        show_keyword_form(cls)

    def _parse_output(self, output: dict[str, Any]) -> OutT:
        parsed: OutT = self.output_model.model_validate(output)  # type: ignore[assignment]
        return parsed

    def __repr__(self) -> str:
        return f"{type(self).__name__}(model_id={self.model_id!r})"


class SyncModelResource(_ResourceBase[InT, OutT]):
    """One model on the blocking client: ``submit(...) -> Job``, ``run(...) -> output``."""

    def __init__(self, client: SyncClient) -> None:
        self._client = client

    def submit(self, *args: Any, **kwargs: Any) -> Job[OutT]:
        """Validate the input, submit it, and return the job handle (no waiting)."""
        return self._submit(args, kwargs)

    def run(self, *args: Any, **kwargs: Any) -> OutT:
        """Submit, wait, and return the typed output. The keyword arguments ``timeout``,
        ``on_update``, ``poll_interval``, ``max_poll_interval`` and ``cancel_on_timeout`` are
        ``Job.wait``'s; the others are the input."""
        return self._run(args, kwargs, **_pop_wait_options(kwargs))

    def _submit(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Job[OutT]:
        body = build_body(self.input_model, args, kwargs)
        client = self._client
        ref = client._driver.run(client._core.submit(self.model_id, body))
        return Job(client, ref, self._parse_output)

    def _run(
        self,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        *,
        timeout: float | None = DEFAULT_WAIT_TIMEOUT,
        on_update: OnUpdate | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
    ) -> OutT:
        job = self._submit(args, kwargs)
        return job.wait(
            timeout=timeout,
            on_update=on_update,
            poll_interval=poll_interval,
            max_poll_interval=max_poll_interval,
            cancel_on_timeout=cancel_on_timeout,
        )


class AsyncModelResource(_ResourceBase[InT, OutT]):
    """One model on the asyncio client: ``await submit(...) -> AsyncJob``, ``await run(...)``."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def submit(self, *args: Any, **kwargs: Any) -> AsyncJob[OutT]:
        """Validate the input, submit it, and return the job handle (no waiting)."""
        return await self._submit(args, kwargs)

    async def run(self, *args: Any, **kwargs: Any) -> OutT:
        """Submit, wait, and return the typed output. See ``SyncModelResource.run``."""
        return await self._run(args, kwargs, **_pop_wait_options(kwargs))

    async def _submit(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> AsyncJob[OutT]:
        body = build_body(self.input_model, args, kwargs)
        client = self._client
        ref = await client._driver.run(client._core.submit(self.model_id, body))
        return AsyncJob(client, ref, self._parse_output)

    async def _run(
        self,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        *,
        timeout: float | None = DEFAULT_WAIT_TIMEOUT,
        on_update: OnUpdate | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        cancel_on_timeout: bool = False,
    ) -> OutT:
        job = await self._submit(args, kwargs)
        return await job.wait(
            timeout=timeout,
            on_update=on_update,
            poll_interval=poll_interval,
            max_poll_interval=max_poll_interval,
            cancel_on_timeout=cancel_on_timeout,
        )
