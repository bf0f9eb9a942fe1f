"""(1) Generation scaling: ``runcomfy-codegen generate`` / ``check`` on synthetic catalogues.

For 1, 10, 100 and 300 models (``--quick``: 1, 10, 100) this times, as separate processes:

* ``generate`` cold: empty render cache, the first run after a schema or generator change;
* ``generate`` with the cache off (``RUNCOMFY_CODEGEN_CACHE=off``): the raw pipeline;
* ``check`` with nothing changed (warm cache): what CI and pre-commit run;

against the naive baseline: one ``datamodel-codegen`` CLI process per model. The CLI's time per
model is measured on a sample of models and multiplied by the catalogue size (the sample size is
printed); the rendering the naive approach would also need is *not* added, so the baseline is a
lower bound and the speed-up is understated.

The floor: for 100 models, one ``datamodel-codegen`` process over the same 100 input schemas
(a folder of them, its builtin formatter), interleaved with ``generate`` runs. It makes the
input models only: no output models, no client code, no formatting by ruff, so it is the
library's own cost, the part of our work we cannot go below. With ``nox -s bench-peers``,
``openapi-python-client`` generating a client from the same catalogue's ``openapi.json`` is
timed too, for reference.

    python benchmarks/bench_generate.py [--quick]
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from _common import (
    BIN,
    PEERS_HINT,
    env_with,
    installed,
    median,
    ms,
    parse_args,
    ratio,
    record,
    run,
    run_cpu,
    secs,
    table,
    verdict,
)
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


def _library_floor(schemas: Path, ids: list[str], work: Path) -> list[str]:
    """The command of one ``datamodel-codegen`` process over every input schema (a flat folder
    of them), with its builtin formatter."""
    flat = work / "floor-input"
    flat.mkdir(exist_ok=True)
    for index, model in enumerate(ids):
        shutil.copyfile(schemas / model / "input.json", flat / f"model_{index:04d}.json")
    return [
        str(BIN / "datamodel-codegen"),
        "--input", str(flat),
        "--input-file-type", "jsonschema",
        "--output-model-type", "pydantic_v2.BaseModel",
        "--formatters", "builtin",
        "--disable-timestamp",
        "--output", str(work / "floor-output"),
    ]  # fmt: skip


def _floor_table(schemas: Path, ids: list[str], out: Path, work: Path, reps: int) -> str:
    """``generate`` (cache off, and cold) vs the library's floor, interleaved; openapi-python-client
    on the same catalogue when installed."""
    floor_cmd = _library_floor(schemas, ids, work)
    base = [str(BIN / "runcomfy-codegen"), "generate", "--schemas", str(schemas), "--out", str(out)]
    runs: dict[str, list[tuple[float, float]]] = {"floor": [], "off": [], "cold": []}
    for rep in range(reps):
        runs["floor"].append(run_cpu(floor_cmd))
        runs["off"].append(run_cpu(base, env_with(RUNCOMFY_CODEGEN_CACHE="off")))
        cache = str(work / f"floor-cache-{rep}")
        runs["cold"].append(run_cpu(base, env_with(RUNCOMFY_CODEGEN_CACHE=cache)))
    wall = {name: median([w for w, _ in got]) for name, got in runs.items()}
    cpu = {name: median([c for _, c in got]) for name, got in runs.items()}
    pairs = [o / f for (_, o), (_, f) in zip(runs["off"], runs["floor"], strict=True)]
    spread = f"{min(pairs):.2f}-{max(pairs):.2f}x"
    peer = PEERS_HINT
    if installed("openapi_python_client"):
        cmd = [str(BIN / "openapi-python-client"), "generate", "--meta", "none", "--overwrite"]
        cmd += ["--path", str(out / "openapi.json"), "--output-path", str(work / "oapc")]
        peer_runs = [run_cpu(cmd) for _ in range(reps)]
        peer = (
            f"{secs(median([w for w, _ in peer_runs]))} / {secs(median([c for _, c in peer_runs]))}"
        )
    record(
        f"generate {len(ids)} distinct models, cache off (CPU)",
        f"{secs(cpu['off'])} ({ratio(cpu['off'], cpu['floor'])}, runs {spread}); "
        f"cold cache {secs(wall['cold'])} wall",
        f"one datamodel-codegen process, same {len(ids)} input schemas, builtin formatter "
        f"{secs(cpu['floor'])}",
        "<= 1.6x; cold < 2 s",
        cpu["off"] <= 1.6 * cpu["floor"] and wall["cold"] < 2.0,
    )
    return table(
        f"Generation of {len(ids)} models against the library's floor (medians of {reps}, "
        "interleaved; CPU = user + system of the process and its children)",
        ["run", "wall", "CPU", "CPU vs floor"],
        [
            ["one datamodel-codegen process (input models only)", secs(wall["floor"]), secs(cpu["floor"]), "1.00x"],
            ["generate, cache off", secs(wall["off"]), secs(cpu["off"]), f"{ratio(cpu['off'], cpu['floor'])} ({spread})"],
            ["generate, cold cache", secs(wall["cold"]), secs(cpu["cold"]), ratio(cpu["cold"], cpu["floor"])],
            ["openapi-python-client on the same openapi.json", peer, "(wall / CPU)", "-"],
        ],
    )  # fmt: skip


def main() -> str:
    args = parse_args(__doc__ or "")
    sizes = (1, 10, 100) if args.quick else (1, 10, 100, 300)
    reps = 1 if args.quick else 3
    sample = 3 if args.quick else 10
    cli = str(BIN / "runcomfy-codegen")
    rows = []
    floor_text = ""
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
            if size == 100:
                floor_text = _floor_table(schemas, ids, out, work, 3 if args.quick else 5)
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
    text += floor_text
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
