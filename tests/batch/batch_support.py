"""Shared pieces of the batch tests: inputs that name their key, a runner for both clients, and
the invariants every batch must keep, checked against what the fake server saw."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from runcomfy_client import BatchItem
from runcomfy_client.testing import FakeRunComfy, RecordedRequest

SEED = "wan-ai/wan-2-6/image-to-image"
Collect = Callable[..., Any]  # the ``collect`` fixture: ``await collect(model, inputs, **options)``
SUBMIT_PATH = f"/v1/models/{SEED}"


def body(key: int) -> dict[str, Any]:
    """A valid input whose prompt names its key, so every job the fake saw maps to an input."""
    return {"prompt": f"input {key}", "image_urls": ["https://example.com/a.png"], "seed": key}


def bodies(count: int) -> list[dict[str, Any]]:
    return [body(key) for key in range(count)]


def write_jsonl(path: Path, lines: Iterable[object]) -> Path:
    """A JSONL file; a str line is written as is (a bad line), anything else as JSON."""
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines),
        encoding="utf-8",
    )
    return path


def key_of(recorded: RecordedRequest | dict[str, Any]) -> int:
    payload = recorded.json if isinstance(recorded, RecordedRequest) else recorded
    assert isinstance(payload, dict)
    return int(str(payload["prompt"]).removeprefix("input "))


def jobs_by_key(fake: FakeRunComfy) -> dict[int, list[str]]:
    """The request ids the fake created for each input (more than one: submitted twice)."""
    found: dict[int, list[str]] = {}
    for request_id, job in fake.jobs.items():
        found.setdefault(key_of(job.input), []).append(request_id)
    return found


def submits_by_key(fake: FakeRunComfy) -> Counter[int]:
    """Submit POSTs that reached the fake, per input (whatever their answer)."""
    return Counter(key_of(r) for r in fake.calls("submit") if isinstance(r.json, dict))


def check_outcome(
    fake: FakeRunComfy,
    results: dict[int, dict[str, Any]],
    keys: Iterable[int],
    *,
    resubmitted: Iterable[int] = (),
) -> None:
    """The invariants of a finished batch, from the server's side.

    ``results``: per key, the final record (``status``, ``request_id``), e.g. a ``--out`` line.
    * every input has a final record;
    * no input got two jobs, except inputs reported uncertain and then resubmitted on purpose;
    * no request id was lost: each job of a non-uncertain input is the one its record names;
    * every succeeded input's output is the one the fake produced for that job.
    """
    created = jobs_by_key(fake)
    allowed_twice = set(resubmitted)
    for key in keys:
        assert key in results, f"input {key} has no result"
        record = results[key]
        jobs = created.get(key, [])
        if key not in allowed_twice:
            assert len(jobs) <= 1, f"input {key} was submitted {len(jobs)} times: {jobs}"
        if record["status"] == "uncertain":
            continue
        if jobs:
            assert record["request_id"] == jobs[-1], f"input {key}: request id lost"
        if record["status"] == "succeeded":
            assert record["request_id"] in fake.jobs
            assert record["output"] == fake.jobs[record["request_id"]].output


def item_results(items: Iterable[BatchItem[Any]]) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    for item in items:
        assert item.key not in found, f"input {item.key} yielded twice"
        output = item.output.model_dump(mode="json", exclude_none=True) if item.output else None
        found[item.key] = {"status": item.status, "request_id": item.request_id, "output": output}
    return found


def read_results(path: Path, key: str = "line") -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    for text in path.read_text(encoding="utf-8").splitlines():
        line = json.loads(text)
        assert line[key] not in found, f"{key} {line[key]} appears twice in {path}"
        found[line[key]] = line
    return found


class Ran:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:
        return f"Ran(code={self.code}, err={self.err[-600:]!r})"


def cli(*argv: str) -> Ran:
    """``runcomfy ARGV`` in process, streams captured."""
    import io

    from runcomfy_client.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err, stdin=io.StringIO())
    return Ran(code, out.getvalue(), err.getvalue())
