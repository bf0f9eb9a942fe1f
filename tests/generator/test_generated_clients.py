"""Clients generated from messy and hostile schemas import, type-check and behave.

These generate into a temp dir and import that package in place of the installed one.
"""

from __future__ import annotations

import base64
import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pydantic
import pytest
from generator_support import FIXTURES, REPO, imported_from


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from generator.build import build
    from generator.output.write import write

    out = tmp_path_factory.mktemp("messy") / "out"
    write(build(FIXTURES / "messy", out).rendered, out)
    return out


def _model(pkg: object, model_id: str) -> type[pydantic.BaseModel]:
    from runcomfy_client._registry import MODELS

    model: type[pydantic.BaseModel] = MODELS[model_id].input_model()
    return model


def test_float_type_is_a_bounded_number(messy: Path) -> None:
    with imported_from(messy) as pkg:
        model = _model(pkg, "bytedance/seedream-5.0-pro/image-to-image")
        ok = model(prompt="p", image_url_1="https://x.test/a.png", guidance_scale=3.5)
        assert ok.model_dump(exclude_unset=True)["guidance_scale"] == 3.5
        with pytest.raises(pydantic.ValidationError, match="guidance_scale"):
            model(prompt="p", image_url_1="https://x.test/a.png", guidance_scale=11)


def test_plural_format_without_items_checks_each_uri(messy: Path) -> None:
    with imported_from(messy) as pkg:
        model = _model(pkg, "bytedance/seedream-5.0-pro/image-to-image")
        model(prompt="p", image_url_1="https://x.test/a", images=["https://x.test/b"])
        with pytest.raises(pydantic.ValidationError, match=r"images\.0"):
            model(prompt="p", image_url_1="https://x.test/a", images=["C:/local.png"])


def test_digit_string_and_integer_enums_accept_plain_values(messy: Path) -> None:
    with imported_from(messy) as pkg:
        model = _model(pkg, "bytedance/seedream-5.0-pro/image-to-image")
        value = model(prompt="p", image_url_1="https://x/a", duration="10", num_frames=15)
        dumped = value.model_dump(mode="json", exclude_unset=True)
        assert dumped["duration"] == "10" and dumped["num_frames"] == 15
        module = sys.modules[type(value).__module__]
        assert module.Duration.V10 == "10"
        assert module.NumFrames.VALUE_15 == 15
        with pytest.raises(pydantic.ValidationError):
            model(prompt="p", image_url_1="https://x/a", num_frames=6)


def test_enums_refuse_values_of_another_json_type(messy: Path) -> None:
    with imported_from(messy) as pkg:
        model = _model(pkg, "bytedance/seedream-5.0-pro/image-to-image")
        base = {"prompt": "p", "image_url_1": "https://x/a"}
        for wrong in ("15", True, 15.0):
            with pytest.raises(pydantic.ValidationError, match="expected one of 3, 4, 5, 15"):
                model.model_validate({**base, "num_frames": wrong})
        with pytest.raises(pydantic.ValidationError):
            model.model_validate({**base, "duration": 10})
        styles = _model(pkg, "kling/v3/pro/multi/elements")
        with pytest.raises(pydantic.ValidationError):
            styles.model_validate({"prompt": "p", "styles": [b"anime"]})


def test_seed_minus_one_and_unbounded_integers(messy: Path) -> None:
    with imported_from(messy) as pkg:
        model = _model(pkg, "bytedance/seedream-5.0-pro/image-to-image")
        assert model(prompt="p", image_url_1="https://x/a", seed=-1, steps=10**9).seed == -1
        with pytest.raises(pydantic.ValidationError):
            model(prompt="p", image_url_1="https://x/a", seed=-2)


def test_optional_field_refuses_null_but_may_be_left_out(messy: Path) -> None:
    with imported_from(messy) as pkg:
        model = _model(pkg, "bytedance/seedream-5.0-pro/image-to-image")
        assert "steps" not in model(prompt="p", image_url_1="https://x/a").model_dump(
            exclude_unset=True
        )
        with pytest.raises(pydantic.ValidationError, match="null is not allowed"):
            model.model_validate({"prompt": "p", "image_url_1": "https://x/a", "steps": None})


def test_strict_types_refuse_strings_for_numbers(messy: Path) -> None:
    with imported_from(messy) as pkg:
        model = _model(pkg, "bytedance/seedream-5.0-pro/image-to-image")
        with pytest.raises(pydantic.ValidationError):
            model.model_validate({"prompt": "p", "image_url_1": "https://x/a", "steps": "5"})


