"""Runs the installed ``runcomfy-py`` entry point in-process, as a shell would, with captured streams.

The function is looked up through the installed console-script entry point (not imported by
name), so the tests fail if the program is not installed under that name."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any

(_ENTRY,) = entry_points(group="console_scripts", name="runcomfy-py")
main = _ENTRY.load()


@dataclass
class Ran:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


class TerminalInput(io.StringIO):
    """Typed answers on what the CLI takes for an interactive terminal."""

    def isatty(self) -> bool:
        return True


class Cli:
    """Calls ``main`` like a shell would, with a non-interactive stdin unless given one."""

    def __call__(self, *argv: str, stdin: str = "", terminal: bool = False) -> Ran:
        out, err = io.StringIO(), io.StringIO()
        typed = TerminalInput(stdin) if terminal else io.StringIO(stdin)
        code = main(list(argv), stdout=out, stderr=err, stdin=typed)
        return Ran(code, out.getvalue(), err.getvalue())
