"""data: URIs for inputs, and downloading output URLs without the API key."""

from __future__ import annotations

import base64
import os
import stat
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import respx
from runcomfy_client import (
    DownloadError,
    InputValidationError,
    RunComfyError,
    UnsupportedURLError,
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
    with pytest.raises(UnsupportedURLError, match="only http") as raised:
        save(url, tmp_path / "x")
    # Still a ValueError (as before), and a DownloadError like every other download failure.
    assert isinstance(raised.value, ValueError) and isinstance(raised.value, DownloadError)
    assert (raised.value.url, raised.value.status_code) == (url, None)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("status", [404, 403, 500, 302])
def test_save_raises_download_error_on_http_error_and_leaves_no_file(
    tmp_path: Path, status: int
) -> None:
    url = f"{FILES}/gone.png"
    # A client that does not follow redirects sees the 302 as the answer: not the file either.
    http = httpx.Client(follow_redirects=False)
    with respx.mock(base_url=FILES) as files, http:
        files.get("/gone.png").mock(return_value=httpx.Response(status))
        with pytest.raises(DownloadError, match=f"HTTP {status}") as raised:
            save(url, tmp_path / "gone.png", http_client=http)
    assert (raised.value.url, raised.value.status_code) == (url, status)
    assert isinstance(raised.value, RunComfyError) and not isinstance(raised.value, ValueError)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "error",
    [httpx.ConnectError("refused"), httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("x")],
)
def test_save_raises_download_error_on_transport_error(
    tmp_path: Path, error: httpx.TransportError
) -> None:
    url = f"{FILES}/a.png"
    with respx.mock(base_url=FILES) as files:
        files.get("/a.png").mock(side_effect=error)
        with pytest.raises(DownloadError, match="could not download") as raised:
            save(url, tmp_path / "a.png")
    assert (raised.value.url, raised.value.status_code) == (url, None)
    assert raised.value.__cause__ is error
    assert list(tmp_path.iterdir()) == []


def test_save_refuses_a_body_over_the_limit(tmp_path: Path) -> None:
    def chunked(_: httpx.Request) -> httpx.Response:  # no Content-Length: counted while read
        return httpx.Response(200, content=iter([PNG] * 100))

    with respx.mock(base_url=FILES) as files:
        files.get("/big.png").mock(side_effect=chunked)
        with pytest.raises(DownloadError, match="larger than 100 bytes") as raised:
            save(f"{FILES}/big.png", tmp_path / "big.png", max_bytes=100)
    assert not isinstance(raised.value, ValueError)
    assert (raised.value.url, raised.value.status_code) == (f"{FILES}/big.png", None)
    assert list(tmp_path.iterdir()) == []


def test_save_refuses_an_announced_length_over_the_limit(tmp_path: Path) -> None:
    with respx.mock(base_url=FILES) as files:
        files.get("/big.png").mock(return_value=httpx.Response(200, content=PNG * 100))
        with pytest.raises(DownloadError, match="larger than 100 bytes"):
            save(f"{FILES}/big.png", tmp_path / "big.png", max_bytes=100)
    assert list(tmp_path.iterdir()) == []


def test_download_error_message_leaves_out_the_query_of_a_signed_url(tmp_path: Path) -> None:
    url = f"{FILES}/out/a.png?X-Amz-Signature=s3cr3t"
    with respx.mock(base_url=FILES) as files:
        files.get("/out/a.png").mock(return_value=httpx.Response(403))
        with pytest.raises(DownloadError) as raised:
            download({"image": url}, tmp_path)
    assert raised.value.url == url
    assert f"{FILES}/out/a.png" in str(raised.value) and "s3cr3t" not in str(raised.value)


def test_download_raises_download_error_and_keeps_the_files_saved_before(tmp_path: Path) -> None:
    output = {"images": [f"{FILES}/ok.png", f"{FILES}/gone.png"]}
    with respx.mock(base_url=FILES) as files:
        files.get("/ok.png").mock(return_value=httpx.Response(200, content=PNG))
        files.get("/gone.png").mock(return_value=httpx.Response(404))
        with pytest.raises(DownloadError) as raised:
            download(output, tmp_path)
    assert raised.value.url == f"{FILES}/gone.png"
    assert [p.name for p in tmp_path.iterdir()] == ["ok.png"]


