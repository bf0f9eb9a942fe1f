"""Step 4: put a rendered tree on disk, all or nothing.

The new tree is written into a sibling temporary folder, then swapped in with two renames. If
the process dies between them, the previous tree is still on disk under ``<out>.old-*`` and
the next run puts it back before doing anything else, so ``generated/`` is never half-written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from generator.emit.render import Rendered

__all__ = ["recover", "write", "write_files"]


def write_files(folder: Path, files: Mapping[str, str]) -> None:
    """Write ``{relative posix path: text}`` below ``folder`` as UTF-8, newlines as given.

    The one way the generator puts a set of files on disk; the callers make it all or nothing
    (``write`` swaps the folder in, ``pull`` moves each file into place with an undo).
    """
    for rel, text in sorted(files.items()):
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "w", encoding="utf-8", newline="\n") as handle:  # "\n": no translation
            handle.write(text)


def recover(out: Path) -> None:
    """Restore ``out`` from a swap that was interrupted, and clear leftovers."""
    parent = out.parent
    olds = sorted(parent.glob(f".{out.name}.old-*"))
    if not out.exists() and olds:
        os.rename(olds[-1], out)
        olds = olds[:-1]
    for leftover in [*olds, *parent.glob(f".{out.name}.new-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def write(rendered: Rendered, out: Path) -> None:
    """Replace ``out`` with exactly the rendered files."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    new = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        write_files(new, rendered.files)
        os.chmod(new, 0o755)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.rmdir(old)
            os.rename(out, old)
            os.rename(new, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(new, out)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        recover(out)
        raise
