"""``runcomfy-py models`` and ``runcomfy-py models show``."""

from __future__ import annotations

import pytest
from cli_runner import Cli
from runcomfy_client._registry import MODELS

SEED = "wan-ai/wan-2-6/image-to-image"


def test_models_lists_every_model(cli: Cli) -> None:
    ran = cli("models")
    assert ran.code == 0
    assert [line.split()[0] for line in ran.out.splitlines()] == sorted(MODELS)


def test_models_json_lists_ids(cli: Cli) -> None:
    assert [m["model_id"] for m in cli("models", "--json").json()] == sorted(MODELS)


def test_models_show_gives_fields_types_defaults_choices_and_rules(cli: Cli) -> None:
    ran = cli("models", "show", SEED)
    assert ran.code == 0
    out = ran.out
    assert "image_urls  (array of string (image_uri), required)" in out
    assert "option: --image-urls" in out
    assert 'default: "1024*1024 (1:1)"' in out
    assert '"1344*576 (21:9)"' in out  # an enum choice
    assert "at most 3 items" in out
    assert "file_size_mb< 10: 文件大小必须小于10 MB。" in out


def test_models_show_json_has_both_schemas(cli: Cli) -> None:
    shown = cli("models", "show", SEED, "--json").json()
    assert shown["input_schema"]["required"] == ["prompt", "image_urls"]
    assert "properties" in shown["output_schema"]


def test_run_help_lists_the_model_fields(cli: Cli) -> None:
    ran = cli("run", SEED, "--help")
    assert ran.code == 0
    assert "--image-urls IMAGE_URL [IMAGE_URL ...]" in ran.out
    assert "--prompt-extend, --no-prompt-extend" in ran.out


def test_unknown_model_is_a_usage_error_naming_it(cli: Cli) -> None:
    ran = cli("run", "acme/nothing/here", "--fake", "--prompt", "x")
    assert ran.code == 64
    assert "acme/nothing/here" in ran.err


@pytest.mark.parametrize(
    "argv",
    [
        ("models", "show", "ID"),
        ("models", "show", "ID", "--json"),
        ("--fake", "models", "show", "ID"),
    ],
)
def test_models_show_of_an_unknown_model_is_one_line_with_the_closest(
    cli: Cli, argv: tuple[str, ...]
) -> None:
    ran = cli(*(("wan-ai/wan-2-6/image-to-imag" if a == "ID" else a) for a in argv))
    assert ran.code == 64
    assert "did you mean 'wan-ai/wan-2-6/image-to-image'" in ran.err
    assert "runcomfy_client.model_ids()" in ran.err  # public API, not the private registry
    assert "Traceback" not in ran.err
    assert len(ran.err.strip().splitlines()) == 1


def test_a_required_field_with_a_default_is_shown_as_required_only(cli: Cli) -> None:
    from runcomfy_client._schemas import load_schema

    prompt = load_schema(SEED, "input")["properties"]["prompt"]
    assert "default" in prompt  # the schema gives both; a user must give a prompt all the same
    shown = cli("models", "show", SEED).out
    block = shown.split("\n  prompt  ", 1)[1].split("\n  image_urls  ", 1)[0]
    assert block.startswith("(string, required)")
    assert "default:" not in block
    helped = cli("run", SEED, "--help").out
    assert "[string; required]" in helped
    assert str(prompt["default"])[:20] not in helped
