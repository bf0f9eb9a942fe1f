"""Where a batch's inputs come from: a Python iterable or a JSONL file, each input with a key and
a hash of its content, optionally one shard of them.

Keys: the 0-based index in an iterable, the 1-based line number in a file (blank lines are
skipped and keep their number). The hash is the SHA-256 of the input's canonical JSON (sorted
keys, no spaces), so reformatting a line is not a change, and of the raw text for a line that is
not a JSON object. An input that cannot be used is kept as a record with a ``problem`` (it fails
alone; the others run).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel

__all__ = [
    "FileSource",
    "InputRecord",
    "InputSource",
    "IterableSource",
    "Shard",
    "content_hash",
]


@dataclass(frozen=True, slots=True)
class Shard:
    """Shard ``index`` of ``count`` (1-based): every ``count``-th input, starting with the
    ``index``-th (``2/4`` of a file: lines 2, 6, 10, ...)."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str | tuple[int, int]) -> Shard:
        if isinstance(text, tuple):
            index, count = text
        else:
            head, slash, tail = text.partition("/")
            if not slash or not head.strip().isdigit() or not tail.strip().isdigit():
                raise ValueError(f"shard {text!r}: expected K/N, e.g. 2/4 (shard 2 of 4)")
            index, count = int(head), int(tail)
        if count < 1 or not 1 <= index <= count:
            raise ValueError(
                f"shard {index}/{count}: shards are numbered 1 to N (1/4, 2/4, 3/4, 4/4)"
            )
        return cls(index, count)

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def includes(self, position: int) -> bool:
        """``position``: the input's 0-based place (index, or line number - 1)."""
        return position % self.count == self.index - 1


@dataclass(frozen=True, slots=True)
class InputRecord:
    """One input: its key, content hash, and the payload (or why it cannot be used)."""

    key: int
    digest: str
    payload: BaseModel | Mapping[str, Any] | None
    problem: str | None = None


class InputSource(Protocol):
    """What the scheduler reads. ``rereadable`` sources are checked against the journal as a
    whole before anything is sent; the others input by input."""

    description: str
    key_name: str
    rereadable: bool

    def records(self) -> Iterator[InputRecord]: ...


def _canonical(value: Any) -> bytes:
    text = json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=repr
    )
    return text.encode("utf-8")


def content_hash(payload: object) -> str:
    """The SHA-256 of an input: of its canonical JSON (an input model as the body it sends)."""
    if isinstance(payload, BaseModel):
        payload = payload.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return hashlib.sha256(_canonical(payload)).hexdigest()


def _record(key: int, item: object) -> InputRecord:
    digest = content_hash(item)
    if isinstance(item, BaseModel | Mapping):
        return InputRecord(key, digest, item)
    return InputRecord(
        key, digest, None, f"expected an input model or a mapping, got {type(item).__name__}"
    )


class IterableSource:
    """The inputs of ``client.batch(model, inputs)``: any iterable, read once, lazily (a list or
    other sequence is read twice: once to check it against the journal)."""

    key_name = "index"
    description = "the inputs"

    def __init__(self, inputs: Iterable[Any], shard: Shard | None = None) -> None:
        self._inputs = inputs
        self._shard = shard
        self.rereadable = isinstance(inputs, Sequence)

    def records(self) -> Iterator[InputRecord]:
        for index, item in enumerate(self._inputs):
            if self._shard is None or self._shard.includes(index):
                yield _record(index, item)


class FileSource:
    """A JSONL file, one JSON object per line; read again for every pass (never held in memory)."""

    key_name = "line"
    rereadable = True

    def __init__(self, path: str | os.PathLike[str], shard: Shard | None = None) -> None:
        self.path = Path(path)
        self.description = str(path)
        self._shard = shard
        if not self.path.is_file():
            raise FileNotFoundError(f"{self.path}: no such input file")

    def records(self) -> Iterator[InputRecord]:
        with self.path.open("rb") as handle:
            for number, raw in enumerate(handle, 1):
                if self._shard is not None and not self._shard.includes(number - 1):
                    continue
                if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]  # a UTF-8 byte order mark
                if not raw.strip():
                    continue
                yield _line(number, raw.strip())


def _line(number: int, raw: bytes) -> InputRecord:
    def bad(problem: str) -> InputRecord:
        return InputRecord(number, hashlib.sha256(raw).hexdigest(), None, problem)

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return bad(f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    try:
        value = json.loads(text)
    except ValueError as exc:
        return bad(f"not valid JSON ({exc})")
    if not isinstance(value, dict):
        return bad(f"expected a JSON object (the model's input), got {_json_type(value)}")
    return InputRecord(number, hashlib.sha256(_canonical(value)).hexdigest(), value)


def _json_type(value: object) -> str:
    names = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")
