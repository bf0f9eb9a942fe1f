# generated from templates/runtime/testing/_media.py by runcomfy-codegen; do not edit
"""Small real media files that the fake serves as job outputs, built with the standard library.

Output URLs of the fake point back at the fake itself (``GET /files/<name>``), so a user's
``download()`` code and ``runcomfy-py run --download`` work with no network. Pillow is not needed:
a PNG is a signature, three chunks and zlib-compressed scanlines.
"""

from __future__ import annotations

import struct
import zlib
from typing import Final

__all__ = ["CONTENT_TYPES", "media_bytes", "png_bytes", "wav_bytes"]

CONTENT_TYPES: Final[dict[str, str]] = {
    "png": "image/png",
    "mp4": "video/mp4",
    "wav": "audio/wav",
}

# Distinct colours so that the images of one job are distinguishable when a user looks at them.
_PALETTE: Final = ((231, 76, 60), (46, 134, 193), (39, 174, 96), (241, 196, 15), (142, 68, 173))


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png_bytes(width: int = 64, height: int = 64, index: int = 0) -> bytes:
    """An RGB PNG of one colour picked by ``index``, with a darker diagonal so it is not blank."""
    red, green, blue = _PALETTE[index % len(_PALETTE)]
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter type "None" for every scanline
        for x in range(width):
            if x == y:
                rows += bytes((red // 3, green // 3, blue // 3))
            else:
                rows += bytes((red, green, blue))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + _chunk(b"IEND", b"")
    )


def wav_bytes(seconds: float = 0.25, rate: int = 8000) -> bytes:
    """A silent mono 8-bit WAV file."""
    frames = int(seconds * rate)
    data = b"\x80" * frames  # 8-bit PCM is unsigned: 0x80 is silence
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate, 1, 8)
    riff = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    riff += b"data" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(riff)) + riff


def mp4_bytes() -> bytes:
    """A minimal ISO-BMFF file (an ``ftyp`` box and an empty ``free`` box).

    It is recognised as MP4 by file-type sniffers but has no frames: encoding video needs a codec,
    and what tests check is that the URL downloads to a file of the announced type.
    """
    ftyp = b"isom" + struct.pack(">I", 0x200) + b"isomiso2mp41"
    return struct.pack(">I", 8 + len(ftyp)) + b"ftyp" + ftyp + struct.pack(">I", 8) + b"free"


def media_bytes(extension: str, index: int = 0) -> bytes:
    """The bytes served for ``/files/<anything>.<extension>``."""
    if extension == "png":
        return png_bytes(index=index)
    if extension == "wav":
        return wav_bytes()
    if extension == "mp4":
        return mp4_bytes()
    raise ValueError(f"the fake serves no .{extension} files")
