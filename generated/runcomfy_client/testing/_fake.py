# generated from templates/runtime/testing/_fake.py by runcomfy-codegen; do not edit
"""``FakeRunComfy``: an in-memory RunComfy Model API with scriptable jobs and faults.

All of its behaviour is in :meth:`FakeRunComfy.handle`, a plain function of a request; the
httpx transport, the ASGI app and the loopback HTTP server are thin adapters around it, so the
three ways of using the fake cannot behave differently.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .._urls import is_model_id, is_request_id, normalise_base_url
from ._catalog import catalog_page, categories, media_file, model_entry
from ._lifecycle import FakeJob
from ._models import FakeModel, models_from_catalog, models_from_registry
from ._outputs import synthesise_output
from ._scenario import (
    Clock,
    Fault,
    FaultBudget,
    JobScript,
    ManualClock,
    Timings,
    monotonic_clock,
    take_fault,
)
from ._wire import (
    FakeRequest,
    FakeResponse,
    RecordedRequest,
    error_response,
    json_response,
)

if TYPE_CHECKING:
    import httpx

    from .._clients import AsyncRunComfy, RunComfy
    from ._server import LoopbackServer

__all__ = ["DEFAULT_BASE_URL", "FakeRunComfy"]

DEFAULT_BASE_URL = "https://fake.runcomfy.test"
"""Where in-process clients send requests; the ``.test`` domain can never resolve."""


class FakeRunComfy:
    """A fake RunComfy Model API.

    ``models`` is an explicit catalog (a list of entries as ``GET /v1/models`` returns them);
    without it every model of the generated registry is served (``model_ids`` narrows that).
    ``api_key`` set means only that bearer key is accepted; otherwise any non-empty one is.
    ``failure_rate`` fails that share of unscripted jobs, drawn from a RNG seeded with ``seed``.
    ``on_request`` is called with each ``RecordedRequest`` once it is answered (in the order
    they were handled; e.g. an access log, or a test waiting for the n-th submit).
    """

    def __init__(
        self,
        *,
        models: Sequence[Mapping[str, Any]] | None = None,
        model_ids: Iterable[str] | None = None,
        timings: Timings | None = None,
        failure_rate: float = 0.0,
        seed: int = 0,
        clock: Clock | None = None,
        api_key: str | None = None,
        base_url: str = DEFAULT_BASE_URL,
        on_request: Callable[[RecordedRequest], object] | None = None,
    ) -> None:
        if not 0.0 <= failure_rate <= 1.0:
            raise ValueError("failure_rate is a probability between 0 and 1")
        self._explicit_models = None if models is None else models_from_catalog(models)
        self._model_ids = None if model_ids is None else list(model_ids)
        self._loaded_models: dict[str, FakeModel] | None = self._explicit_models
        self.timings = timings or Timings()
        self.failure_rate = failure_rate
        self.clock: Clock = clock or monotonic_clock
        self.api_key = api_key
        self.base_url = normalise_base_url(base_url)  # "/v1" or not, as clients accept
        # Two generators so that request ids do not shift when the failure rate changes.
        self._ids = random.Random(seed)
        self._failures = random.Random(seed + 1)
        self._wall_origin = time.time() - self.clock()
        self._lock = threading.RLock()
        self._scripts: list[JobScript] = []
        self._faults: list[FaultBudget] = []
        self.jobs: dict[str, FakeJob] = {}
        self.requests: list[RecordedRequest] = []
        self.on_request = on_request

    # ---- knobs ----------------------------------------------------------------------------

    @property
    def models(self) -> dict[str, FakeModel]:
        """The served models by id (read from the registry on first use)."""
        with self._lock:
            if self._loaded_models is None:
                self._loaded_models = models_from_registry(self._model_ids)
            return self._loaded_models

    def script_next(self, *scripts: JobScript) -> None:
        """The next submitted jobs follow these scripts, in order (then the defaults apply)."""
        with self._lock:
            self._scripts.extend(scripts)

    def add_fault(self, fault: Fault) -> None:
        """Answer the next matching requests (any job) with ``fault``."""
        with self._lock:
            self._faults.append(FaultBudget.of(fault))

    def calls(self, route: str | None = None) -> list[RecordedRequest]:
        """The recorded requests, optionally only those of one route (``"submit"``, ...)."""
        with self._lock:
            return [r for r in self.requests if route is None or r.route == route]

    def job(self, request_id: str) -> FakeJob:
        return self.jobs[request_id]

    # ---- ways to use it --------------------------------------------------------------------

    def transport(self) -> httpx.MockTransport:
        """An httpx transport (sync and async) answering from this fake, with no sockets."""
        from ._adapters import mock_transport

        return mock_transport(self)

    def asgi_app(self) -> Any:
        """An ASGI 3 application answering from this fake (for uvicorn or httpx.ASGITransport)."""
        from ._adapters import make_asgi_app

        return make_asgi_app(self)

    def serve(self, host: str = "127.0.0.1", port: int = 0) -> LoopbackServer:
        """Start a threaded HTTP server on loopback; use as a context manager or call close()."""
        from ._server import LoopbackServer

        return LoopbackServer(self, host, port)

    def client(self, **kwargs: Any) -> RunComfy:
        """A ``RunComfy`` client wired to this fake (keyword arguments go to the client).

        With a ``ManualClock`` the client runs on virtual time: its pauses between polls and
        retries advance the clock instead of waiting, so a whole job takes no real time.
        """
        from .._clients import RunComfy

        options = self._client_options(kwargs)
        if isinstance(self.clock, ManualClock) and "clock" not in options:
            options.update(clock=self.clock, sleep=self.clock.sleep)
        return RunComfy(**options)

    def async_client(self, **kwargs: Any) -> AsyncRunComfy:
        """An ``AsyncRunComfy`` client wired to this fake (virtual time as for ``client``)."""
        from .._clients import AsyncRunComfy

        options = self._client_options(kwargs)
        if isinstance(self.clock, ManualClock) and "clock" not in options:
            options.update(clock=self.clock, sleep=self.clock.asleep)
        return AsyncRunComfy(**options)

    def _client_options(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        options = {"api_key": self.api_key or "fake-key", "base_url": self.base_url, **kwargs}
        if "http_client" not in options:
            options.setdefault("transport", self.transport())
        return options

    # ---- the API -----------------------------------------------------------------------------

    def handle(self, request: FakeRequest) -> FakeResponse:
        """Answer one request, record it, and never raise."""
        with self._lock:
            info: dict[str, Any] = {"route": "unknown"}
            try:
                response = self._route(request, info)
            except Exception as exc:  # a bug in the fake must reach the test as a 500, not a hang
                response = error_response(500, 500001, f"fake server error: {exc!r}")
            body: Any = None
            if request.body:
                try:
                    body = json.loads(request.body)
                except ValueError:
                    body = request.body.decode("utf-8", "replace")
            recorded = RecordedRequest(
                method=request.method,
                path=request.path,
                query=request.query,
                route=info["route"],
                status_code=0 if response.disconnect else response.status_code,
                json=body,
                model_id=info.get("model_id"),
                request_id=info.get("request_id"),
                authorized=info.get("authorized", False),
            )
            self.requests.append(recorded)
            if self.on_request is not None:
                self.on_request(recorded)
            return response

    def _route(self, request: FakeRequest, info: dict[str, Any]) -> FakeResponse:
        path, method = request.path, request.method.upper()
        if path.startswith("/files/"):
            info["route"] = "file"
            return media_file(path) if method == "GET" else _not_allowed(method, path)
        if not path.startswith("/v1/") or path.startswith("/v1/v1/"):
            return error_response(404, 404001, _no_endpoint(method, path))
        denied = self._authorise(request)
        info["authorized"] = denied is None
        rest = path[len("/v1/") :]
        if rest.startswith("requests/"):
            request_id, _, leaf = rest[len("requests/") :].partition("/")
            info.update(route=leaf if leaf in ("status", "result", "cancel") else "unknown")
            info["request_id"] = request_id
            expected = "POST" if leaf == "cancel" else "GET"
            if info["route"] == "unknown":
                return error_response(404, 404001, f"No such endpoint: {method} {path}")
            if method != expected:
                return _not_allowed(method, path)
            return denied or self._request_route(leaf, request_id)
        if rest == "models" or rest.startswith("models/"):
            model_id = rest[len("models/") :]
            if method == "POST" and model_id:
                info.update(route="submit", model_id=model_id)
                return denied or self._submit(model_id, request)
            if method != "GET":
                return _not_allowed(method, path)
            if not model_id:
                info["route"] = "catalog"
                return denied or self._fault("catalog") or catalog_page(self.models, request.query)
            if model_id == "categories":
                info["route"] = "categories"
                return denied or categories(self.models)
            info.update(route="model", model_id=model_id)
            return denied or model_entry(self.models, model_id)
        return error_response(404, 404001, f"No such endpoint: {method} {path}")

    def _authorise(self, request: FakeRequest) -> FakeResponse | None:
        scheme, _, key = (request.header("authorization") or "").partition(" ")
        key = key.strip()
        if (
            scheme.lower() != "bearer"
            or not key
            or (self.api_key is not None and key != self.api_key)
        ):
            return error_response(
                401,
                401001,
                "Missing or invalid API key: send 'Authorization: Bearer <your RunComfy API key>'.",
            )
        return None

    def _fault(self, route: str, job: FakeJob | None = None) -> FakeResponse | None:
        fault = (job.take_fault(route) if job is not None else None) or take_fault(
            self._faults, route
        )
        return None if fault is None else _fault_response(fault)

    # ---- handlers --------------------------------------------------------------------------

    def _submit(self, model_id: str, request: FakeRequest) -> FakeResponse:
        fault = take_fault(self._faults, "submit")
        if fault is not None and not fault.after_accept:
            return _fault_response(fault)
        if not is_model_id(model_id):  # the client's own rule (runcomfy_client._contract)
            return error_response(400, 400001, f"Invalid model id {model_id!r}.")
        model = self.models.get(model_id)
        if model is None:
            return error_response(404, 404001, f"Model {model_id!r} does not exist.")
        try:
            body = json.loads(request.body or b"null")
        except ValueError:
            body = None
        if not isinstance(body, dict):
            detail = [
                {"loc": ["body"], "msg": "The body must be a JSON object", "type": "type_error"}
            ]
            return error_response(
                422, 422001, "Validation error: the body must be a JSON object.", detail=detail
            )
        problems = model.validate(body)
        if problems:
            names = ", ".join(
                ".".join(str(p) for p in problem["loc"][1:]) or "body" for problem in problems
            )
            return error_response(422, 422001, f"Validation error in: {names}.", detail=problems)
        job = self._new_job(model, body, request.origin or self.base_url)
        if fault is not None:  # after_accept: the job exists, the client only sees the failure
            return _fault_response(fault)
        return json_response(200, job.submit_body())

    def _new_job(self, model: FakeModel, body: dict[str, Any], origin: str) -> FakeJob:
        script = self._scripts.pop(0) if self._scripts else None
        if script is None:
            failed = self.failure_rate > 0 and self._failures.random() < self.failure_rate
            script = JobScript(outcome="failed") if failed else JobScript()
        request_id = "%08x-%04x-%04x-%04x-%012x" % tuple(  # noqa: UP031 - uuid layout
            self._ids.getrandbits(bits) for bits in (32, 16, 16, 16, 48)
        )
        job = FakeJob(
            request_id=request_id,
            model_id=model.model_id,
            input=body,
            script=script,
            timings=script.timings or self.timings,
            origin=origin,
            submitted_at=self.clock(),
            wall_origin=self._wall_origin,
        )
        self.jobs[request_id] = job
        return job

    def _request_route(self, leaf: str, request_id: str) -> FakeResponse:
        if not is_request_id(request_id):
            return error_response(400, 400001, f"Invalid request id {request_id!r}.")
        job = self.jobs.get(request_id)
        if job is None:
            return error_response(
                404, 404001, f"Request {request_id!r} does not exist or has expired."
            )
        faulted = self._fault(leaf, job)
        if faulted is not None:
            return faulted
        now = self.clock()
        if leaf == "cancel":
            outcome = job.cancel(now)
            return json_response(202, job.cancel_body(outcome))
        if job.observe(now) and job.phase == "completed":
            model = self.models[job.model_id]
            file_base = f"{job.origin}/files/{job.request_id}"
            job.output = (
                dict(job.script.output)
                if job.script.output is not None
                else synthesise_output(
                    model.output_kind, model.output_schema, file_base=file_base, inputs=job.input
                )
            )
        return json_response(200, job.status_body() if leaf == "status" else job.result_body())


def _not_allowed(method: str, path: str) -> FakeResponse:
    return error_response(405, 405001, f"Method {method} is not allowed on {path}.")


def _fault_response(fault: Fault) -> FakeResponse:
    if fault.disconnect:
        return FakeResponse(0, disconnect=True, reached_server=fault.after_accept)
    headers: dict[str, str] = {}
    if fault.retry_after is not None:
        headers["retry-after"] = str(fault.retry_after)
    if fault.raw_body is not None:
        return FakeResponse(
            fault.status, {"content-type": "application/json", **headers}, fault.raw_body
        )
    if fault.body is not None:
        return json_response(fault.status, dict(fault.body), headers)
    if fault.status == 429:
        return error_response(429, 429001, "Too many requests; retry in a moment.", headers=headers)
    code = fault.status * 1000 + 1
    return error_response(
        fault.status, code, f"Upstream error {fault.status}; retry with backoff.", headers=headers
    )


def _no_endpoint(method: str, path: str) -> str:
    """A 404 that says how the base URL was probably misconfigured."""
    message = f"No such endpoint: {method} {path}"
    if path.startswith("/v1/v1/"):
        return message + " (the base URL ends in /v1 and the client added /v1 again)"
    return message + (
        " (every path starts with /v1: a client whose base URL omits it must add it, e.g. "
        "RunComfy's CLI needs RUNCOMFY_MODEL_API_BASE=<this server>/v1)"
    )
