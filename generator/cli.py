"""``runcomfy-codegen``: a thin command line over the pipeline.

Exit codes: 0 success; 1 ``check`` found stale files (or a command's own failure verdict);
2 bad schemas or bad usage (every problem is printed, nothing is written).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from generator.pipeline.diagnostics import Diagnostic, GenerationError

__all__ = ["main"]

Command = Callable[[argparse.Namespace], int]


def _print_warnings(warnings: list[Diagnostic]) -> None:
    for warning in warnings:
        print(warning.format(), file=sys.stderr)


def _cmd_generate(args: argparse.Namespace) -> int:
    from generator.build import build
    from generator.output.write import write

    started = time.perf_counter()
    result = build(args.schemas, args.out)
    _print_warnings(result.warnings)
    write(result.rendered, args.out)
    elapsed = time.perf_counter() - started
    print(
        f"generated {len(result.specs)} model(s), {len(result.rendered.files)} files "
        f"into {args.out} in {elapsed:.2f}s"
    )
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from generator.build import build
    from generator.output.check import compare

    result = build(args.schemas, args.out)
    differences = compare(result.rendered, args.out)
    if not differences:
        print(f"{args.out} is up to date ({len(result.rendered.files)} files)")
        return 0
    print(f"{args.out} is stale: {len(differences)} file(s) differ from what generate would write")
    for diff in differences:
        print(f"  {diff.kind}: {args.out}/{diff.path}")
    for diff in differences:
        if diff.diff:
            print(diff.diff)
    print("run `runcomfy-codegen generate` and commit the result")
    return 1


def _cmd_list(args: argparse.Namespace) -> int:
    from generator.pipeline.schemas import load_specs

    specs, warnings = load_specs(args.schemas)
    _print_warnings(warnings)
    for spec in specs:
        fields = ", ".join(f.py_name + ("" if not f.required else "*") for f in spec.fields)
        print(f"{spec.model_id}: {fields}")
    print(f"{len(specs)} model(s); * marks a required field", file=sys.stderr)
    return 0


def _cmd_pull(args: argparse.Namespace) -> int:
    from generator.catalog.command import run_pull

    return run_pull(args)


def _cmd_diff(args: argparse.Namespace) -> int:
    from generator.diff.command import run_diff

    return run_diff(args)


def _cmd_release(args: argparse.Namespace) -> int:
    from generator.release.command import run_release

    return run_release(args)


def _cmd_verify(args: argparse.Namespace) -> int:
    from generator.verify import run_verify

    return run_verify(args.schemas, args.pytest_args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="runcomfy-codegen",
        description="Generate a typed RunComfy client from model JSON Schemas.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def add(
        name: str, func: Command, help_text: str, *, out: bool = True
    ) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        cmd.add_argument(
            "--schemas",
            type=Path,
            default=Path("schemas"),
            help="schemas folder (default: schemas)",
        )
        if out:
            cmd.add_argument(
                "--out",
                type=Path,
                default=Path("generated"),
                help="output folder (default: generated)",
            )
        cmd.set_defaults(func=func)
        return cmd

    add("generate", _cmd_generate, "regenerate the client package from the schemas")
    add("check", _cmd_check, "exit 1 and show a diff when --out is not what generate would write")
    add("list", _cmd_list, "list the model ids found, with their input fields", out=False)
    # Imported here, not at the top: it pulls in httpx, which generate/check do not need.
    from generator.catalog.command import add_pull_arguments
    from generator.diff.command import add_diff_arguments

    add_pull_arguments(
        add("pull", _cmd_pull, "update schemas/ from RunComfy's model catalog", out=False)
    )
    add_diff_arguments(
        add("diff", _cmd_diff, "classify schema changes between two schema sets", out=False)
    )
    from generator.release.command import add_release_arguments

    add_release_arguments(
        add(
            "release",
            _cmd_release,
            "version the client: compare the schemas with the last release recorded in --out, "
            "bump the version and add a CHANGELOG entry",
        )
    )
    from generator.verify import add_verify_arguments

    add_verify_arguments(
        add(
            "verify",
            _cmd_verify,
            "run the contract suite against a client generated from --schemas into a temp dir",
            out=False,
        )
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except GenerationError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        print(f"{len(exc.diagnostics)} error(s); nothing was written", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
