"""(4) Input validation: the generated input model vs fastjsonschema and jsonschema.

For every model in schemas/, on one payload with every property set (the most work for a
validator), best of several loops of:

* the generated input model's ``model_validate`` (every check the client makes: types, bounds,
  enums of the right JSON type, explicit nulls, unique items, offline ``validations``);
* ``build_body`` (validate, then dump the request body): what ``submit`` does;
* ``fastjsonschema`` (a validator compiled to Python from the same schema; with
  ``nox -s bench-peers``), formats checked by the same URI rule the client uses;
* ``jsonschema`` in its fastest setting (a prebuilt validator, no format checker): it checks
  less than the model does.

The target is set on the seed model (wan-ai/wan-2-6/image-to-image): within 2x of fastjsonschema.

    python benchmarks/bench_validation.py [--quick]
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import jsonschema
from _common import PEERS_HINT, installed, parse_args, record, table
from payloads import payload_for
from runcomfy_client import RunComfy
from runcomfy_client._registry import MODELS
from runcomfy_client._resource import build_body
from runcomfy_client._schemas import load_schema

SEED = "wan-ai/wan-2-6/image-to-image"


def _best(fn: Callable[[], object], reps: int) -> float:
    """Seconds per call of the least disturbed of five loops (a micro-benchmark)."""
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(reps):
            fn()
        runs.append((time.perf_counter() - start) / reps)
    return min(runs)


def _fastjsonschema(schema: dict[str, Any]) -> Callable[[Any], Any] | None:
    if not installed("fastjsonschema"):
        return None
    import fastjsonschema  # type: ignore[import-not-found]  # a peer (nox -s bench-peers)

    def uri(value: str) -> bool:
        return value.startswith(("http://", "https://", "data:"))

    formats = {name: uri for name in ("uri", "image_uri", "video_uri", "audio_uri")}
    validate: Callable[[Any], Any] = fastjsonschema.compile(schema, formats=formats)
    return validate


def main() -> str:
    args = parse_args(__doc__ or "")
    reps = 300 if args.quick else 2000
    rows: list[list[object]] = []
    seed: tuple[float, float | None, float] | None = None
    for model_id in sorted(MODELS):
        schema = load_schema(model_id, "input")
        payload = payload_for(schema)
        validator = jsonschema.validators.validator_for(schema)(schema)
        if not validator.is_valid(payload):
            raise RuntimeError(f"benchmark payload for {model_id} is not valid")
        model = RunComfy(api_key="benchmark-key").model(model_id).input_model
        fast = _fastjsonschema(schema)
        ours = _best(lambda: model.model_validate(payload, by_alias=True), reps)  # noqa: B023
        body = _best(lambda: build_body(model, (payload,), {}), reps)  # noqa: B023
        theirs = _best(lambda: validator.is_valid(payload), reps)  # noqa: B023
        fastest = None if fast is None else _best(lambda: fast(payload), reps)  # noqa: B023
        if model_id == SEED:
            seed = (ours, fastest, theirs)
        rows.append(
            [
                f"{model_id} ({len(payload)} fields)",
                f"{ours * 1e6:.1f} us",
                f"{body * 1e6:.1f} us",
                PEERS_HINT if fastest is None else f"{fastest * 1e6:.1f} us",
                "-" if fastest is None else f"{ours / fastest:.2f}x",
                f"{theirs * 1e6:.1f} us",
                f"{theirs / ours:.1f}x",
            ]
        )
    text = table(
        "Input validation per payload (best of 5 loops)",
        [
            "model",
            "input model (model_validate)",
            "build_body (validate + dump)",
            "fastjsonschema",
            "model / fastjsonschema",
            "jsonschema is_valid",
            "jsonschema / model",
        ],
        rows,
    )
    if seed is not None:
        ours, fastest, theirs = seed
        record(
            "seed input validation: generated input model vs fastjsonschema",
            f"{ours * 1e6:.1f} us",
            ("fastjsonschema " + PEERS_HINT)
            if fastest is None
            else f"fastjsonschema {fastest * 1e6:.1f} us ({ours / fastest:.2f}x); "
            f"jsonschema {theirs * 1e6:.0f} us",
            "<= 2x fastjsonschema, every check kept",
            None if fastest is None else ours <= 2 * fastest,
        )
    return text


if __name__ == "__main__":
    main()
