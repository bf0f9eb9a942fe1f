"""The hostile-server fuzzer: drawn server answers (``server_fuzz_scenarios``) against both
clients, in process (``httpx.MockTransport``, virtual time) and on loopback (a real socket
server that can trickle, stall and drop; real time), checking after every scenario:

* typed errors only: nothing but a ``RunComfyError`` leaves the client;
* request_id kept: an error about a known job carries its ``request_id``;
* no second submit once one reached the server;
* the key never leaves the API's origin (no request to another origin at all: no redirect is
  followed, no returned URL is used), and no URL but the four endpoints' is requested;
* no key in any message, attribute, repr or log record, even when the server echoes it (keys
  of 8 characters or more); no garbled message with a short key (``e``, ``k``: never blanked);
  an error's message short and printable, whatever the server sent;
* deadlines held within 1 s: each action ends by its bound (``wait(timeout)`` + 0.75 s, or the
  retries' request timeouts and pauses) plus one second;
* bounded memory under huge and compressed bodies (traced peak, ``MEMORY_LIMIT``).

``main(cases, seed)`` runs ``cases`` scenarios and prints one table; ``tests/fuzz/run.py`` and
``nox -s fuzz`` call it, ``test_server_fuzz.py`` runs a seeded sample.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import re
import resource
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as hypothesis_seed

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "runtime"))

from hostile_server import HostileServer, Reply, Request
from runcomfy_client import (
    AsyncClient,
    PollPolicy,
    RetryPolicy,
    RunComfyError,
    SyncClient,
)
from runcomfy_client.testing import ManualClock
from runtime_support import AsyncEcho, Echo
from server_fuzz_scenarios import (
    BASE,
    ECHO,
    EVIL,
    HOST,
    REQUEST_ID,
    Answer,
    Scenario,
    scenarios,
)

__all__ = ["CHECKS", "main", "play"]

MEMORY_BASE = "https://api.fuzz.test"
MEMORY_EVIL = "https://evil.fuzz.test"
REQUEST_TIMEOUT = 0.25  # the client's per-request timeout: tenths of a second, so runs are quick
RETRY = RetryPolicy(initial_delay=0.01, max_delay=0.05, max_retry_after=0.05)
MAX_PAUSE = 0.05
MAX_RESPONSE_BYTES = 256 * 1024
MEMORY_LIMIT = 16 * 1024 * 1024  # traced peak during an action with a huge or compressed body
OVERRUN = 1.0
MAX_MESSAGE = 2000  # characters: whatever the server sends, a message stays readable
ENDPOINT = re.compile(r"/v1/requests/([A-Za-z0-9_-]{1,128})/(status|result|cancel)")
CHECKS = (
    "untyped exception",
    "request_id lost",
    "second submit",
    "request off the API origin",
    "unexpected URL",
    "key leaked",
    "garbled message",
    "message unbounded or unprintable",
    "deadline overrun > 1 s",
    "memory unbounded",
)


@dataclass
class Seen:
    """What the server side saw of one scenario."""

    routes: Counter[str] = field(default_factory=Counter)
    request_ids: set[str] = field(default_factory=set)  # the ids in the URLs requested
    reached_submits: int = 0
    off_origin: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)


def _route(method: str, path: str, seen: Seen) -> str:
    if method == "POST" and path.startswith("/v1/models/"):
        return "submit"
    endpoint = ENDPOINT.fullmatch(path)
    if endpoint is None:
        return "unexpected"
    seen.request_ids.add(endpoint[1])
    return endpoint[2]


def _fill(data: str, key: str, base: str, evil: str) -> str:
    host = base.split("://", 1)[1]
    return data.replace(ECHO, key).replace(BASE, base).replace(HOST, host).replace(EVIL, evil)


def _key_of(headers: Any) -> str:
    return str(headers.get("authorization", "")).removeprefix("Bearer ")


# ---- in process ---------------------------------------------------------------------------------


def _memory_transport(scenario: Scenario, seen: Seen) -> httpx.MockTransport:
    """A MockTransport answering from the script; drops raise what httpx raises."""

    def handle(request: httpx.Request) -> httpx.Response:
        origin = f"{request.url.scheme}://{request.url.host}"
        if origin != MEMORY_BASE:
            seen.off_origin.append(str(request.url))
            return httpx.Response(200, json={"stolen": True})
        route = _route(request.method, request.url.path, seen)
        if route == "unexpected":
            seen.unexpected.append(f"{request.method} {request.url.path}")
            return httpx.Response(404)
        answer = scenario.answer(route, seen.routes[route])
        seen.routes[route] += 1
        if route == "submit" and answer.delivery != "connect":
            seen.reached_submits += 1
        if answer.delivery == "connect":
            raise httpx.ConnectError("refused (fuzz)", request=request)
        if answer.delivery in ("drop", "drop_in_headers"):
            raise httpx.RemoteProtocolError("closed without an answer (fuzz)", request=request)
        if answer.delivery == "lost":
            raise httpx.ReadTimeout("the answer was lost (fuzz)", request=request)
        key = _key_of(request.headers)
        body = _fill(answer.body.decode("latin-1"), key, MEMORY_BASE, MEMORY_EVIL).encode("latin-1")
        headers = [
            (name, _fill(value, key, MEMORY_BASE, MEMORY_EVIL).encode("latin-1"))
            for name, value in answer.headers
        ]
        if answer.delivery == "drop_in_body":
            return httpx.Response(answer.status, headers=headers, stream=_Broken(body, request))
        # Always a stream, as off a socket: content= would have httpx read (and decompress) the
        # whole body here, on the server's side, before the client sees a byte of it.
        return httpx.Response(answer.status, headers=headers, stream=_Padded(body, answer.pad))

    return httpx.MockTransport(handle)


class _Padded(httpx.SyncByteStream, httpx.AsyncByteStream):
    """``body`` then ``pad`` spaces, made chunk by chunk (never whole in memory)."""

    def __init__(self, body: bytes, pad: int) -> None:
        self.body, self.pad = body, pad

    def __iter__(self) -> Iterator[bytes]:
        yield self.body
        for start in range(0, self.pad, 65536):
            yield b" " * min(65536, self.pad - start)

    async def __aiter__(self) -> Any:
        for chunk in self:
            yield chunk


class _Broken(httpx.SyncByteStream, httpx.AsyncByteStream):
    """Half the body, then the connection breaks."""

    def __init__(self, body: bytes, request: httpx.Request) -> None:
        self.body, self.request = body, request

    def __iter__(self) -> Iterator[bytes]:
        yield self.body[: len(self.body) // 2]
        raise httpx.RemoteProtocolError("peer closed mid-body (fuzz)", request=self.request)

    async def __aiter__(self) -> Any:
        for chunk in self:
            yield chunk


# ---- on loopback --------------------------------------------------------------------------------


def _loopback(scenario: Scenario, seen: Seen) -> tuple[HostileServer, HostileServer]:
    evil = HostileServer(lambda request: _stolen(seen, request))

    def plan(request: Request) -> Reply:
        route = _route(request.method, request.path, seen)
        if route == "unexpected":
            seen.unexpected.append(f"{request.method} {request.path}")
            return Reply(status=404)
        answer = scenario.answer(route, seen.routes[route])
        seen.routes[route] += 1
        if route == "submit":
            seen.reached_submits += 1
        return _reply(answer, _key_of(request.headers), api.url, evil.url)

    api = HostileServer(plan)
    return api, evil


def _stolen(seen: Seen, request: Request) -> Reply:
    seen.off_origin.append(f"{request.method} {request.path}")
    return Reply(body=b'{"stolen": true}')


def _reply(answer: Answer, key: str, base: str, evil: str) -> Reply:
    delivery = {"connect": "drop", "lost": "stall"}.get(answer.delivery, answer.delivery)
    body = _fill(answer.body.decode("latin-1"), key, base, evil).encode("latin-1")
    headers = {name: _fill(value, key, base, evil) for name, value in answer.headers}
    headers.pop("Content-Length", None)
    return Reply(answer.status, body, headers, delivery, interval=0.02, pad=answer.pad)  # type: ignore[arg-type]


# ---- playing one scenario -----------------------------------------------------------------------


@dataclass
class Result:
    outcome: str
    failures: list[tuple[str, str]]
    seconds: float
    peak: int  # traced bytes during an action with a huge or compressed body (0: not traced)


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _bound(scenario: Scenario) -> float:
    """Seconds the action may take by the client's own rules (the check allows 1 s more)."""
    one_request = (scenario.max_retries + 1) * REQUEST_TIMEOUT + scenario.max_retries * MAX_PAUSE
    waiting = scenario.wait_timeout + 0.75  # grace for the last poll, and a cancel
    return {
        "run": one_request + waiting,
        "wait": waiting,
        "updates": waiting,
    }.get(scenario.action, one_request)


