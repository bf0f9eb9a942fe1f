"""Files in and out: a local file or bytes as a ``data:`` URI for ``*_uri`` inputs, and
downloading the output URLs of a result.

Outputs stay plain URL strings on the typed models; these helpers are opt-in. Downloads go
through a client that carries no API key (output hosts are not the API), follow redirects,
stream to a temporary file that is renamed when complete (``_atomic``: the file then has the
usual permissions, and its folder is created when missing), and refuse anything but http(s).
Every failure to fetch a URL is a ``DownloadError`` (a ``RunComfyError``) carrying the ``url``
and, for an HTTP error answer, its ``status_code``; a URL that is not http(s) is an
``UnsupportedURLError``, also a ``ValueError``. ``save`` and ``asave`` differ only in their I/O:
the checks, the size cap and the temporary file are shared.
"""

from __future__ import annotations

import base64
import mimetypes
import os
import re
from collections.abc import Iterator
from contextlib import (
    AbstractAsyncContextManager,
    AbstractContextManager,
    contextmanager,
    nullcontext,
)
from pathlib import Path
from typing import IO
from urllib.parse import unquote, urlsplit

import httpx
from pydantic import BaseModel

from ._atomic import atomic_file
from ._deadlines import RequestGuard, async_budget, per_operation, timed_out
from ._errors import DownloadError, InputValidationError, UnsupportedURLError
from ._redaction import excerpt

__all__ = [
    "adownload",
    "asave",
    "data_uri",
    "download",
    "output_urls",
    "save",
]

MAX_DATA_URI_BYTES = 64 * 1024 * 1024  # RunComfy's own tools cap a request body at 64 MiB
MAX_DOWNLOAD_BYTES = 2 * 1024**3  # and an output file at 2 GiB
DOWNLOAD_TIMEOUT = 600.0  # seconds for one whole file, the hard deadline of a download
_CHUNK = 1 << 16
_TIMEOUT = 60.0  # httpx's per-operation timeouts of our own download client
_GUARD = RequestGuard()  # hard deadlines of blocking downloads (see _deadlines)

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
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. "http://[::1": not a URL at all
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


# ---- downloading ------------------------------------------------------------------------------


def _shown(url: str) -> str:
    """The URL for a message: without its query (output hosts often sign URLs there), short,
    control characters escaped."""
    shown = url.partition("?")[0].partition("#")[0]
    return excerpt(shown, 117)


def _check_url(url: str) -> None:
    if not isinstance(url, str) or not _is_http(url):
        raise UnsupportedURLError(
            f"refusing to download {excerpt(repr(url), 80)}: only http(s) URLs are fetched",
            url=str(url),
        )


def _too_big(url: str, max_bytes: int) -> DownloadError:
    return DownloadError(
        f"{_shown(url)} is larger than {max_bytes} bytes; download refused", url=url
    )


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


def _plan(output: object, directory: str | os.PathLike[str]) -> list[tuple[str, Path]]:
    """The URLs of ``output`` and the file each goes to, in a folder that then exists."""
    urls = output_urls(output)
    if not urls and isinstance(output, str):
        _check_url(output)  # a single non-http(s) string: say why nothing is fetched
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    return list(zip(urls, _targets(urls, folder), strict=True))


class _Sink:
    """Where one response's body goes: checks the answer, counts bytes against the cap."""

    def __init__(self, url: str, handle: IO[bytes], max_bytes: int) -> None:
        self.url = url
        self.max_bytes = max_bytes
        self._handle = handle
        self._written = 0

    def start(self, response: httpx.Response) -> None:
        """Refuse an error answer, or one announcing more than the cap, before any byte."""
        if not response.is_success:
            raise DownloadError(
                f"could not download {_shown(self.url)}: HTTP {response.status_code} "
                f"{excerpt(response.reason_phrase, 80)}".rstrip(),
                url=self.url,
                status_code=response.status_code,
                headers={name.lower(): value for name, value in response.headers.items()},
            )
        length = response.headers.get("content-length", "").strip()
        if length.isascii() and length.isdigit() and int(length) > self.max_bytes:
            raise _too_big(self.url, self.max_bytes)

    def write(self, chunk: bytes) -> None:
        self._written += len(chunk)
        if self._written > self.max_bytes:
            raise _too_big(self.url, self.max_bytes)
        self._handle.write(chunk)


