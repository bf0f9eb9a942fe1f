"""(3) Client overhead: one job lifecycle with ``RunComfy`` vs the same requests with bare httpx.

A lifecycle is submit, two status polls (``in_progress``, then ``completed``) and one result
request, with no pause between polls, so only the cost of making requests is measured. The
server is an ``httpx.MockTransport`` handler answering canned JSON (a new request id per
submit), shared by every arm, so its own cost is the same for all. The client arm also
validates the input and parses the typed output, as ``run()`` always does; the bare arm sends
the same requests (same body and headers) with ``httpx.Client`` and decodes the JSON; with
``openapi-python-client`` installed (``nox -s bench-peers``), the client it generates from our
``openapi.json`` runs the same lifecycle too. Arms are interleaved batch by batch, so drift on a
busy machine hits them alike. A second table runs the client and bare arms against the fake's
loopback HTTP server (real sockets, the fake's own validation included).

    python benchmarks/bench_client.py [--quick]
"""

from __future__ import annotations

import inspect
import itertools
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from _common import (
    BIN,
    PEERS_HINT,
    ROOT,
    installed,
    median,
    parse_args,
    ratio,
    record,
    table,
    verdict,
)
from payloads import payload_for
from runcomfy_client import RunComfy
from runcomfy_client._schemas import load_schema
from runcomfy_client.testing import FakeRunComfy

MODEL = "wan-ai/wan-2-6/image-to-image"
BASE = "https://api.bench.invalid"
KEY = "rc-benchmark-key-0123456789"  # a key of a real key's length: it is redacted as one
TERMINAL = {"completed", "cancelled", "failed"}
HEADERS = {"Accept": "application/json", "Authorization": f"Bearer {KEY}"}


class CannedServer:
    """The API as an ``httpx.MockTransport`` handler: a new request id per submit, then
    ``in_progress``, ``completed`` and the output."""

    def __init__(self) -> None:
        self._ids = itertools.count()
        self._polls: dict[str, int] = {}

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if request.method == "POST":
            request_id = f"req-{next(self._ids):08d}"
            self._polls[request_id] = 0
            urls = {
                f"{leaf}_url": f"{BASE}/v1/requests/{request_id}/{leaf}"
                for leaf in ("status", "result", "cancel")
            }
            return httpx.Response(200, json={"request_id": request_id, **urls})
        request_id, leaf = path.split("/")[-2:]
        if leaf == "status":
            polls = self._polls[request_id] = self._polls[request_id] + 1
            state = "in_progress" if polls == 1 else "completed"
            return httpx.Response(200, json={"request_id": request_id, "status": state})
        self._polls.pop(request_id, None)
        output = {"image": "https://files.example.com/out/a.png"}
        body = {"request_id": request_id, "status": "succeeded", "output": output}
        return httpx.Response(200, json=body)


def _client_lifecycle(client: RunComfy, payload: dict[str, Any]) -> None:
    client.model(MODEL).run(payload, poll_interval=0, max_poll_interval=0)


def _bare_lifecycle(http: httpx.Client, base: str, payload: dict[str, Any]) -> None:
    submitted = http.post(f"{base}/v1/models/{MODEL}", json=payload, headers=HEADERS).json()
    while http.get(submitted["status_url"], headers=HEADERS).json()["status"] not in TERMINAL:
        pass
    http.get(submitted["result_url"], headers=HEADERS).json()


def _openapi_python_client(work: Path, transport: httpx.BaseTransport) -> Callable[[], None]:
    """The lifecycle with the client openapi-python-client generates from our openapi.json."""
    out = work / "oapc_client"
    cmd = [str(BIN / "openapi-python-client"), "generate", "--meta", "none"]
    cmd += ["--path", str(ROOT / "generated" / "openapi.json"), "--output-path", str(out)]
    subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=300)
    sys.path.insert(0, str(work))
    import oapc_client  # type: ignore[import-not-found]  # noqa: F401  (generated above)
    from oapc_client.api.models import (  # type: ignore[import-not-found]
        submit_wan_ai_wan_2_6_image_to_image as submit,
    )
    from oapc_client.api.requests import (  # type: ignore[import-not-found]
        result_request,
        status_request,
    )
    from oapc_client.client import AuthenticatedClient  # type: ignore[import-not-found]

    annotation = inspect.signature(submit.sync).parameters["body"].annotation
    body_class = vars(submit)[annotation] if isinstance(annotation, str) else annotation
    client = AuthenticatedClient(base_url=BASE, token=KEY, httpx_args={"transport": transport})
    payload = payload_for(load_schema(MODEL, "input"))

    def lifecycle() -> None:
        body = body_class.from_dict(payload)
        job = submit.sync(client=client, body=body)
        while status_request.sync(job.request_id, client=client).status not in TERMINAL:
            pass
        result_request.sync(job.request_id, client=client)

    return lifecycle


