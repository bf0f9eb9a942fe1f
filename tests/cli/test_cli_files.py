"""``--image-urls @photo.png``: a local file, checked against the schema's rules, sent as a data
URI; and the pixel rules Pillow checks, said once when Pillow is missing."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runner import Cli
from entry_point import run_program
from runcomfy_client.testing import FakeRunComfy
from runcomfy_client.testing._media import png_bytes

SEED = "wan-ai/wan-2-6/image-to-image"  # image_urls: file_size_mb< 10, width/height_pixels> 384
RULE_NOTE = "pixel-size rules"


@pytest.fixture
def served(cli: Cli) -> Iterator[tuple[FakeRunComfy, str]]:
    fake = FakeRunComfy()
    with fake.serve() as server:
        yield fake, server.url


def _image(folder: Path, name: str, side: int) -> Path:
    path = folder / name
    path.write_bytes(png_bytes(side, side))
    return path


def test_local_files_are_sent_as_data_uris(
    cli: Cli, served: tuple[FakeRunComfy, str], tmp_path: Path
) -> None:
    fake, url = served
    first, second = _image(tmp_path, "a.png", 400), _image(tmp_path, "b.png", 500)
    ran = cli(
        "submit", SEED, "--base-url", url, "--prompt", "x",
        "--image-urls", f"@{first}", "https://example.com/c.png", f"@{second}",
    )  # fmt: skip
    assert ran.code == 0, ran.err
    sent = fake.calls("submit")[0].json["image_urls"]
    assert sent[1] == "https://example.com/c.png"
    for uri, path in ((sent[0], first), (sent[2], second)):
        header, _, data = uri.partition(",")
        assert header == "data:image/png;base64"
        assert base64.b64decode(data) == path.read_bytes()


def test_a_too_small_image_is_refused_naming_the_option(
    cli: Cli, served: tuple[FakeRunComfy, str], tmp_path: Path
) -> None:
    pytest.importorskip("PIL")
    fake, url = served
    small = _image(tmp_path, "small.png", 64)
    ran = cli("submit", SEED, "--base-url", url, "--prompt", "x", "--image-urls", f"@{small}")
    assert ran.code == 65
    assert "\n  --image-urls: " in ran.err
    assert "(rule width_pixels> 384: the image is 64x64)" in ran.err
    assert "Value error" not in ran.err  # pydantic's wording, not the user's
    assert fake.requests == []


def test_a_file_over_the_size_rule_is_refused_before_it_is_read(
    cli: Cli, served: tuple[FakeRunComfy, str], tmp_path: Path
) -> None:
    fake, url = served
    big = tmp_path / "big.png"
    with big.open("wb") as handle:  # sparse: 11 MB on paper, nothing on disk
        handle.truncate(11_000_000)
    ran = cli("submit", SEED, "--base-url", url, "--prompt", "x", "--image-urls", f"@{big}")
    assert ran.code == 65
    assert f"--image-urls @{big}:" in ran.err
    assert "file_size_mb< 10" in ran.err
    assert fake.requests == []


@pytest.mark.parametrize(
    ("name", "content", "code", "said"),
    [
        ("notes.txt", b"hello", 65, "expected an image file; notes.txt is text/plain"),
        ("missing.png", None, 64, "cannot read"),
    ],
)
def test_a_file_that_cannot_be_sent_is_named(
    cli: Cli, tmp_path: Path, name: str, content: bytes | None, code: int, said: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    ran = cli("run", SEED, "--fake", "--prompt", "x", "--image-urls", f"@{path}")
    assert ran.code == code
    assert f"--image-urls @{path}" in ran.err
    assert said in ran.err


@pytest.fixture
def without_pillow(tmp_path: Path) -> dict[str, str]:
    """An environment in which ``import PIL`` fails, as in a client-only install."""
    shadow = tmp_path / "no-pillow" / "PIL"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text('raise ImportError("Pillow is hidden by this test")\n')
    return {"PYTHONPATH": str(shadow.parent)}


def test_without_pillow_the_cli_says_once_that_pixel_rules_were_skipped(
    tmp_path: Path, without_pillow: dict[str, str]
) -> None:
    small = [str(_image(tmp_path, f"{n}.png", 64)) for n in "ab"]
    ran = run_program(
        "--fake", "--fake-timings", "instant", "run", SEED, "--prompt", "x",
        "--image-urls", *(f"@{p}" for p in small),
        env=without_pillow,
    )  # fmt: skip
    assert ran.code == 0, ran.err  # the server is left to judge: the fake accepts it
    notes = [line for line in ran.err.splitlines() if RULE_NOTE in line]
    assert len(notes) == 1, ran.err
    assert notes[0].startswith("note: ")
    assert "pip install 'runcomfy-client[images]'" in notes[0]


def test_without_pillow_the_client_logs_one_warning(
    tmp_path: Path, without_pillow: dict[str, str]
) -> None:
    script = f"""
import logging
from runcomfy_client import data_uri
from runcomfy_client._registry import MODELS
from runcomfy_client._registry_types import import_class

records = []
logging.getLogger("runcomfy_client").addHandler(type("H", (logging.Handler,), {{"emit": lambda self, r: records.append(r)}})())
entry = MODELS["{SEED}"]
model = import_class(entry.module, entry.input_class)
uri = data_uri({str(_image(tmp_path, "a.png", 64))!r})
for _ in range(3):
    model.model_validate({{"prompt": "x", "image_urls": [uri, uri]}})
print(len(records), records[0].levelname, records[0].getMessage())
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **without_pillow},
    )
    assert done.returncode == 0, done.stderr
    count, level, message = done.stdout.split(" ", 2)
    assert (count, level) == ("1", "WARNING")
    assert RULE_NOTE in message
    assert "runcomfy-client[images]" in message