@contextmanager
def _fetching(url: str, path: str | os.PathLike[str], max_bytes: int) -> Iterator[_Sink]:
    """A sink writing to ``path`` atomically (``_atomic``: all or nothing, normal permissions),
    in a folder created when missing; any httpx or file-system error in the block becomes a
    ``DownloadError``."""
    _check_url(url)
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_file(target) as handle:
            yield _Sink(url, handle, max_bytes)
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        detail = str(exc) or type(exc).__name__
        raise DownloadError(f"could not download {_shown(url)}: {detail}", url=url) from exc
    except OSError as exc:
        raise DownloadError(
            f"could not save {_shown(url)} to {target}: {exc.strerror or exc}", url=url
        ) from exc


def _sync_http(given: httpx.Client | None) -> AbstractContextManager[httpx.Client]:
    """The client given (left open), or one of our own without credentials (closed after)."""
    return (
        nullcontext(given)
        if given is not None
        else httpx.Client(follow_redirects=True, timeout=_TIMEOUT)
    )


def _async_http(given: httpx.AsyncClient | None) -> AbstractAsyncContextManager[httpx.AsyncClient]:
    return (
        nullcontext(given)
        if given is not None
        else httpx.AsyncClient(follow_redirects=True, timeout=_TIMEOUT)
    )


def save(
    url: str,
    path: str | os.PathLike[str],
    *,
    http_client: httpx.Client | None = None,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
    timeout: float | None = DOWNLOAD_TIMEOUT,
) -> Path:
    """Stream one output URL to ``path`` (no API key is sent); returns the path.

    ``timeout`` bounds the whole download in seconds (default 600; None: no limit): a host that
    stalls or trickles is abandoned then. Raises ``DownloadError`` (``UnsupportedURLError`` for
    a URL that is not http(s)). ``http_client`` is used as given: do not pass one that carries
    credentials.
    """
    with _fetching(url, path, max_bytes) as sink, _sync_http(http_client) as http:
        ticket = _GUARD.start(timeout)
        trace = {"trace": _GUARD.tracer(ticket)} if timeout is not None else None
        try:
            with http.stream(
                "GET", url, timeout=per_operation(http.timeout, timeout), extensions=trace
            ) as response:
                _GUARD.attach(ticket, response.extensions.get("network_stream"))
                sink.start(response)
                for chunk in response.iter_bytes(_CHUNK):
                    sink.write(chunk)
        except httpx.HTTPError as exc:
            if ticket.expired:  # the socket was shut down at the deadline
                raise timed_out(timeout) from exc
            raise
        finally:
            _GUARD.stop(ticket)
    return Path(path)


async def asave(
    url: str,
    path: str | os.PathLike[str],
    *,
    http_client: httpx.AsyncClient | None = None,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
    timeout: float | None = DOWNLOAD_TIMEOUT,
) -> Path:
    """``save`` for asyncio (the file is written with blocking calls, chunk by chunk)."""
    with _fetching(url, path, max_bytes) as sink:
        async with (
            _async_http(http_client) as http,
            async_budget(timeout),
            http.stream("GET", url, timeout=per_operation(http.timeout, timeout)) as response,
        ):
            sink.start(response)
            async for chunk in response.aiter_bytes(_CHUNK):
                sink.write(chunk)
    return Path(path)


def download(
    output: object,
    directory: str | os.PathLike[str],
    *,
    http_client: httpx.Client | None = None,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
    timeout: float | None = DOWNLOAD_TIMEOUT,
) -> list[Path]:
    """Save every http(s) URL of ``output`` (see ``output_urls``) into ``directory``, named
    after the URL's file name; returns the paths in the order of the URLs. ``timeout`` is per
    file. The first URL that fails raises ``DownloadError`` (the files saved before it stay)."""
    plan = _plan(output, directory)
    with _sync_http(http_client) as http:
        return [
            save(url, path, http_client=http, max_bytes=max_bytes, timeout=timeout)
            for url, path in plan
        ]


async def adownload(
    output: object,
    directory: str | os.PathLike[str],
    *,
    http_client: httpx.AsyncClient | None = None,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
    timeout: float | None = DOWNLOAD_TIMEOUT,
) -> list[Path]:
    """``download`` for asyncio (files are fetched one after another)."""
    plan = _plan(output, directory)
    async with _async_http(http_client) as http:
        return [
            await asave(url, path, http_client=http, max_bytes=max_bytes, timeout=timeout)
            for url, path in plan
        ]
