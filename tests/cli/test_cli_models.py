"""``runcomfy-py models`` and ``runcomfy-py models show``."""

from __future__ import annotations

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
    assert ran.code == 2
    assert "acme/nothing/here" in ran.err
