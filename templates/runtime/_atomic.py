"""Writing a file all at once or not at all: the one atomic-write helper.

The content goes to a temporary file beside the target, which replaces the target (an atomic
rename on the same file system) only when everything was written; on any failure the temporary
file is removed and the target is left as it was. The new file gets the permissions a plain
``open(path, "w")`` would give it (``0o666`` less the umask), not ``tempfile``'s ``0o600``.

Standard library only and no relative imports: the generator loads this file by path (like
``_contract.py``) for its own cache files; the runtime uses it for downloads.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

__all__ = ["atomic_file", "write_atomic"]


@contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """A binary handle whose content becomes ``path`` when the block ends without an error.

    The folder must exist. The temporary file is ``.<name>.<random>.part`` in it, so a reader
    of ``path`` never sees a half-written file and a crash leaves at most a hidden ``.part``.
    """
    target = Path(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temp = target.with_name(f".{target.name[:200]}.{os.urandom(4).hex()}.part")
        try:
            # 0o666 and the umask decide the mode, as for any new file (mkstemp forces 0o600).
            fd = os.open(temp, flags, 0o666)
            break
        except FileExistsError:  # pragma: no cover - 32 random bits taken: draw again
            continue
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see ``atomic_file``)."""
    with atomic_file(path) as handle:
        handle.write(data)