def play(scenario: Scenario) -> Result:
    seen = Seen()
    servers: tuple[HostileServer, HostileServer] | None = None
    options: dict[str, Any] = {
        "api_key": scenario.key,
        "max_retries": scenario.max_retries,
        "timeout": REQUEST_TIMEOUT,
        "retry_policy": RETRY,
        "poll_policy": PollPolicy(interval=0.02, max_interval=0.08),
        "max_response_bytes": MAX_RESPONSE_BYTES,
    }
    clock: ManualClock | None = None
    if scenario.transport == "memory":
        clock = ManualClock(start=1000.0)
        sleep = clock.sleep if scenario.flavour == "sync" else clock.asleep
        options.update(
            base_url=MEMORY_BASE,
            transport=_memory_transport(scenario, seen),
            clock=clock,
            sleep=sleep,
        )
    else:
        servers = _loopback(scenario, seen)
        options["base_url"] = servers[0].url
    records = _Records()
    logger = logging.getLogger("runcomfy_client")
    logger.addHandler(records)
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    traced = any(a.pad or _compressed(a) for script in scenario.answers.values() for a in script)
    if traced:
        tracemalloc.start()
    started, virtual = time.monotonic(), clock() if clock else 0.0
    try:
        error, shown, job_id = asyncio.run(_act(scenario, options))
    finally:
        seconds = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1] if traced else 0
        if traced:
            tracemalloc.stop()
        logger.removeHandler(records)
        logger.setLevel(old_level)
        if servers is not None:
            for server in servers:
                server.close()
    elapsed = max(seconds, (clock() - virtual) if clock else 0.0)
    failures = _judge(scenario, seen, error, shown, job_id, records.messages, elapsed, peak)
    outcome = "ok" if error is None else type(error).__name__
    return Result(outcome, failures, seconds, peak)


