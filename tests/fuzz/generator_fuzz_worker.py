"""One fuzz case, run in a worker process: generate, then classify as OK, DIAG or a failure.

The worker is a long-lived process (recycled by the driver every few hundred cases) that runs
the generator as a library, in-process, and imports each generated package in place of the
previous one (``sys.modules`` is purged between cases). An audit hook watches for any read of
the sentinel file the case's ``$ref``\\ s point at and any name lookup or socket: nothing a
schema says may make the generator touch a file or the network.

OK: ``generate`` exits 0 with one-line warnings only; the package imports; ``help()`` of each
resource and model, ``runcomfy models``, ``models show`` and ``run MODEL --help`` work and show
no raw control characters; no emitted file carries one; the CHANGELOG entry listing every field
keeps schema text out of the markup; the differential probe finds no disagreement.
DIAG: exit 2; every stderr line one physical line of at most 300 characters in the
``file: /pointer: message`` form; the output folder untouched.
Anything else is a failure, with a signature naming its class.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import posixpath
import pydoc
import re
import shutil
import sys
import time
import traceback
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator_fuzz_schemas import FuzzCase

__all__ = ["CaseResult", "run_case", "worker_main"]

MAX_LINE = 300
SENTINEL_NAME = "sentinel-secret.json"
SENTINEL_TEXT = '{"type": "string", "description": "SENTINEL-LEAK-7f3a"}'
_REPO = Path(__file__).resolve().parents[2]
_DIAG_LINE = re.compile(r"^schemas\S*( \S+)*?: /.*?: \S")
_SUMMARY = re.compile(r"^\d+ error\(s\); nothing was written$")


@dataclass
class CaseResult:
    outcome: str  # "OK", "DIAG" or "FAIL"
    signatures: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    diagnostics: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def fail(self, signature: str, detail: str) -> None:
        self.outcome = "FAIL"
        if signature not in self.signatures:
            self.signatures.append(signature)
            self.details.append(detail[:600])


# ---- watching for file and network access ---------------------------------------------------

_WATCH: dict[str, Any] = {"armed": False, "events": []}


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _WATCH["armed"]:
        return
    if event == "open" and args and SENTINEL_NAME in str(args[0]):
        _WATCH["events"].append(f"open {args[0]}")
    elif event.startswith("socket.") or event in ("urllib.Request", "http.client.connect"):
        _WATCH["events"].append(f"{event} {str(args[:2])[:120]}")


sys.addaudithook(_audit)


@contextlib.contextmanager
def _watched() -> Any:
    _WATCH["events"] = []
    _WATCH["armed"] = True
    try:
        yield _WATCH["events"]
    finally:
        _WATCH["armed"] = False


# ---- text checks ----------------------------------------------------------------------------


def raw_controls(text: str) -> list[str]:
    """Characters a terminal or a reader should never get raw from schema text."""
    bad = []
    for char in set(text):
        if char == "\n":
            continue
        if unicodedata.category(char) in ("Cc", "Zl", "Zp") or (
            unicodedata.category(char) == "Cf" and unicodedata.bidirectional(char) in
            ("LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI")
        ):  # fmt: skip
            bad.append(f"U+{ord(char):04X}")
    return sorted(bad)


def _check_lines(text: str, result: CaseResult, what: str, *, summary: bool) -> None:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for index, line in enumerate(lines):
        if summary and index == len(lines) - 1:
            if not _SUMMARY.match(line):
                result.fail(f"{what}:no-summary", line)
            continue
        if len(line) > MAX_LINE:
            result.fail(f"{what}:too-long", f"{len(line)} chars: {line[:200]}")
        if raw_controls(line):
            result.fail(f"{what}:control-chars", repr(line[:200]))
        if not _DIAG_LINE.match(line):
            result.fail(f"{what}:not-a-diagnostic-line", repr(line[:200]))
        else:
            result.diagnostics.append(line)


# ---- running the generator -------------------------------------------------------------------


def _write_case(case: FuzzCase, root: Path) -> Path:
    if root.exists():
        shutil.rmtree(root)
    schemas = root / "schemas"
    schemas.mkdir(parents=True)
    sentinel = root / SENTINEL_NAME
    sentinel.write_text(SENTINEL_TEXT, encoding="utf-8")
    for rel, data in case.files.items():
        data = (
            data.replace(b"@SENTINEL_ABS@", str(sentinel).encode())
            .replace(b"@SENTINEL_REL@", SENTINEL_NAME.encode())
            .replace(b"@SENTINEL_URL@", sentinel.as_uri().encode())
        )
        target = (schemas / rel).resolve()
        if schemas.resolve() not in target.parents:
            continue  # '..' in a drawn folder name: the filesystem reads it as a path step
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    out = root / "out"
    out.mkdir()
    (out / "keep.txt").write_text("the previous output\n", encoding="utf-8")
    return root


def _crash_signature(stage: str, exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/generator/" in f.filename or "/templates/" in f.filename]
    frame = (ours or frames or [None])[-1]
    where = ""
    if frame is not None:
        name = Path(frame.filename)
        where = f"@{name.parent.name}/{name.name}:{frame.name}"
    return f"crash:{stage}:{type(exc).__name__}{where}"


def _generate(root: Path) -> tuple[int | None, str, str, BaseException | None]:
    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["generate", "--schemas", "schemas", "--out", "out"])
        return code, out.getvalue(), err.getvalue(), None
    except BaseException as exc:  # a traceback is exactly what we are looking for
        if isinstance(exc, KeyboardInterrupt):
            raise
        return None, out.getvalue(), err.getvalue(), exc
    finally:
        os.chdir(cwd)


def run_case(case: FuzzCase, scratch: Path) -> CaseResult:
    started = time.perf_counter()
    result = CaseResult("OK")
    root = _write_case(case, scratch / "case")
    with _watched() as events:
        code, _out, err, exc = _generate(root)
        if exc is not None:
            result.fail(
                _crash_signature("generate", exc), "".join(traceback.format_exception(exc))[-1500:]
            )
        elif code == 2:
            result.outcome = "DIAG"
            _check_lines(err, result, "diag", summary=True)
            left = sorted(p.name for p in (root / "out").iterdir())
            if left != ["keep.txt"] or list(root.glob(".out.*")):
                result.fail("diag:wrote-output", f"output folder holds {left}")
            if not result.diagnostics and result.outcome == "DIAG":
                result.fail("diag:no-diagnostic", err[:300])
        elif code == 0:
            _check_lines(err, result, "warning", summary=False)
            try:
                _check_generated(case, root, result)
            except BaseException as exc:
                if isinstance(exc, KeyboardInterrupt):
                    raise
                result.fail(
                    _crash_signature("use", exc), "".join(traceback.format_exception(exc))[-1500:]
                )
        else:
            result.fail(f"exit:{code}", err[-300:])
        if events:
            result.fail("file-or-network-access", "; ".join(events[:5]))
    result.seconds = time.perf_counter() - started
    return result


# ---- using the generated package ---------------------------------------------------------------


@contextlib.contextmanager
def _imported(out: Path) -> Any:
    def purge() -> None:
        for name in [
            n for n in sys.modules if n == "runcomfy_client" or n.startswith("runcomfy_client.")
        ]:
            del sys.modules[name]

    purge()
    sys.path.insert(0, str(out))
    try:
        import runcomfy_client

        yield runcomfy_client
    finally:
        sys.path.remove(str(out))
        purge()


def _check_files(out: Path, result: CaseResult) -> None:
    for path in sorted(out.rglob("*")):
        if not path.is_file() or path.suffix not in (".py", ".md", ".toml", ".txt"):
            continue
        text = path.read_text(encoding="utf-8")
        if "SENTINEL-LEAK" in text:
            result.fail("file-or-network-access", f"the sentinel's text is in {path.name}")
        bad = raw_controls(text.replace("\t", "") if path.suffix == ".py" else text)
        if bad:
            result.fail(
                f"raw-control-chars:{path.suffix or path.name}",
                f"{path.relative_to(out)}: {bad[:5]}",
            )


def _cli(argv: list[str]) -> tuple[int, str]:
    from runcomfy_client.cli import main as cli_main

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
        try:
            code = cli_main(argv)
        except SystemExit as exc:
            code = int(exc.code or 0)
    return int(code or 0), buffer.getvalue()


def _file_of(case: FuzzCase, path: str) -> bytes | None:
    """The content written at ``path`` (the drawn folder may say ``a//b`` or ``a/./b`` for it;
    the last one written wins, as on the disk)."""
    found = None
    for rel, data in case.files.items():
        if posixpath.normpath(rel) == path:
            found = data
    return found


def _raw_schemas(case: FuzzCase, model_id: str) -> tuple[Any, Any]:
    from generator.pipeline.dialect import normalise_input, normalise_output
    from generator.runtime import contract

    raw_in = json.loads(_file_of(case, f"{model_id}/input.json") or b"null")
    raw_out_bytes = _file_of(case, f"{model_id}/output.json")
    raw_out = (
        json.loads(raw_out_bytes)
        if raw_out_bytes is not None
        else {"output": contract.standard_output()}
    )
    return normalise_input(raw_in, "x")[0], normalise_output(raw_out, "x")[0]


def _check_generated(case: FuzzCase, root: Path, result: CaseResult) -> None:
    from generator_fuzz_probe import probe_model

    out = root / "out"
    _check_files(out, result)
    _check_changelog(out, result)
    with _imported(out):
        from runcomfy_client._registry import MODELS

        schemas = root / "schemas"
        folders = {p.parent.relative_to(schemas).as_posix() for p in schemas.rglob("input.json")}
        if folders != set(MODELS):
            result.fail(
                "model-dropped", f"folders {sorted(folders)[:5]} but models {sorted(MODELS)[:5]}"
            )

        code, text = _cli(["models"])
        if code != 0 or raw_controls(text):
            result.fail("cli:models", f"exit {code}: {text[-300:]!r}")
        for model_id, entry in sorted(MODELS.items()):
            input_model, output_model = entry.input_model(), entry.output_model()
            from runcomfy_client._registry_types import import_resource

            for resource in (import_resource(entry), import_resource(entry, async_=True)):
                for target in (resource, input_model, output_model):
                    doc = pydoc.render_doc(target, renderer=pydoc.plaintext)
                    if raw_controls(doc):
                        result.fail("help:control-chars", f"{target.__name__}: {raw_controls(doc)}")
            for argv in (["run", model_id, "--help"], ["models", "show", model_id]):
                code, text = _cli(argv)
                if code != 0:
                    result.fail(f"cli:{argv[0]}:exit-{code}", text[-400:])
                elif raw_controls(text):
                    result.fail(f"cli:{argv[0]}:control-chars", repr(text[:300]))
            schema_in, schema_out = _raw_schemas(case, model_id)
            for schema, model, side in (
                (schema_in, input_model, "input"),
                (schema_out, output_model, "output"),
            ):
                for finding in probe_model(schema, model, side):  # type: ignore[arg-type]
                    result.fail(finding.signature(), f"{model_id}: {finding.describe()}")


_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _outside_code(line: str) -> str:
    """The text of ``line`` that CommonMark reads as markup: code spans and backslash-escaped
    punctuation taken out (a backslash escapes nothing inside a code span)."""
    plain, i = [], 0
    while i < len(line):
        char = line[i]
        if char == "\\" and i + 1 < len(line) and line[i + 1] in _PUNCT:
            i += 2  # a literal character
        elif char == "`":
            run = len(line[i:]) - len(line[i:].lstrip("`"))
            close = re.search(rf"(?<!`)`{{{run}}}(?!`)", line[i + run :])
            if close is None:
                i += run  # no closing run: the backticks are literal
            else:
                i += run + close.end()
        else:
            plain.append(char)
            i += 1
    return "".join(plain)


def markup_outside_code(text: str) -> list[str]:
    """HTML tags and links left outside code spans (where schema text would become markup)."""
    found = []
    for line in text.splitlines():
        plain = _outside_code(line)
        if re.search(r"<[A-Za-z/!?]|\]\(|!\[", plain.replace("<!-- generated", "")):
            found.append(line[:200])
    return found


def _check_changelog(out: Path, result: CaseResult) -> None:
    """Every field of every model as a change (from an empty schema): what a release's
    CHANGELOG entry and ``runcomfy-codegen diff`` would show keeps schema text out of markup."""
    from generator.diff.changes import ModelSchemas, diff_models
    from generator.diff.report import render_markdown, render_text

    empty = {"type": "object", "properties": {}}
    before, after = {}, {}
    for path in sorted((out / "runcomfy_client" / "schemas").rglob("input.json")):
        model_id = path.parent.relative_to(out / "runcomfy_client" / "schemas").as_posix()
        schemas = []
        for name in ("input.json", "output.json"):
            schema = json.loads((path.parent / name).read_text(encoding="utf-8"))
            schema.pop("$comment", None)
            schemas.append(schema)
        before[model_id] = ModelSchemas(empty, empty)
        after[model_id] = ModelSchemas(schemas[0], schemas[1])
    changes = diff_models(before, after)
    markdown, text = render_markdown(changes), render_text(changes)
    for what, rendered in (("changelog", markdown), ("diff-text", text)):
        if raw_controls(rendered):
            result.fail(f"{what}:control-chars", repr(rendered[:300]))
    for line in markup_outside_code(markdown)[:1]:
        result.fail("changelog:markup", line)


# ---- the process loop ---------------------------------------------------------------------------


def worker_main(conn: Any, scratch: str, plant: str | None, cache_dir: str) -> None:
    """Serve cases from the driver until it sends None."""
    os.environ["RUNCOMFY_CODEGEN_CACHE"] = cache_dir
    sys.setrecursionlimit(3000)
    if plant:
        from generator_fuzz_plants import apply

        apply(plant)
    root = Path(scratch)
    root.mkdir(parents=True, exist_ok=True)
    while True:
        message = conn.recv()
        if message is None:
            break
        index, case = message
        result = run_case(case, root)
        conn.send((index, result))
