"""(1) Generation scaling: ``runcomfy-codegen generate`` / ``check`` on synthetic catalogues.

For 1, 10, 100 and 300 models (``--quick``: 1, 10, 100) this times, as separate processes:

* ``generate`` cold: empty render cache, the first run after a schema or generator change;
* ``generate`` with the cache off (``RUNCOMFY_CODEGEN_CACHE=off``): the raw pipeline;
* ``check`` with nothing changed (warm cache): what CI and pre-commit run;

against the naive baseline: one ``datamodel-codegen`` CLI process per model. The CLI's time per
model is measured on a sample of models and multiplied by the catalogue size (the sample size is
printed); the rendering the naive approach would also need is *not* added, so the baseline is a
lower bound and the speed-up is understated.

    python benchmarks/bench_generate.py [--quick]
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from _common import BIN, env_with, median, ms, parse_args, ratio, run, secs, table, verdict
from catalogue import make_catalogue


def _naive_per_model(schemas: Path, ids: list[str], sample: int, work: Path) -> float:
    """Median wall time of one ``datamodel-codegen`` CLI process on one model's input schema."""
    times = []
    step = max(1, len(ids) // sample)
    for model in ids[::step][:sample]:
        cmd = [
            str(BIN / "datamodel-codegen"),
            "--input", str(schemas / model / "input.json"),
            "--input-file-type", "jsonschema",
            "--output-model-type", "pydantic_v2.BaseModel",
            "--disable-timestamp",
            "--output", str(work / "naive.py"),
        ]  # fmt: skip
        times.append(run(cmd))
    return median(times)


def main() -> str:
    args = parse_args(__doc__ or "")
    sizes = (1, 10, 100) if args.quick else (1, 10, 100, 300)
    reps = 1 if args.quick else 3
    sample = 3 if args.quick else 10
    cli = str(BIN / "runcomfy-codegen")
    rows = []
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-generate-") as tmp:
        work = Path(tmp)
        naive = None
        for size in sizes:
            schemas = work / f"schemas-{size}"
            ids = make_catalogue(size, schemas)
            if naive is None:
                naive_ids = ids if size >= sample else make_catalogue(sample, work / "sample")
                naive_root = schemas if size >= sample else work / "sample"
                naive = _naive_per_model(naive_root, naive_ids, sample, work)
            out = work / f"out-{size}"
            base = [cli, "generate", "--schemas", str(schemas), "--out", str(out)]
            cold, off = [], []
            for rep in range(reps):
                cache = work / f"cache-{size}-{rep}"
                cold.append(run(base, env_with(RUNCOMFY_CODEGEN_CACHE=str(cache))))
                off.append(run(base, env_with(RUNCOMFY_CODEGEN_CACHE="off")))
            warm_env = env_with(RUNCOMFY_CODEGEN_CACHE=str(work / f"cache-{size}-0"))
            run(base, warm_env)  # the tree on disk is the one check compares with
            check_cmd = [cli, "check", "--schemas", str(schemas), "--out", str(out)]
            check = [run(check_cmd, warm_env) for _ in range(reps + 2)]
            check_off = run(check_cmd, env_with(RUNCOMFY_CODEGEN_CACHE="off"))
            naive_total = naive * size
            results[size] = {"cold": median(cold), "off": median(off), "check": median(check)}
            rows.append(
                [
                    size,
                    secs(median(cold)),
                    ms(median(cold) / size),
                    secs(median(off)),
                    secs(median(check)),
                    secs(check_off),
                    secs(naive_total),
                    ratio(naive_total, median(cold)),
                ]
            )
            shutil.rmtree(out, ignore_errors=True)
    text = table(
        f"Generation (medians of {reps} runs; naive = {ms(naive or 0)} per model, CLI measured on "
        f"{sample} models, extrapolated)",
        [
            "models",
            "generate (cold cache)",
            "per model",
            "generate (cache off)",
            "check, unchanged",
            "check (cache off)",
            "naive (CLI per model)",
            "speed-up vs naive",
        ],
        rows,
    )
    if 100 in results:
        r = results[100]
        speedup = (naive or 0) * 100 / r["cold"]
        text += table(
            "Generation targets (100 models)",
            ["target", "measured", "verdict"],
            [
                ["generate < 10 s", secs(r["cold"]), verdict(r["cold"] < 10)],
                [">= 10x faster than naive", f"{speedup:.1f}x", verdict(speedup >= 10)],
                ["check unchanged < 2 s", secs(r["check"]), verdict(r["check"] < 2)],
            ],
        )
    return text


if __name__ == "__main__":
    main()
