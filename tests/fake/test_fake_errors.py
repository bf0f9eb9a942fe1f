"""Error bodies and injected faults of the fake."""

from __future__ import annotations

import json

import httpx
import pytest
from fake_wire import SEED_MODEL, Wire, seed_body
from runcomfy_client.testing import FakeRunComfy, Fault, JobScript


def test_no_bearer_key_is_a_401_with_an_error_code(fake: FakeRunComfy) -> None:
    with httpx.Client(transport=fake.transport(), base_url="http://f") as http:
        response = http.post(f"/v1/models/{SEED_MODEL}", json=seed_body())
    assert response.status_code == 401
    assert response.json()["error_code"] == 401001
    assert "Bearer" in response.json()["error_message"]
    assert fake.jobs == {}


def test_a_configured_key_refuses_other_keys() -> None:
    fake = FakeRunComfy(api_key="right")
    with httpx.Client(transport=fake.transport(), base_url="http://f") as http:
        wrong = http.get("/v1/models", headers={"authorization": "Bearer wrong"})
        right = http.get("/v1/models", headers={"authorization": "Bearer right"})
    assert (wrong.status_code, right.status_code) == (401, 200)


def test_unknown_request_id_is_404001(http: httpx.Client) -> None:
    response = http.get("/v1/requests/does-not-exist/status")
    assert response.status_code == 404
    assert response.json()["error_code"] == 404001


@pytest.mark.parametrize("request_id", ["..%2F..%2Fmodels", "a%23b", "x" * 129])
def test_malformed_request_id_is_400001(http: httpx.Client, request_id: str) -> None:
    response = http.get(f"/v1/requests/{request_id}/result")
    assert response.status_code == 400
    assert response.json()["error_code"] == 400001


def test_unknown_model_is_404(http: httpx.Client) -> None:
    response = http.post("/v1/models/nobody/nothing", json={"prompt": "x"})
    assert response.status_code == 404
    assert response.json()["error_code"] == 404001


def test_invalid_input_is_a_422_naming_the_field(fake: FakeRunComfy, http: httpx.Client) -> None:
    body = {**seed_body(), "image_urls": []}
    response = http.post(f"/v1/models/{SEED_MODEL}", json=body)
    assert response.status_code == 422
    error = response.json()
    assert error["error_code"] == 422001
    assert "image_urls" in error["error_message"]
    assert [problem["loc"] for problem in error["detail"]] == [["body", "image_urls"]]
    assert fake.jobs == {}


def test_unknown_input_field_is_refused(http: httpx.Client) -> None:
    response = http.post(f"/v1/models/{SEED_MODEL}", json={**seed_body(), "promt": "typo"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "promt"]


def test_a_body_that_is_not_an_object_is_a_422(http: httpx.Client) -> None:
    response = http.post(f"/v1/models/{SEED_MODEL}", content=b"[1, 2")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body"]


def test_wrong_method_is_405(http: httpx.Client) -> None:
    assert http.get("/v1/requests/abc/cancel").status_code == 405


def test_a_429_burst_with_retry_after_then_normal_answers(fake: FakeRunComfy, wire: Wire) -> None:
    fake.script_next(JobScript(faults=(Fault(status=429, retry_after=2, times=2, route="status"),)))
    request_id = wire.submit()
    answers = [wire.http.get(f"/v1/requests/{request_id}/status") for _ in range(3)]
    assert [a.status_code for a in answers] == [429, 429, 200]
    assert answers[0].headers["retry-after"] == "2"
    assert answers[0].json()["error_code"] == 429001
    # Faulted polls are not looks at the job: it is still at the start of the queue.
    assert answers[2].json()["queue_position"] == 3


def test_job_faults_only_hit_that_job(fake: FakeRunComfy, wire: Wire) -> None:
    fake.script_next(JobScript(faults=(Fault(status=503, route="result"),)))
    faulty, healthy = wire.submit(), wire.submit()
    assert wire.http.get(f"/v1/requests/{healthy}/result").status_code == 200
    assert wire.http.get(f"/v1/requests/{faulty}/result").status_code == 503
    assert wire.http.get(f"/v1/requests/{faulty}/result").status_code == 200


def test_a_submit_fault_creates_no_job(fake: FakeRunComfy, http: httpx.Client) -> None:
    fake.add_fault(Fault(status=500, route="submit"))
    assert http.post(f"/v1/models/{SEED_MODEL}", json=seed_body()).status_code == 500
    assert fake.jobs == {}


def test_a_fault_after_accept_creates_the_job_anyway(
    fake: FakeRunComfy, http: httpx.Client
) -> None:
    fake.add_fault(Fault(status=502, route="submit", after_accept=True))
    assert http.post(f"/v1/models/{SEED_MODEL}", json=seed_body()).status_code == 502
    assert len(fake.jobs) == 1


def test_a_dropped_connection_before_accept_is_a_connect_error(
    fake: FakeRunComfy, http: httpx.Client
) -> None:
    fake.add_fault(Fault(route="submit", disconnect=True))
    with pytest.raises(httpx.ConnectError):
        http.post(f"/v1/models/{SEED_MODEL}", json=seed_body())
    assert fake.jobs == {}


def test_a_dropped_connection_after_accept_is_a_read_error(
    fake: FakeRunComfy, http: httpx.Client
) -> None:
    fake.add_fault(Fault(route="submit", disconnect=True, after_accept=True))
    with pytest.raises(httpx.ReadError):
        http.post(f"/v1/models/{SEED_MODEL}", json=seed_body())
    assert len(fake.jobs) == 1


def test_a_malformed_body_fault_sends_the_raw_bytes(fake: FakeRunComfy, wire: Wire) -> None:
    request_id = wire.submit()
    fake.add_fault(Fault(status=200, route="status", raw_body=b"{not json"))
    response = wire.http.get(f"/v1/requests/{request_id}/status")
    assert (response.status_code, response.content) == (200, b"{not json")


@pytest.mark.parametrize(
    "model_id",
    ["wan-ai/../image-to-image", "wan-ai/.hidden", "a/b/c/d/e/f", "single", "a/" + "x" * 129],
)
def test_malformed_model_id_is_400001(fake: FakeRunComfy, model_id: str) -> None:
    # FakeRequest directly: an httpx URL would normalise "..", which is what is under test
    from runcomfy_client.testing import FakeRequest

    request = FakeRequest(
        "POST", f"/v1/models/{model_id}", {"authorization": "Bearer k"}, body=b"{}"
    )
    response = fake.handle(request)
    assert response.status_code == 400
    assert json.loads(response.body)["error_code"] == 400001
    assert fake.jobs == {}
