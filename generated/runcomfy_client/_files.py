# generated from templates/runtime/_files.py by runcomfy-codegen; do not edit
"""Files in and out: a local file or bytes as a ``data:`` URI for ``*_uri`` inputs, and
downloading the output URLs of a result.

Outputs stay plain URL strings on the typed models; these helpers are opt-in. Downloads go
through a client that carries no API key (output hosts are not the API), follow redirects,
stream to a temporary file that is renamed when complete, and refuse anything but http(s).
"""

from __future__ import annotations

import base64
import mimetypes
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx
from pydantic import BaseModel

from ._errors import InputValidationError

__all__ = ["adownload", "asave", "data_uri", "download", "output_urls", "save"]

MAX_DATA_URI_BYTES = 64 * 1024 * 1024  # RunComfy's own tools cap a request body at 64 MiB
MAX_DOWNLOAD_BYTES = 2 * 1024**3  # and an output file at 2 GiB
_CHUNK = 1 << 16

# Magic numbers of the media RunComfy models take, for bytes without a file name.
_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF8", 0, "image/gif"),
    (b"WEBP", 8, "image/webp"),
    (b"WAVE", 8, "audio/wav"),
    (b"ftyp", 4, "video/mp4"),
    (b"ID3", 0, "audio/mpeg"),
    (b"fLaC", 0, "audio/flac"),
    (b"OggS", 0, "audio/ogg"),
    (b"\x1aE\xdf\xa3", 0, "video/webm"),
)


def _sniff(data: bytes) -> str:
    for magic, offset, mime in _SIGNATURES:
        if data[offset : offset + len(magic)] == magic:
            return mime
    return "application/octet-stream"


def data_uri(
    source: str | os.PathLike[str] | bytes,
    *,
    mime_type: str | None = None,
    max_bytes: int = MAX_DATA_URI_BYTES,
) -> str:
    """``data:<mime>;base64,...`` of a local file (a path) or of raw bytes.

    The MIME type is ``mime_type``, else guessed from the file name, else from the first bytes
    (PNG, JPEG, GIF, WebP, WAV, MP4, MP3, FLAC, Ogg, WebM). Files larger than ``max_bytes``
    (64 MiB) are refused with ``InputValidationError``; the model's own size and pixel rules
    are checked when the input is validated.
    """
    if isinstance(source, bytes):
        data = source
        guessed = None
    else:
        path = Path(source)
        size = path.stat().st_size
        if size > max_bytes:
            raise _too_large(str(path), size, max_bytes)
        data = path.read_bytes()
        guessed = mimetypes.guess_type(path.name)[0]
    if len(data) > max_bytes:
        raise _too_large("the data", len(data), max_bytes)
    mime = mime_type or guessed or _sniff(data)
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _too_large(what: str, size: int, limit: int) -> InputValidationError:
    message = f"{what} is {size} bytes; a data URI may hold at most {limit} bytes"
    error = {"loc": (), "msg": message, "type": "too_large", "input": size}
    return InputValidationError(message + "; upload it somewhere and pass its URL", errors=[error])


def output_urls(output: object) -> list[str]:
    """Every http(s) URL string in an output (a typed model, dict, list or string), in order."""
    found: list[str] = []
    for value in _walk(output):
        if _is_http(value) and value not in found:
            found.append(value)
    return found


def _walk(value: object) -> Iterator[str]:
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _walk(item)


def _is_http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _check_url(url: str) -> None:
    if not _is_http(url):
        shown = url if len(url) < 80 else url[:77] + "..."
        raise ValueError(f"refusing to download {shown!r}: only http(s) URLs are fetched")


_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def _file_name(url: str, index: int) -> str:
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    name = _UNSAFE_NAME.sub("_", name).lstrip(".")  # never a hidden file, never ".."
    return name[:200] or f"output-{index}"


