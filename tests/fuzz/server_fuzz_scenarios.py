"""What the hostile-server fuzzer draws: a server that answers each route from a script of
answers no honest server would all send, a key it may echo, and a client action.

An ``Answer`` is a status (documented or not), headers (content types, ``Retry-After`` as
numbers, negatives, huge values, HTTP dates and garbage, redirects to other origins, bad
``Content-Encoding``, the key echoed) and a body (good for the route, malformed, not JSON,
huge, deeply nested, the wrong JSON type, fields of odd types), delivered normally or not
(dropped before, during or after the request, trickled, stalled). Each route answers from its
own list, the last answer repeating.
"""

from __future__ import annotations

import functools
import gzip
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from hypothesis import strategies as st

__all__ = ["ECHO", "REQUEST_ID", "Answer", "Scenario", "scenarios"]

REQUEST_ID = "req-fuzz-1"
ECHO = "@@ECHO@@"  # replaced, in bodies and headers, by the key the request carried
BASE, HOST, EVIL = "@@BASE@@", "@@HOST@@", "@@EVIL@@"  # the API's URL and host, another origin
Transport = Literal["memory", "loopback"]
Delivery = Literal[
    "normal",
    "connect",  # refused: never reached the server
    "drop",  # reached, connection closed before any answer
    "lost",  # reached and acted on, then the answer never arrived (a timeout)
    "drop_in_headers",
    "drop_in_body",
    "trickle_headers",
    "trickle_body",
    "stall",
]
SLOW = frozenset({"trickle_headers", "trickle_body", "stall"})
Action = Literal["run", "status", "result", "cancel", "wait", "updates"]


@dataclass(frozen=True)
class Answer:
    status: int = 200
    body: bytes = b"{}"
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "application/json"),)
    delivery: Delivery = "normal"
    pad: int = 0  # spaces after the body, made on the fly (huge bodies)

    def __repr__(self) -> str:  # short, for the failure report
        body = self.body[:60] + (b"..." if len(self.body) > 60 else b"")
        extra = f", pad={self.pad}" if self.pad else ""
        return f"Answer({self.status}, {body!r}, {dict(self.headers)}, {self.delivery}{extra})"


@dataclass(frozen=True)
class Scenario:
    flavour: Literal["sync", "async"]
    transport: Transport
    key: str
    action: Action
    max_retries: int
    wait_timeout: float
    cancel_on_timeout: bool = False
    answers: dict[str, tuple[Answer, ...]] = field(default_factory=dict)

    @property
    def long_key(self) -> bool:
        return len(self.key) >= 8

    def answer(self, route: str, index: int) -> Answer:
        script = self.answers.get(route) or (Answer(),)
        return script[min(index, len(script) - 1)]


# ---- bodies -------------------------------------------------------------------------------------

_STATES = ["in_queue", "in_progress", "completed", "succeeded", "failed", "cancelled", "canceled", "warming_up"]  # fmt: skip
_odd_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False),
    st.text(max_size=20).filter(lambda t: "*" not in t and "@@" not in t),
    st.sampled_from(["²²²", "٤٠٤", "4O4", "", " ", "\n", "\x00", "x" * 5000, ECHO]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5).filter(lambda t: "*" not in t), st.integers(), max_size=3),
)


# error_code values: RunComfy's numbers, and what breaks careless parsing ("²²²".isdigit()).
_error_codes = st.one_of(
    st.sampled_from(
        [404001, 400002, 400004, "403003", 500001, 10001, "²²²", "٤٠٤٠٠١", "4²2", True, 4.04e5, ""]
    ),
    _odd_values,
)


def _json(value: Any) -> bytes:
    return json.dumps(value).encode()


@st.composite
def _good_body(draw: st.DrawFn, route: str) -> bytes:
    """A body an honest server could send on ``route``, sometimes with the key echoed."""
    echo = draw(st.sampled_from([None, None, None, "message", "field", "status", "request_id"]))
    if route == "submit":
        body: dict[str, Any] = {"request_id": REQUEST_ID}
        for leaf in ("status", "result", "cancel"):
            body[f"{leaf}_url"] = draw(
                st.sampled_from(
                    [
                        f"{BASE}/v1/requests/{REQUEST_ID}/{leaf}",
                        f"{EVIL}/v1/requests/{REQUEST_ID}/{leaf}",
                        f"{BASE}/v1/requests/{REQUEST_ID}/{leaf}/../../../admin",
                        f"{BASE}/v1/requests/{REQUEST_ID}/{leaf}\n",
                        f"http://evil@{HOST}/v1/requests/{REQUEST_ID}/{leaf}",
                    ]
                )
            )
    elif route == "status":
        body = {"request_id": REQUEST_ID, "status": draw(st.sampled_from(_STATES))}
        if draw(st.booleans()):
            body["queue_position"] = draw(_odd_values | st.integers(0, 5))
    elif route == "result":
        kind = draw(st.sampled_from(["succeeded", "failed", "in_progress", "cancelled"]))
        body = {"request_id": REQUEST_ID, "status": kind}
        if kind == "succeeded":
            body["output"] = draw(
                st.sampled_from([{"image": "https://files.fuzz.test/a.png"}, {"image": ECHO}])
                | st.builds(lambda v: {"image": v}, _odd_values)
            )
        if kind == "failed":
            body["error"] = draw(_odd_values | st.just({"message": f"oops {ECHO}"}))
    else:  # cancel
        body = {
            "request_id": REQUEST_ID,
            "status": draw(st.sampled_from(_STATES)),
            "outcome": draw(st.sampled_from(["cancelled", "not_cancellable", "maybe", None])),
        }
    if echo == "message":
        body["error_message"] = f"token {ECHO} rejected"
    elif echo == "field":
        body[ECHO] = [ECHO, {"k": ECHO}]
    elif echo in ("status", "request_id") and route != "submit":
        body[echo] = ECHO
    elif echo == "request_id":
        body["request_id"] = ECHO
    return _json(body)


