"""Our own fuzzers, outside the default test run: ``nox -s fuzz -- [--target T] [--cases N] [--seed S]``.

Targets (each a module next to this file with ``main(cases: int, seed: int) -> int`` that prints its
own table and returns 0 when no case failed):
- ``generator``: drawn and mutated JSON Schemas through the generator (``generator_fuzz.py``);
- ``server``: drawn hostile-server scenarios against both clients (``server_fuzz.py``).
``all`` (the default) runs every target with the same case count and seed. A seeded sample of each
runs in the default test suite (``tests/fuzz/test_*``); the figures of the big runs are recorded in
``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "contract"))
from contract_determinism import draw_from_the_seed_alone

TARGETS = {"generator": "generator_fuzz", "server": "server_fuzz"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nox -s fuzz --", description=__doc__.splitlines()[0])
    parser.add_argument("--target", choices=[*TARGETS, "all"], default="all")
    parser.add_argument("--cases", type=int, default=1000, help="cases per target (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the drawing (default 0)")
    args = parser.parse_args(argv)
    if args.cases < 1:
        parser.error("--cases must be at least 1")
    targets = list(TARGETS) if args.target == "all" else [args.target]
    draw_from_the_seed_alone()  # a seed draws the same cases whichever target ran before
    worst = 0
    for target in targets:
        module = importlib.import_module(TARGETS[target])
        print(f"== fuzz {target}: {args.cases} cases, seed {args.seed}", flush=True)
        worst = max(worst, int(module.main(args.cases, args.seed)))
    return worst


if __name__ == "__main__":
    sys.exit(main())
