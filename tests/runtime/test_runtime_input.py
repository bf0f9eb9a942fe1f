"""How submit() turns its arguments into the request body, and refuses bad input locally."""

from __future__ import annotations

import json
from typing import Any

import pytest
import respx
from pydantic import ValidationError
from runcomfy_client import InputValidationError, RunComfyError
from runtime_support import SUBMIT_PATH, EchoInput, resolve, submitted


@pytest.fixture
def submit_route(api: respx.MockRouter) -> respx.Route:
    return api.post(SUBMIT_PATH).mock(return_value=submitted())


def sent_body(route: respx.Route) -> Any:
    return json.loads(route.calls.last.request.content)


async def test_keyword_input_is_sent_with_wire_names_and_only_given_fields(
    submit_route: respx.Route, echo: Any
) -> None:
    await resolve(echo.submit(prompt="x", image_url="https://a.test/i.png"))
    # "steps" has a default but was not given: the server applies its own default.
    assert sent_body(submit_route) == {"prompt": "x", "image-url": "https://a.test/i.png"}


async def test_keyword_none_means_not_given(submit_route: respx.Route, echo: Any) -> None:
    await resolve(echo.submit(prompt="x", seed=None))
    assert sent_body(submit_route) == {"prompt": "x"}


async def test_mapping_input_is_keyed_by_wire_names(submit_route: respx.Route, echo: Any) -> None:
    await resolve(echo.submit({"prompt": "x", "image-url": "https://a.test/i.png", "steps": 4}))
    assert sent_body(submit_route) == {
        "prompt": "x",
        "image-url": "https://a.test/i.png",
        "steps": 4,
    }


async def test_model_instance_input_is_sent_as_constructed(
    submit_route: respx.Route, echo: Any
) -> None:
    await resolve(echo.submit(EchoInput(prompt="x", seed=7)))
    assert sent_body(submit_route) == {"prompt": "x", "seed": 7}


async def test_invalid_keyword_input_raises_before_any_request(
    submit_route: respx.Route, echo: Any
) -> None:
    with pytest.raises(InputValidationError):
        await resolve(echo.submit(prompt="x" * 51))
    assert submit_route.call_count == 0


async def test_input_validation_error_names_each_field_by_wire_name_and_rule(
    submit_route: respx.Route, echo: Any
) -> None:
    with pytest.raises(InputValidationError) as caught:
        await resolve(echo.submit({"prompt": "", "image-url": 5, "seed": -2}))
    message = str(caught.value)
    assert "prompt: " in message and "string_too_short" in message
    assert "image-url: " in message and "string_type" in message
    assert "seed: " in message and "greater_than_equal" in message
    assert {error["loc"][0] for error in caught.value.errors()} == {"prompt", "image-url", "seed"}


async def test_keyword_errors_are_reported_with_the_wire_name(
    submit_route: respx.Route, echo: Any
) -> None:
    with pytest.raises(InputValidationError) as caught:
        await resolve(echo.submit(prompt="x", image_url=5))
    assert caught.value.errors()[0]["loc"] == ("image-url",)


async def test_input_validation_error_wraps_pydantics_error(
    submit_route: respx.Route, echo: Any
) -> None:
    with pytest.raises(InputValidationError) as caught:
        await resolve(echo.submit(steps="many", prompt="x"))
    assert isinstance(caught.value.__cause__, ValidationError)
    assert caught.value.validation_error is caught.value.__cause__
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, RunComfyError)


async def test_unknown_keyword_is_refused(submit_route: respx.Route, echo: Any) -> None:
    with pytest.raises(InputValidationError, match="promt"):
        await resolve(echo.submit(promt="typo"))
    assert submit_route.call_count == 0


async def test_payload_and_keywords_together_are_refused(echo: Any) -> None:
    with pytest.raises(TypeError, match="not both"):
        await resolve(echo.submit({"prompt": "x"}, seed=1))


async def test_payload_of_another_type_is_refused(echo: Any) -> None:
    with pytest.raises(TypeError, match="EchoInput or a mapping"):
        await resolve(echo.submit(["prompt", "x"]))


async def test_run_separates_wait_options_from_the_input(
    api: respx.MockRouter, submit_route: respx.Route, echo: Any
) -> None:
    from runtime_support import RESULT_PATH, STATUS_PATH, status, succeeded

    api.get(STATUS_PATH).mock(return_value=status("completed"))
    api.get(RESULT_PATH).mock(return_value=succeeded())
    await resolve(echo.run(prompt="x", timeout=5.0, poll_interval=0.1, cancel_on_timeout=True))
    assert sent_body(submit_route) == {"prompt": "x"}