_hostile_body = st.one_of(
    st.just(b""),
    st.just(b"<html><body>502 Bad Gateway</body></html>"),
    st.just(b"[" * 100_000),
    st.just(b'{"a":' * 50_000),
    st.just(_json(json.loads("[" * 80 + "]" * 80))),
    st.just(b'{"status": "in_queue"'),  # cut short
    st.just(b"\xff\xfe\x00garbage"),
    st.just(b'{"status": "in_queue", "n": 1' + b"9" * 5000 + b"}"),  # int past 4300 digits
    st.builds(_json, _odd_values),
    st.builds(
        lambda code, message: _json({"error_code": code, "error_message": message}),
        _error_codes,
        _odd_values,
    ),
    st.builds(lambda code: _json({"error_code": code, "error_message": "x"}), _error_codes),
    st.builds(lambda v: _json({"status": v}), _odd_values),
    st.binary(max_size=200).filter(lambda b: b"*" not in b),
)

# ---- headers ------------------------------------------------------------------------------------

_retry_after = st.sampled_from(
    ["0", "1", "0.01", "-5", "1e9", "99999999999999999999", "nan", "soon", "",
     "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT",
     "Mon, 01 Jan 99999 00:00:00 GMT", "\u00b2"]
)  # fmt: skip
_content_type = st.sampled_from(
    ["application/json", "text/html", "application/octet-stream", "application/json; charset=koi8-r", None]
)  # fmt: skip


@st.composite
def _headers(draw: st.DrawFn, status: int) -> tuple[tuple[str, str], ...]:
    headers: list[tuple[str, str]] = []
    kind = draw(_content_type)
    if kind is not None:
        headers.append(("Content-Type", kind))
    if draw(st.booleans()):
        headers.append(("Retry-After", draw(_retry_after)))
    if draw(st.integers(0, 4)) == 0:
        headers.append(("X-Echo", f"Bearer {ECHO}"))
    if 300 <= status < 400 or draw(st.integers(0, 9)) == 0:
        headers.append(("Location", draw(st.sampled_from(
            [f"{EVIL}/steal", f"{EVIL}/v1/requests/{REQUEST_ID}/status", "/v1/models"]
        ))))  # fmt: skip
    return tuple(headers)


# ---- answers ------------------------------------------------------------------------------------


@functools.cache
def _bomb() -> bytes:
    """~30 KiB of gzip that inflate to 30 MB of zeros."""
    return gzip.compress(b"\0" * 30_000_000, 9)


_documented = st.sampled_from([200, 200, 200, 202, 400, 401, 402, 403, 404, 422, 429, 500, 502, 503, 504])  # fmt: skip
_undocumented = st.sampled_from([100, 204, 206, 301, 302, 307, 308, 405, 409, 418, 451, 499, 520, 599])  # fmt: skip


@st.composite
def _answer(draw: st.DrawFn, route: str, transport: Transport) -> Answer:
    status = draw(st.one_of(_documented, _documented, _undocumented))
    good = draw(st.integers(0, 2)) > 0
    body = draw(_good_body(route)) if good else draw(_hostile_body)
    headers = draw(_headers(status))
    deliveries: list[Delivery] = ["normal"] * 8 + ["connect", "drop", "lost", "drop_in_body"]
    if transport == "loopback":
        deliveries += ["drop_in_headers", *(["trickle_headers", "trickle_body", "stall"] * 2)]
    delivery = draw(st.sampled_from(deliveries))
    pad = 0
    special = draw(st.integers(0, 11))
    if special == 0:  # huge: far past any cap, made on the fly
        pad = draw(st.sampled_from([300_000, 2_000_000, 40_000_000]))
    elif special == 1 and delivery == "normal":  # compressed, sometimes a bomb or corrupt
        packed = draw(st.sampled_from([gzip.compress(body), _bomb(), b"\x1f\x8b\x08garbage"]))
        headers = (*headers, ("Content-Encoding", draw(st.sampled_from(["gzip", "gzip", "br"]))))
        body = packed
    return Answer(status, body, headers, delivery, pad)


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    transport: Transport = draw(st.sampled_from(["memory"] * 4 + ["loopback"]))
    key = draw(
        st.sampled_from(["e", "k", "rc-", "abcdefg"])  # short: not secrets; must not garble
        | st.from_regex(r"rc-[A-Za-z0-9_-]{8,40}", fullmatch=True)
    )
    action: Action = draw(st.sampled_from(["run", "run", "run", "status", "result", "cancel", "wait", "updates"]))  # fmt: skip
    routes = ["status", "result", "cancel"] + (["submit"] if action == "run" else [])
    answers = {
        route: tuple(draw(st.lists(_answer(route, transport), min_size=1, max_size=4)))
        for route in routes
    }
    return Scenario(
        flavour=draw(st.sampled_from(["sync", "async"])),
        transport=transport,
        key=key,
        action=action,
        max_retries=draw(st.integers(0, 3)),
        wait_timeout=draw(st.sampled_from([0.2, 0.35, 0.5])),
        cancel_on_timeout=draw(st.booleans()),
        answers=answers,
    )