def _compressed(answer: Answer) -> bool:
    return any(name == "Content-Encoding" for name, _ in answer.headers)


async def _act(
    scenario: Scenario, options: dict[str, Any]
) -> tuple[BaseException | None, list[Any], str | None]:
    """Run the scenario's action: the error (or None), what it returned, the job's request id
    (None when no job came to be: the submit failed)."""
    cls = SyncClient if scenario.flavour == "sync" else AsyncClient
    client = cls(**options)
    shown: list[Any] = []
    job_id: str | None = None
    try:
        job: Any
        if scenario.action == "run":
            echo = Echo(client) if scenario.flavour == "sync" else AsyncEcho(client)
            job = await _resolve(echo.submit(prompt="a lighthouse"))
        else:
            job = client.job(REQUEST_ID, model=None)
        job_id = job.request_id  # the server's, when it returned a valid other one
        shown.append(job)
        if scenario.action in ("run", "wait"):
            shown.append(
                await _resolve(
                    job.wait(
                        timeout=scenario.wait_timeout,
                        cancel_on_timeout=scenario.cancel_on_timeout,
                        on_update=shown.append,
                    )
                )
            )
        elif scenario.action == "updates":
            updates = job.updates(timeout=scenario.wait_timeout)
            if scenario.flavour == "sync":
                shown.extend(updates)
            else:
                shown.extend([u async for u in updates])
        else:
            shown.append(await _resolve(getattr(job, scenario.action)()))
    except BaseException as exc:  # every exception is judged: that is the point
        if isinstance(exc, KeyboardInterrupt):
            raise
        return exc, shown, job_id
    finally:
        await _resolve(client.close())
    return None, shown, job_id


async def _resolve(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


# ---- judging ------------------------------------------------------------------------------------


def _judge(
    scenario: Scenario,
    seen: Seen,
    error: BaseException | None,
    shown: list[Any],
    job_id: str | None,
    logs: list[str],
    elapsed: float,
    peak: int,
) -> list[tuple[str, str]]:
    failures: list[tuple[str, str]] = []
    if error is not None and not isinstance(error, RunComfyError):
        failures.append(("untyped exception", f"{type(error).__name__}: {str(error)[:200]}"))
    if error is not None and job_id and getattr(error, "request_id", None) != job_id:
        failures.append(("request_id lost", f"{type(error).__name__}: {str(error)[:200]}"))
    if seen.reached_submits > 1:
        failures.append(("second submit", f"{seen.reached_submits} submits reached the server"))
    if seen.off_origin:
        failures.append(("request off the API origin", seen.off_origin[0][:200]))
    others = seen.request_ids - {job_id}
    if seen.unexpected or others:
        shown_url = seen.unexpected[0] if seen.unexpected else f"request id {sorted(others)[0]}"
        failures.append(("unexpected URL", shown_url[:200]))
    texts = [*_error_texts(error), *map(repr, shown), *logs]
    if scenario.long_key:
        leaked = next((t for t in texts if scenario.key in t), None)
        if leaked is not None:
            failures.append(("key leaked", leaked[:200]))
    else:
        # Nothing the fuzz server sends holds "*": a "***" means a short key was blanked.
        garbled = next((t for t in [*_error_texts(error, deep=False), *logs] if "***" in t), None)
        if garbled is not None:
            failures.append(("garbled message", garbled[:200]))
    message = str(error) if error is not None else ""
    if len(message) > MAX_MESSAGE or any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in message):
        failures.append(("message unbounded or unprintable", repr(message[:200])))
    if elapsed > _bound(scenario) + OVERRUN:
        failures.append(
            ("deadline overrun > 1 s", f"{elapsed:.2f} s, bound {_bound(scenario):.2f} s")
        )
    if peak > MEMORY_LIMIT:
        failures.append(("memory unbounded", f"traced peak {peak / 2**20:.1f} MiB"))
    return failures


