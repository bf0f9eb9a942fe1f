"""(2) Import cost: ``import runcomfy_client`` and the first use of one model, by catalogue size.

Generates the client for synthetic catalogues of 1, 100 and 300 models (see ``catalogue.py``),
then, in fresh interpreters (after one warm-up run that writes the ``.pyc`` files), times:

* ``import runcomfy_client``;
* building a client, ``RunComfy(api_key=...)`` (mostly httpx creating its TLS context);
* first use of one model: ``client.<provider>.<model>.<variant>`` (imports that provider's
  namespace module and the model's module, which builds its pydantic classes);

against importing ``httpx`` and ``pydantic`` alone, measured the same way in the same run. The
package loads its client machinery (core, drivers, policies) when the first client is built, so
import + ``RunComfy()`` is also set against import + ``httpx.Client()``: what a user pays before
the first request either way. Times
are the importing process's CPU time (``time.process_time``), steadier than wall time on a
shared machine, with ``.pyc`` files written as on a user's machine (``PYTHONDONTWRITEBYTECODE``
is dropped from the probes' environment). Two
baselines are shown: ``import httpx, pydantic`` (pydantic imports lazily, so this barely loads
it) and ``import httpx; from pydantic import BaseModel`` (what any client with pydantic models
must load). The ratio uses the second one. With ``nox -s bench-peers``, the imports of
``fal_client``, ``replicate`` and ``openai`` are timed the same way, for reference.

    python benchmarks/bench_import.py [--quick]
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from _common import (
    BIN,
    PEERS_HINT,
    PYTHON,
    env_with,
    installed,
    median,
    ms,
    parse_args,
    ratio,
    record,
    run,
    table,
    verdict,
)
from catalogue import make_catalogue

_PROBE = """
import json, sys, time
t0 = time.process_time()
import runcomfy_client
t1 = time.process_time()
models_loaded = sum(1 for m in sys.modules if m.startswith("runcomfy_client.models."))
client = runcomfy_client.RunComfy(api_key="benchmark")
t2 = time.process_time()
node = client
for attr in sys.argv[1].split("."):
    node = getattr(node, attr)
t3 = time.process_time()
print(json.dumps({"import": t1 - t0, "client": t2 - t1, "first_use": t3 - t2,
                  "models_at_import": models_loaded,
                  "file": runcomfy_client.__file__}))
"""

_BASELINE = """
import json, time
t0 = time.process_time()
{stmt}
print(json.dumps({{"import": time.process_time() - t0}}))
"""


def _probe(code: str, *args: str, env: dict[str, str] | None = None) -> dict[str, float]:
    done = subprocess.run(
        [PYTHON, "-c", code, *args],
        env=env or env_with(),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> str:
    args = parse_args(__doc__ or "")
    reps = 7 if args.quick else 21
    sizes = (1, 100, 300)
    rows = []
    baselines = {}
    for label, stmt in (
        ("import httpx, pydantic", "import httpx, pydantic"),
        (
            "import httpx; from pydantic import BaseModel",
            "import httpx\nfrom pydantic import BaseModel",
        ),
    ):
        code = _BASELINE.format(stmt=stmt)
        _probe(code)
        baselines[label] = median([_probe(code)["import"] for _ in range(reps)])
    base = baselines["import httpx; from pydantic import BaseModel"]
    code = _BASELINE.format(stmt="import httpx\nfrom pydantic import BaseModel\nhttpx.Client()")
    _probe(code)
    base_client = median([_probe(code)["import"] for _ in range(reps)])
    peers = {}
    for module in ("fal_client", "replicate", "openai"):
        if installed(module):
            code = _BASELINE.format(stmt=f"import {module}")
            _probe(code)
            peers[module] = median([_probe(code)["import"] for _ in range(reps)])
    imports: dict[int, float] = {}
    with_client: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        work = Path(tmp)
        for size in sizes:
            schemas, out = work / f"schemas-{size}", work / f"out-{size}"
            ids = make_catalogue(size, schemas)
            run(
                [
                    str(BIN / "runcomfy-codegen"),
                    "generate",
                    "--schemas",
                    str(schemas),
                    "--out",
                    str(out),
                ]
            )
            env = env_with(PYTHONPATH=str(out))
            path = ".".join(part.replace("-", "_").replace(".", "_") for part in ids[-1].split("/"))
            first = _probe(_PROBE, path, env=env)
            if not first["file"].startswith(str(out)):  # type: ignore[attr-defined]
                raise RuntimeError(f"imported {first['file']}, not the generated {out}")
            samples = [_probe(_PROBE, path, env=env) for _ in range(reps)]
            imports[size] = median([s["import"] for s in samples])
            with_client[size] = median([s["import"] + s["client"] for s in samples])
            rows.append(
                [
                    size,
                    ms(imports[size]),
                    ratio(imports[size], base),
                    int(first["models_at_import"]),
                    ms(median([s["client"] for s in samples])),
                    ms(median([s["first_use"] for s in samples])),
                    ratio(with_client[size], base_client),
                ]
            )
    text = table(
        f"Import cost (medians of {reps} fresh interpreters)",
        [
            "models",
            "import runcomfy_client",
            "vs httpx + BaseModel",
            "model modules imported",
            "RunComfy() (httpx.Client, TLS context)",
            "first use of one model",
            "import + RunComfy() vs import + httpx.Client()",
        ],
        rows,
    )
    text += table(
        "Import baselines and peers (same run)",
        ["import", "time", "vs httpx + BaseModel"],
        [[label, ms(value), ratio(value, base)] for label, value in baselines.items()]
        + [
            [
                "import httpx; from pydantic import BaseModel; httpx.Client()",
                ms(base_client),
                ratio(base_client, base),
            ]
        ]
        + [
            [f"import {module}", ms(peers[module]), ratio(peers[module], base)]
            if module in peers
            else [f"import {module}", PEERS_HINT, "-"]
            for module in ("fal_client", "replicate", "openai")
        ],
    )
    reference = 100 if 100 in imports else max(imports)
    record(
        f"import runcomfy_client ({reference} models)",
        f"{ms(imports[reference])} ({ratio(imports[reference], base)})",
        f"import httpx; from pydantic import BaseModel {ms(base)}"
        + "".join(f"; {m} {ratio(t, base)}" for m, t in peers.items()),
        "<= 1.1x",
        imports[reference] <= 1.1 * base,
    )
    record(
        f"import runcomfy_client + RunComfy() ({reference} models)",
        f"{ms(with_client[reference])} ({ratio(with_client[reference], base_client)})",
        f"the same with httpx.Client() {ms(base_client)}",
        "-",
        None,
    )
    growth = imports[300] / imports[1]
    text += table(
        "Import targets",
        ["target", "measured", "verdict"],
        [
            ["flat in model count (300 vs 1 models)", f"{growth:.2f}x", verdict(growth < 1.15)],
            [
                "within 1.5x of httpx + pydantic (300 models)",
                ratio(imports[300], base),
                verdict(imports[300] <= 1.5 * base),
            ],
        ],
    )
    return text


if __name__ == "__main__":
    main()