def _compare(arms: dict[str, Callable[[], None]], batches: int, per_batch: int) -> dict[str, float]:
    """Median CPU seconds per lifecycle of each arm (``time.process_time``: steadier than wall
    time on a shared machine; every arm runs in this process), interleaved batch by batch."""
    for arm in arms.values():
        arm()  # warm every arm (imports, connections, caches)
    times: dict[str, list[float]] = {name: [] for name in arms}
    for _ in range(batches):
        for name, arm in arms.items():
            start = time.process_time()
            for _ in range(per_batch):
                arm()
            times[name].append((time.process_time() - start) / per_batch)
    return {name: median(values) for name, values in times.items()}


def _mock_transport(batches: int, per_batch: int) -> str:
    payload = payload_for(load_schema(MODEL, "input"))
    server = CannedServer()
    transport = httpx.MockTransport(server.handle)
    with (
        RunComfy(api_key=KEY, base_url=BASE, transport=transport) as client,
        httpx.Client(transport=transport) as http,
        tempfile.TemporaryDirectory(prefix="bench-client-") as tmp,
    ):
        arms: dict[str, Callable[[], None]] = {
            "RunComfy": lambda: _client_lifecycle(client, payload),
            "bare httpx": lambda: _bare_lifecycle(http, BASE, payload),
        }
        if installed("openapi_python_client"):
            arms["openapi-python-client's client"] = _openapi_python_client(Path(tmp), transport)
        results = _compare(arms, batches, per_batch)
    bare = results["bare httpx"]
    rows = [
        [name, f"{seconds * 1e6:.0f} us", ratio(seconds, bare)] for name, seconds in results.items()
    ]
    if "openapi-python-client's client" not in results:
        rows.append(["openapi-python-client's client", PEERS_HINT, "-"])
    ours = results["RunComfy"]
    peer = results.get("openapi-python-client's client")
    peer_text = "" if peer is None else f"; openapi-python-client's client {ratio(peer, bare)}"
    record(
        "one job lifecycle (submit, 2 polls, result) on httpx.MockTransport",
        f"{ours * 1e6:.0f} us ({ratio(ours, bare)})",
        f"bare httpx {bare * 1e6:.0f} us{peer_text}",
        "<= 1.2x",
        ours <= 1.2 * bare,
    )
    return table(
        f"One job lifecycle on httpx.MockTransport (4 requests; median of {batches} batches x "
        f"{per_batch})",
        ["client", "per lifecycle", "vs bare httpx"],
        rows,
    )


def _loopback(batches: int, per_batch: int) -> str:
    fake = FakeRunComfy(api_key=KEY)
    payload = payload_for(load_schema(MODEL, "input"))
    with (
        fake.serve() as server,
        RunComfy(api_key=KEY, base_url=server.url) as client,
        httpx.Client() as http,
    ):

        def client_arm() -> None:
            _client_lifecycle(client, payload)
            fake.jobs.clear()
            fake.requests.clear()

        def bare_arm() -> None:
            _bare_lifecycle(http, server.url, payload)
            fake.jobs.clear()
            fake.requests.clear()

        results = _compare({"RunComfy": client_arm, "bare httpx": bare_arm}, batches, per_batch)
    ours, bare = results["RunComfy"], results["bare httpx"]
    return table(
        f"One job lifecycle against the fake's loopback HTTP server (CPU of client and server "
        f"thread; median of {batches} batches "
        f"x {per_batch})",
        ["client", "per lifecycle", "vs bare httpx", "<= 1.2x"],
        [
            ["RunComfy", f"{ours * 1e6:.0f} us", ratio(ours, bare), verdict(ours <= 1.2 * bare)],
            ["bare httpx", f"{bare * 1e6:.0f} us", "1.00x", "-"],
        ],
    )


def main() -> str:
    args = parse_args(__doc__ or "")
    batches, per_batch = (5, 40) if args.quick else (11, 100)
    text = _mock_transport(batches, per_batch)
    text += _loopback(batches, per_batch // 4)
    return text


if __name__ == "__main__":
    main()