def test_nested_objects_arrays_of_enums_patterns_and_bounds(messy: Path) -> None:
    with imported_from(messy) as pkg:
        model = _model(pkg, "kling/v3/pro/multi/elements")
        payload = {
            "prompt": "p",
            "elements": [{"image_url": "https://x/a.png", "role": "subject", "weight": 0.5}],
            "styles": ["anime", "3d render"],
            "camera": {"zoom": 1.5, "pan": "left"},
            "fps": 24,
        }
        value = model.model_validate(payload)
        assert value.model_dump(mode="json", by_alias=True, exclude_unset=True) == payload
        bad = [
            {"elements": [{"role": "subject"}]},  # nested required field missing
            {"elements": [{"image_url": "https://x/a", "weight": 0}]},  # exclusiveMinimum
            {"styles": ["watercolour"]},  # enum in array items
            {"camera": {"pan": "up"}},  # pattern
            {"fps": 20},  # multipleOf
            {"styles": ["anime", "anime"]},  # uniqueItems
            {"elements": [{"image_url": "https://x/a"}] * 5},  # maxItems
        ]
        for extra in bad:
            with pytest.raises(pydantic.ValidationError):
                model.model_validate({"prompt": "p", **extra})


def _png(width: int, height: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_validations_are_enforced_on_data_uris(messy: Path) -> None:
    pytest.importorskip("PIL")
    with imported_from(messy) as pkg:
        model = _model(pkg, "bytedance/seedream-5.0-pro/image-to-image")

        def uri(data: bytes) -> str:
            return "data:image/png;base64," + base64.b64encode(data).decode()

        model(prompt="p", image_url_1="https://x/a", images=[uri(_png(64, 64))])
        with pytest.raises(pydantic.ValidationError, match=r"Width must be greater than 14 px"):
            model(prompt="p", image_url_1="https://x/a", images=[uri(_png(10, 64))])
        with pytest.raises(pydantic.ValidationError, match=r"Aspect ratio must be at most 16:1"):
            model(prompt="p", image_url_1="https://x/a", images=[uri(_png(340, 20))])
        big = (
            "data:application/octet-stream;base64," + base64.b64encode(b"\0" * 10_500_000).decode()
        )
        with pytest.raises(pydantic.ValidationError, match="less than 10 MB"):
            model(prompt="p", image_url_1="https://x/a", images=[big])


def test_messy_client_passes_mypy_strict(messy: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "runcomfy_client/models"],
        cwd=messy,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_hostile_schema_text_stays_data(generate_into: Callable[[Path], Path]) -> None:
    out = generate_into(FIXTURES / "hostile")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import runcomfy_client.models.evil.model as m; print(sorted(m.ModelInput.model_fields))",
        ],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "PWNED" not in done.stdout + done.stderr
    with imported_from(out):
        from runcomfy_client.models.evil import model as module

        fields = module.ModelInput.model_fields
        assert {name: f.alias or name for name, f in fields.items()} == {
            "class_": "class",
            "from_": "from",
            "field_1st": "1st",
            "a_b": "a-b",
            "self_": "self",
            "timeout_": "timeout",
            "json_": "json",
            "model_config_": "model_config",
        }
        assert fields["class_"].default is pydantic_core_undefined()
        assert [m.value for m in module.AB] == [
            '"""',
            "'''",
            "\\",
            "{{ }}",
            "\nimport os",
            "中文",
            "",
        ]
        value = module.ModelInput.model_validate({"class": "\"\"\"\\'''\n{{ x }}", "a-b": "{{ }}"})
        assert value.model_dump(mode="json", by_alias=True, exclude_unset=True) == {
            "class": "\"\"\"\\'''\n{{ x }}",
            "a-b": "{{ }}",
        }
        assert "os.system('echo PWNED')" in (module.Model.__doc__ or "")


def pydantic_core_undefined() -> object:
    from pydantic_core import PydanticUndefined

    return PydanticUndefined


def test_no_class_gets_a_validator_that_names_no_field(messy: Path) -> None:
    # A class whose fields need no runtime check gets no validator at all (it once got
    # `@field_validator("", ...)`: a no-op in the code of every such class).
    modules = [
        *messy.glob("runcomfy_client/models/**/*.py"),
        *(REPO / "generated").glob("runcomfy_client/models/**/*.py"),
    ]
    assert len(modules) > 10
    for module in modules:
        assert 'field_validator("",' not in module.read_text(encoding="utf-8"), module
    with imported_from(messy):
        from runcomfy_client._registry import MODELS

        tiny = MODELS["tiny/model"].input_model()
        assert tiny.__pydantic_decorators__.field_validators == {}