def _targets(urls: list[str], directory: Path) -> list[Path]:
    """One distinct file in ``directory`` per URL (same-named outputs get a -1, -2 suffix)."""
    taken: set[str] = set()
    paths = []
    for index, url in enumerate(urls):
        name = _file_name(url, index)
        stem, dot, ext = name.rpartition(".") if "." in name else (name, "", "")
        candidate, n = name, 0
        while candidate in taken:
            n += 1
            candidate = f"{stem}-{n}{dot}{ext}"
        taken.add(candidate)
        paths.append(directory / candidate)
    return paths


def _temp_beside(path: Path) -> tuple[Any, Path]:
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed and renamed by the caller
        dir=path.parent, prefix=f".{path.name}.", suffix=".part", delete=False
    )
    return handle, Path(handle.name)


def save(
    url: str,
    path: str | os.PathLike[str],
    *,
    http_client: httpx.Client | None = None,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
) -> Path:
    """Stream one output URL to ``path`` (no API key is sent); returns the path.

    ``http_client`` is used as given: do not pass one that carries credentials.
    """
    _check_url(url)
    target = Path(path)
    own = http_client is None
    http = http_client or httpx.Client(follow_redirects=True, timeout=60.0)
    handle, temp = _temp_beside(target)
    try:
        with handle, http.stream("GET", url) as response:
            response.raise_for_status()
            written = 0
            for chunk in response.iter_bytes(_CHUNK):
                written += len(chunk)
                if written > max_bytes:
                    raise ValueError(f"{url}: larger than {max_bytes} bytes; download refused")
                handle.write(chunk)
        temp.replace(target)
    finally:
        temp.unlink(missing_ok=True)
        if own:
            http.close()
    return target


def download(
    output: object,
    directory: str | os.PathLike[str],
    *,
    http_client: httpx.Client | None = None,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
) -> list[Path]:
    """Save every http(s) URL of ``output`` (see ``output_urls``) into ``directory``, named
    after the URL's file name; returns the paths in the order of the URLs."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    urls = output_urls(output)
    if not urls and isinstance(output, str):
        _check_url(output)  # a single non-http(s) string: say why nothing is fetched
    own = http_client is None
    http = http_client or httpx.Client(follow_redirects=True, timeout=60.0)
    try:
        return [
            save(url, path, http_client=http, max_bytes=max_bytes)
            for url, path in zip(urls, _targets(urls, folder), strict=True)
        ]
    finally:
        if own:
            http.close()


async def asave(
    url: str,
    path: str | os.PathLike[str],
    *,
    http_client: httpx.AsyncClient | None = None,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
) -> Path:
    """``save`` for asyncio (the file is written with blocking calls, chunk by chunk)."""
    _check_url(url)
    target = Path(path)
    own = http_client is None
    http = http_client or httpx.AsyncClient(follow_redirects=True, timeout=60.0)
    handle, temp = _temp_beside(target)
    try:
        with handle:
            async with http.stream("GET", url) as response:
                response.raise_for_status()
                written = 0
                async for chunk in response.aiter_bytes(_CHUNK):
                    written += len(chunk)
                    if written > max_bytes:
                        raise ValueError(f"{url}: larger than {max_bytes} bytes; download refused")
                    handle.write(chunk)
        temp.replace(target)
    finally:
        temp.unlink(missing_ok=True)
        if own:
            await http.aclose()
    return target


async def adownload(
    output: object,
    directory: str | os.PathLike[str],
    *,
    http_client: httpx.AsyncClient | None = None,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
) -> list[Path]:
    """``download`` for asyncio (files are fetched one after another)."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    urls = output_urls(output)
    if not urls and isinstance(output, str):
        _check_url(output)
    own = http_client is None
    http = http_client or httpx.AsyncClient(follow_redirects=True, timeout=60.0)
    try:
        return [
            await asave(url, path, http_client=http, max_bytes=max_bytes)
            for url, path in zip(urls, _targets(urls, folder), strict=True)
        ]
    finally:
        if own:
            await http.aclose()
