"""The clients' public options (issue: seams are public): policies, time, headers, User-Agent.

Tests and the shipped fake configure clients through these options only; the last test keeps
it that way.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from runcomfy_client import (
    AsyncClient,
    ConfigurationError,
    PollContext,
    PollPolicy,
    RetryPolicy,
    SyncClient,
)
from runcomfy_client.testing import ManualClock
from runtime_support import (
    API_KEY,
    BASE_URL,
    REQUEST_ID,
    RESULT_PATH,
    STATUS_PATH,
    error,
    make_client,
    resolve,
    status,
    succeeded,
)

ROOT = Path(__file__).resolve().parents[2]


async def test_every_request_says_who_is_calling(api: respx.MockRouter, client: Any) -> None:
    route = api.get(STATUS_PATH).mock(return_value=status("in_queue"))
    await resolve(client.job(REQUEST_ID).status())
    agent = route.calls.last.request.headers["User-Agent"]
    assert re.fullmatch(r"runcomfy-client/\S+ python/3\.\d+ httpx/\d+\.\d+\.\d+\S*", agent), agent


async def test_default_headers_go_with_every_request_and_may_name_the_caller(
    api: respx.MockRouter, flavour: str
) -> None:
    route = api.get(STATUS_PATH).mock(return_value=status("in_queue"))
    headers = {"X-Team": "vision", "User-Agent": "my-app/2.0"}
    client = make_client(flavour, None, default_headers=headers)
    await resolve(client.job(REQUEST_ID).status())
    sent = route.calls.last.request.headers
    assert sent["X-Team"] == "vision" and sent["User-Agent"] == "my-app/2.0"
    assert sent["Authorization"] == f"Bearer {API_KEY}"


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({"Authorization": "Bearer other"}, "api_key"),
        ({"authorization": "x"}, "api_key"),
        ({"Host": "elsewhere.test"}, "base_url"),
        ({"X-Evil": "a\r\nInjected: yes"}, "one-line"),
        ({"Bad Name": "x"}, "header name"),
        ({"X-Accent": "café"}, "ASCII"),
    ],
)
def test_default_headers_that_cannot_or_must_not_be_sent_are_refused(
    headers: dict[str, str], reason: str
) -> None:
    with pytest.raises(ConfigurationError, match=reason):
        SyncClient(api_key=API_KEY, default_headers=headers)


@pytest.mark.parametrize("cls", [SyncClient, AsyncClient])
def test_clock_and_sleep_go_together(cls: type) -> None:
    with pytest.raises(ConfigurationError, match="clock and sleep"):
        cls(api_key=API_KEY, clock=ManualClock())


async def test_a_wait_on_a_manual_clock_takes_no_real_time(
    api: respx.MockRouter, flavour: str
) -> None:
    api.get(STATUS_PATH).mock(
        side_effect=[status("in_queue", 1), status("in_progress"), status("completed")]
    )
    api.get(RESULT_PATH).mock(return_value=succeeded())
    clock = ManualClock(start=50.0)
    sleep = clock.sleep if flavour == "sync" else clock.asleep
    client = make_client(flavour, None, clock=clock, sleep=sleep)
    job = client.job(REQUEST_ID)
    await resolve(job.wait(timeout=60))
    assert clock.sleeps == [0.5, 0.75]  # the default poll policy, jitter off (runtime_support)
    assert clock() == 50.0 + 0.5 + 0.75


async def test_a_poll_policy_subclass_decides_from_what_the_client_knows(
    api: respx.MockRouter, flavour: str, fake_time: ManualClock
) -> None:
    seen: list[PollContext] = []

    class ByQueuePosition(PollPolicy):
        def next_delay(self, poll: PollContext) -> float:
            seen.append(poll)
            return 10.0 * (poll.status.queue_position or 0) + 1.0

    api.get(STATUS_PATH).mock(
        side_effect=[status("in_queue", 3), status("in_queue", 1), status("completed")]
    )
    api.get(RESULT_PATH).mock(return_value=succeeded())
    client = make_client(flavour, fake_time, poll_policy=ByQueuePosition())
    await resolve(client.job(REQUEST_ID).wait(timeout=600))
    assert fake_time.sleeps == [31.0, 11.0]
    assert [(p.index, p.status.queue_position, p.elapsed) for p in seen] == [
        (0, 3, 0.0),
        (1, 1, 31.0),
    ]
    assert seen[0].remaining == 600.0 and seen[0].since_submit is None  # resumed, not submitted
    assert client.poll_policy is not None and isinstance(client.poll_policy, ByQueuePosition)


async def test_a_call_overrides_a_custom_policy_with_its_own_intervals(
    api: respx.MockRouter, flavour: str, fake_time: ManualClock
) -> None:
    api.get(STATUS_PATH).mock(side_effect=[status("in_queue"), status("completed")])
    api.get(RESULT_PATH).mock(return_value=succeeded())
    policy = PollPolicy(interval=9.0, max_interval=9.0, jitter=0.0)
    client = make_client(flavour, fake_time, poll_policy=policy)
    await resolve(client.job(REQUEST_ID).wait(poll_interval=0.25))
    assert fake_time.sleeps == [0.25]


async def test_a_retry_policy_sets_the_pauses_and_the_statuses_retried(
    api: respx.MockRouter, flavour: str, fake_time: ManualClock
) -> None:
    api.get(STATUS_PATH).mock(side_effect=[error(520), error(520), status("in_queue")])
    policy = RetryPolicy(initial_delay=2.0, jitter=0.0, statuses=frozenset({520}))
    client = make_client(flavour, fake_time, retry_policy=policy, max_retries=2)
    assert (await resolve(client.job(REQUEST_ID).status())).is_queued
    assert fake_time.sleeps == [2.0, 4.0]
    assert client.retry_policy is policy


@pytest.mark.parametrize(
    "base_url",
    [
        "https://api.runcomfy.test/\n",
        "https://api.run comfy.test",
        "https://user@api.test",
        "https://api.test/?x=1",
    ],
)
def test_an_invalid_base_url_is_a_configuration_error_and_a_value_error(base_url: str) -> None:
    with pytest.raises(ConfigurationError, match="base_url") as caught:
        SyncClient(api_key=API_KEY, base_url=base_url)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("key", ["rc-key\n", "rc key", "clé-secrète"])
def test_an_api_key_no_header_can_carry_is_refused_without_showing_it(key: str) -> None:
    with pytest.raises(ConfigurationError, match="API key") as caught:
        SyncClient(api_key=key, base_url=BASE_URL)
    assert key.strip() not in str(caught.value)


@pytest.mark.parametrize("value", [-1, 1.5, True])
def test_max_retries_must_be_a_whole_number_of_retries(value: Any) -> None:
    with pytest.raises(ConfigurationError, match="max_retries"):
        SyncClient(api_key=API_KEY, max_retries=value)


@pytest.mark.parametrize("value", [0, -3, "60"])
def test_timeout_must_be_positive_seconds_or_none(value: Any) -> None:
    with pytest.raises(ConfigurationError, match="timeout"):
        AsyncClient(api_key=API_KEY, timeout=value)
    SyncClient(api_key=API_KEY, timeout=None).close()


def test_a_given_http_clients_user_agent_is_kept() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"status": "in_queue"})

    with httpx.Client(
        transport=httpx.MockTransport(handler), headers={"User-Agent": "mine/1"}
    ) as h:
        SyncClient(api_key=API_KEY, base_url=BASE_URL, http_client=h).job(REQUEST_ID).status()
    assert seen[0].headers["User-Agent"] == "mine/1"


def test_nothing_sets_a_clients_private_attributes() -> None:
    # Seams are options: tests, benchmarks and the shipped fake must not patch a client's core
    # or driver (e.g. ``client._core.clock = ...``).
    patched = re.compile(r"\._(core|driver)\.\w+\s*=[^=]")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("tests", "benchmarks", "templates/runtime")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if patched.search(line.split("#", 1)[0])
    ]
    assert offenders == []
