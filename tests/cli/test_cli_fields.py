"""Options built from schemas: types, enums, arrays, booleans, JSON objects; the progress line."""

from __future__ import annotations

import argparse
import io
from typing import Any

import pytest
from runcomfy_client._schemas import load_schema
from runcomfy_client._status import JobStatus
from runcomfy_client.cli._fields import add_field_options, field_values
from runcomfy_client.cli._progress import Progress


def _parse(model_id: str, *argv: str) -> dict[str, Any]:
    parser = argparse.ArgumentParser(exit_on_error=False)
    options = add_field_options(parser, load_schema(model_id, "input"))
    return field_values(parser.parse_args(list(argv)), options)


def test_array_of_objects_is_given_as_json() -> None:
    loras = '[{"path": "https://x.test/a.safetensors", "scale": 0.5}]'
    values = _parse("stability/sdxl/text-to-image", "--prompt", "a", "--loras", loras)
    assert values == {
        "prompt": "a",
        "loras": [{"path": "https://x.test/a.safetensors", "scale": 0.5}],
    }


def test_numbers_and_booleans_get_their_types() -> None:
    values = _parse(
        "stability/sdxl/text-to-image",
        "--guidance-scale", "6.5", "--num-images", "2", "--no-enable-safety-checker",
    )  # fmt: skip
    assert values == {"guidance_scale": 6.5, "num_images": 2, "enable_safety_checker": False}


def test_integer_enums_take_integers_and_refuse_others() -> None:
    assert _parse("wan-ai/wan-2-6/image-to-video", "--duration", "10") == {"duration": 10}
    with pytest.raises((argparse.ArgumentError, SystemExit)):
        _parse("wan-ai/wan-2-6/image-to-video", "--duration", "7")


def test_options_left_out_are_not_sent() -> None:
    assert _parse("wan-ai/wan-2-6/image-to-image") == {}


def test_schema_text_with_percent_signs_does_not_break_help() -> None:
    schema = {"properties": {"strength": {"type": "number", "description": "100% means full"}}}
    parser = argparse.ArgumentParser()
    add_field_options(parser, schema)
    assert "100% means full" in parser.format_help()


def test_progress_writes_one_line_per_change_when_not_a_terminal() -> None:
    stream = io.StringIO()
    ticks = iter([0.0, 1.0, 2.5])
    with Progress(stream, live=False, clock=lambda: next(ticks)) as progress:
        progress.update(JobStatus("r", "in_queue", 2))
        progress.update(JobStatus("r", "in_progress"))
    assert stream.getvalue().splitlines() == [
        "[   1.0s] in_queue, queue position 2",
        "[   2.5s] in_progress",
    ]


def test_progress_redraws_one_line_in_place_on_a_terminal() -> None:
    stream = io.StringIO()
    with Progress(stream, live=True) as progress:
        progress.update(JobStatus("r", "completed"))
    text = stream.getvalue()
    assert text.endswith("completed\n")
    assert text.count("\n") == 1  # every redraw returned to the start of the same line
    assert "\r\x1b[K" in text