def _error_texts(error: BaseException | None, *, deep: bool = True) -> Iterator[str]:
    """Message and repr of the error and its chain; with ``deep``, every attribute too."""
    seen: list[BaseException] = []
    todo = [error]
    while todo:
        item = todo.pop()
        if item is None or any(item is s for s in seen):
            continue
        seen.append(item)
        yield str(item)
        if deep:
            yield repr(item)
            yield from _texts(item.args)
            yield from _texts(vars(item))
        todo += [item.__cause__, item.__context__]


def _texts(value: object, depth: int = 0) -> Iterator[str]:
    if depth > 20:
        return
    yield repr(value)[:100_000]
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key, depth + 1)
            yield from _texts(item, depth + 1)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item, depth + 1)
    elif hasattr(value, "__dict__") and not isinstance(value, type | str):
        yield from _texts(vars(value), depth + 1)


# ---- the run ------------------------------------------------------------------------------------


@dataclass
class Tally:
    cases: int = 0
    by_transport: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    slowest: float = 0.0
    traced: int = 0
    peak: int = 0

    def add(self, scenario: Scenario, result: Result) -> None:
        self.cases += 1
        self.by_transport[f"{scenario.transport}/{scenario.flavour}"] += 1
        self.outcomes[result.outcome] += 1
        self.slowest = max(self.slowest, result.seconds)
        if result.peak:
            self.traced += 1
            self.peak = max(self.peak, result.peak)
        for check, detail in result.failures:
            self.failures[check] += 1
            kept = self.examples.setdefault(check, [])
            if len(kept) < 3:
                kept.append(f"{detail}\n      scenario: {scenario!r}"[:1500])

    def table(self, seconds: float) -> str:
        lines = [
            f"{self.cases} scenarios in {seconds:.0f} s ("
            + ", ".join(f"{k}: {v}" for k, v in sorted(self.by_transport.items()))
            + f"); slowest {self.slowest:.2f} s",
            f"huge or compressed bodies: {self.traced} scenarios, largest traced peak "
            f"{self.peak / 2**20:.1f} MiB (limit {MEMORY_LIMIT / 2**20:.0f} MiB; the fuzzer "
            f"process's own peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB)",
            "",
            "| check | failures |",
            "|---|---|",
            *(f"| {check} | {self.failures[check]} |" for check in CHECKS),
            "",
            "| outcome | scenarios |",
            "|---|---|",
            *(f"| {name} | {count} |" for name, count in self.outcomes.most_common()),
        ]
        for check, kept in self.examples.items():
            lines += ["", f"first failures of '{check}':", *(f"  - {k}" for k in kept)]
        return "\n".join(lines)


BATCH = 500  # scenarios per hypothesis run: its bookkeeping grows with every example drawn


def main(cases: int, seed: int) -> int:
    """Run ``cases`` drawn scenarios from ``seed``; print the table; 0 when nothing failed."""
    tally = Tally()
    started = time.monotonic()
    for batch, first in enumerate(range(0, cases, BATCH)):

        @settings(
            max_examples=min(BATCH, cases - first),
            database=None,
            deadline=None,
            phases=[Phase.generate],
            derandomize=False,  # the seed decides, also under a derandomising pytest profile
            suppress_health_check=list(HealthCheck),
            verbosity=Verbosity.quiet,
        )
        @hypothesis_seed(seed * 1_000_003 + batch)
        @given(scenarios())
        def fuzz(scenario: Scenario) -> None:
            tally.add(scenario, play(scenario))

        fuzz()
    print(tally.table(time.monotonic() - started), flush=True)
    return 1 if sum(tally.failures.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200, 0))