def test_save_leaves_a_given_client_open_after_an_error(tmp_path: Path) -> None:
    with respx.mock(base_url=FILES) as files, httpx.Client() as http:
        files.get("/gone.png").mock(return_value=httpx.Response(404))
        with pytest.raises(DownloadError):
            save(f"{FILES}/gone.png", tmp_path / "gone.png", http_client=http)
        assert not http.is_closed


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
    with pytest.raises(UnsupportedURLError, match="only http"):
        await asave("file:///etc/passwd", tmp_path / "x")
    with pytest.raises(UnsupportedURLError, match="only http"):
        await adownload("file:///etc/passwd", tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


async def test_async_save_raises_download_error_on_http_error(tmp_path: Path) -> None:
    with respx.mock(base_url=FILES) as files:
        files.get("/gone.png").mock(return_value=httpx.Response(404))
        with pytest.raises(DownloadError, match="HTTP 404") as raised:
            await asave(f"{FILES}/gone.png", tmp_path / "gone.png")
    assert raised.value.status_code == 404
    assert list(tmp_path.iterdir()) == []


async def test_async_save_raises_download_error_on_transport_error(tmp_path: Path) -> None:
    error = httpx.ConnectError("refused")
    with respx.mock(base_url=FILES) as files:
        files.get("/a.png").mock(side_effect=error)
        with pytest.raises(DownloadError) as raised:
            await adownload({"image": f"{FILES}/a.png"}, tmp_path)
    assert raised.value.status_code is None and raised.value.__cause__ is error
    assert list(tmp_path.iterdir()) == []


async def test_async_save_refuses_a_body_over_the_limit(tmp_path: Path) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(100):
            yield PNG

    with respx.mock(base_url=FILES) as files:
        files.get("/big.png").mock(return_value=httpx.Response(200, content=chunks()))
        with pytest.raises(DownloadError, match="larger than 100 bytes"):
            await asave(f"{FILES}/big.png", tmp_path / "big.png", max_bytes=100)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_a_saved_file_has_the_permissions_of_any_new_file(tmp_path: Path, umask: int) -> None:
    # Not tempfile's 0o600: a downloaded image is meant to be opened by the user's other tools.
    with respx.mock(base_url=FILES) as files:
        files.get("/out/a.png").mock(return_value=httpx.Response(200, content=PNG))
        old = os.umask(umask)
        try:
            path = save(f"{FILES}/out/a.png", tmp_path / "a.png")
        finally:
            os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_save_into_a_missing_folder_creates_it(tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper" / "a.png"
    with respx.mock(base_url=FILES) as files:
        files.get("/out/a.png").mock(return_value=httpx.Response(200, content=PNG))
        assert save(f"{FILES}/out/a.png", target) == target
    assert target.read_bytes() == PNG


async def test_async_save_into_a_missing_folder_creates_it(tmp_path: Path) -> None:
    target = tmp_path / "new" / "a.png"
    with respx.mock(base_url=FILES) as files:
        files.get("/out/a.png").mock(return_value=httpx.Response(200, content=PNG))
        assert await asave(f"{FILES}/out/a.png", target) == target
    assert target.read_bytes() == PNG


def test_a_file_that_cannot_be_written_is_a_download_error_naming_the_path(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    with respx.mock(base_url=FILES, assert_all_called=False) as files:
        files.get("/out/a.png").mock(return_value=httpx.Response(200, content=PNG))
        with pytest.raises(DownloadError, match="not-a-folder") as caught:
            save(f"{FILES}/out/a.png", blocker / "a.png")
    assert isinstance(caught.value.__cause__, OSError)


def test_an_http_error_answer_keeps_its_headers(tmp_path: Path) -> None:
    with respx.mock(base_url=FILES) as files:
        gone = httpx.Response(410, headers={"X-Request-Id": "abc-1"})
        files.get("/out/a.png").mock(return_value=gone)
        with pytest.raises(DownloadError) as caught:
            save(f"{FILES}/out/a.png", tmp_path / "a.png")
    assert caught.value.status_code == 410 and caught.value.headers["x-request-id"] == "abc-1"


@pytest.mark.parametrize("output", [{"image": "http://[::1"}, ["http://[oops/x.png"]])
def test_strings_that_are_not_urls_are_skipped_not_an_error(output: object) -> None:
    assert output_urls(output) == []
