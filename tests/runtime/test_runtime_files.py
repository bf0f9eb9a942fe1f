"""data: URIs for inputs, and downloading output URLs without the API key."""

from __future__ import annotations

import base64
from pathlib import Path

import httpx
import pytest
import respx
from runcomfy_client import (
    InputValidationError,
    adownload,
    asave,
    data_uri,
    download,
    output_urls,
    save,
)
from runcomfy_client.models.wan_ai.wan_2_6.image_to_image import ImageToImageOutput

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
FILES = "https://files.runcomfy.test"


def test_data_uri_of_a_path_guesses_the_type_from_the_name(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"not really a jpeg")
    assert (
        data_uri(path)
        == "data:image/jpeg;base64," + base64.b64encode(b"not really a jpeg").decode()
    )


def test_data_uri_of_bytes_sniffs_the_type() -> None:
    assert data_uri(PNG).startswith("data:image/png;base64,")


def test_data_uri_of_unknown_bytes_is_octet_stream() -> None:
    assert data_uri(b"hello").startswith("data:application/octet-stream;base64,")


def test_data_uri_explicit_mime_type_wins(tmp_path: Path) -> None:
    assert data_uri(PNG, mime_type="image/x-custom").startswith("data:image/x-custom;base64,")


def test_data_uri_round_trips_the_bytes() -> None:
    uri = data_uri(PNG)
    assert base64.b64decode(uri.partition(",")[2]) == PNG


def test_data_uri_refuses_a_file_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    path.write_bytes(PNG * 10)
    with pytest.raises(InputValidationError, match="at most 100 bytes"):
        data_uri(path, max_bytes=100)


def test_data_uri_is_accepted_by_the_generated_image_uri_type() -> None:
    from pydantic import TypeAdapter
    from runcomfy_client._types import ImageUri

    uri = data_uri(PNG)
    assert TypeAdapter(ImageUri).validate_python(uri) == uri


def test_output_urls_finds_every_url_of_a_typed_output_once() -> None:
    output = {"image": f"{FILES}/a.png", "images": [f"{FILES}/b.png", f"{FILES}/a.png"]}
    assert output_urls(output) == [f"{FILES}/a.png", f"{FILES}/b.png"]
    typed = ImageToImageOutput.model_validate({"image": f"{FILES}/c.png"})
    assert f"{FILES}/c.png" in output_urls(typed)


def test_save_streams_to_the_path_without_the_api_key(tmp_path: Path) -> None:
    with respx.mock(base_url=FILES) as files:
        route = files.get("/out/a.png").mock(return_value=httpx.Response(200, content=PNG))
        path = save(f"{FILES}/out/a.png", tmp_path / "a.png")
    assert path.read_bytes() == PNG
    assert "Authorization" not in route.calls.last.request.headers


def test_save_follows_redirects_to_the_storage_host(tmp_path: Path) -> None:
    with respx.mock() as files:
        files.get(f"{FILES}/out/a.png").mock(
            return_value=httpx.Response(302, headers={"Location": "https://cdn.test/a.png"})
        )
        files.get("https://cdn.test/a.png").mock(return_value=httpx.Response(200, content=PNG))
        assert save(f"{FILES}/out/a.png", tmp_path / "a.png").read_bytes() == PNG


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://files.test/a.png", "data:image/png;base64,AAAA", "a.png"]
)
def test_save_refuses_urls_that_are_not_http(tmp_path: Path, url: str) -> None:
    with pytest.raises(ValueError, match="only http"):
        save(url, tmp_path / "x")


def test_save_leaves_no_partial_file_on_http_error(tmp_path: Path) -> None:
    with respx.mock(base_url=FILES) as files:
        files.get("/gone.png").mock(return_value=httpx.Response(404))
        with pytest.raises(httpx.HTTPStatusError):
            save(f"{FILES}/gone.png", tmp_path / "gone.png")
    assert list(tmp_path.iterdir()) == []


def test_save_refuses_a_body_over_the_limit(tmp_path: Path) -> None:
    with respx.mock(base_url=FILES) as files:
        files.get("/big.png").mock(return_value=httpx.Response(200, content=PNG * 100))
        with pytest.raises(ValueError, match="larger than"):
            save(f"{FILES}/big.png", tmp_path / "big.png", max_bytes=100)
    assert list(tmp_path.iterdir()) == []


def test_download_saves_every_output_url_under_its_file_name(tmp_path: Path) -> None:
    output = {"images": [f"{FILES}/run1/result.png", f"{FILES}/run2/result.png"]}
    with respx.mock(base_url=FILES) as files:
        files.get("/run1/result.png").mock(return_value=httpx.Response(200, content=b"one"))
        files.get("/run2/result.png").mock(return_value=httpx.Response(200, content=b"two"))
        paths = download(output, tmp_path / "out")
    assert [p.name for p in paths] == ["result.png", "result-1.png"]
    assert [p.read_bytes() for p in paths] == [b"one", b"two"]


def test_download_never_writes_outside_the_directory(tmp_path: Path) -> None:
    with respx.mock(base_url=FILES) as files:
        files.get(url__regex=r".*").mock(return_value=httpx.Response(200, content=b"x"))
        (path,) = download(f"{FILES}/a/..%2F..%2Fescape.sh", tmp_path / "out")
    assert path.parent == tmp_path / "out"
    assert not path.name.startswith(".")


async def test_async_download_saves_without_the_api_key(tmp_path: Path) -> None:
    with respx.mock(base_url=FILES) as files:
        route = files.get("/v.mp4").mock(return_value=httpx.Response(200, content=b"video"))
        (path,) = await adownload({"video": f"{FILES}/v.mp4"}, tmp_path)
    assert path.read_bytes() == b"video"
    assert "Authorization" not in route.calls.last.request.headers


async def test_async_save_refuses_urls_that_are_not_http(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="only http"):
        await asave("file:///etc/passwd", tmp_path / "x")
