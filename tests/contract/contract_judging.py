"""The two judges and their verdicts: jsonschema (the oracle) and the generated pydantic model.

A ``Case`` is one whole instance plus what both judges should say about it; ``disagreements``
asks both and keeps the cases where either says something else. ``KNOWN_DIFFERENCES`` lists the
few kinds of case where the model and the schema legitimately differ, each with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from contract_formats import format_checker
from contract_instances import InstancePath, get_at, short
from jsonschema import Draft7Validator
from pydantic import BaseModel, ValidationError

__all__ = [
    "KNOWN_DIFFERENCES",
    "Case",
    "Disagreement",
    "Known",
    "Side",
    "disagreements",
    "json_equal",
    "model_accepts",
    "report",
]

Side = Literal["input", "output"]


@dataclass(frozen=True)
class Known:
    """A documented difference: what each judge says, and why that is right."""

    schema_accepts: bool
    model_accepts: bool
    reason: str


# Every legitimate difference between a schema and its generated model, with the reason. A case
# of one of these kinds must get exactly this pair of verdicts; any other case must get the same
# verdict from both judges. Keep this list short: each entry is a promise made in the README.
KNOWN_DIFFERENCES: dict[str, Known] = {
    "extra_key_on_input": Known(
        schema_accepts=True,
        model_accepts=False,
        reason="input models refuse unknown keys (extra='forbid'): a misspelt field name would "
        "otherwise be sent and silently ignored by the server. RunComfy's schemas do not say "
        "additionalProperties: false, so jsonschema lets the key through.",
    ),
    "integral_float_for_integer": Known(
        schema_accepts=True,
        model_accepts=False,
        reason="draft 7 counts 512.0 as an integer; the model's strict int refuses a float, "
        "which in Python is nearly always a bug, so the body always carries a JSON integer.",
    ),
    "client_checked_validation_rule": Known(
        schema_accepts=True,
        model_accepts=False,
        reason="RunComfy's `validations` rules are not JSON Schema; the model checks the ones it "
        "can without fetching anything, on data URIs (decoded size; pixels with Pillow), "
        "before any request. URLs are left to the server.",
    ),
    "null_for_optional_output": Known(
        schema_accepts=False,
        model_accepts=True,
        reason="output models are lenient readers: an optional output the server sends as null "
        "reads as absent (None) instead of failing the whole result.",
    ),
}


@dataclass(frozen=True)
class Case:
    kind: str
    path: InstancePath
    instance: Any
    valid: bool  # what the schema should say, for kinds not in KNOWN_DIFFERENCES

    def expected(self) -> tuple[bool, bool]:
        known = KNOWN_DIFFERENCES.get(self.kind)
        if known is not None:
            return known.schema_accepts, known.model_accepts
        return self.valid, self.valid

    def where(self) -> str:
        return "/" + "/".join(str(p) for p in self.path)


@dataclass(frozen=True)
class Disagreement:
    case: Case
    schema_accepts: bool
    model_accepts: bool
    model_error: str

    def describe(self) -> str:
        expected_schema, expected_model = self.case.expected()
        who = []
        if self.schema_accepts != expected_schema:
            who.append(f"jsonschema {'accepts' if self.schema_accepts else 'rejects'}")
        if self.model_accepts != expected_model:
            who.append(f"the model {'accepts' if self.model_accepts else 'rejects'}")
        try:
            value = short(get_at(self.case.instance, self.case.path))
        except (KeyError, IndexError):
            value = "left out"
        text = f"{self.case.kind} at {self.case.where()} (value {value}): {' but '.join(who)}"
        if self.case.kind in KNOWN_DIFFERENCES:
            text += " (a documented difference changed: update KNOWN_DIFFERENCES and the README)"
        elif self.schema_accepts != expected_schema:
            text += " (the oracle disagrees with the mutation: a bug in the contract suite)"
        if self.model_error:
            text += f"; model said: {self.model_error}"
        return text


def report(what: str, found: list[Disagreement]) -> str:
    """The failure message: one line per disagreement."""
    lines = [f"{len(found)} disagreement(s) between the schema and the generated {what}:"]
    lines += [f"  - {d.describe()}" for d in found[:25]]
    return "\n".join(lines)


# ---- judging ----------------------------------------------------------------------------------


def model_accepts(model: type[BaseModel], instance: Any) -> tuple[bool, str]:
    """The model's verdict on a wire-format instance, as the client's submit reads it."""
    try:
        model.model_validate(instance, by_alias=True, by_name=False)
    except ValidationError as exc:
        return False, " ".join(line.strip() for line in str(exc).splitlines()[1:3])
    return True, ""


def disagreements(
    schema: dict[str, Any], model: type[BaseModel], cases: list[Case]
) -> list[Disagreement]:
    validator = Draft7Validator(schema, format_checker=format_checker())
    found = []
    for case in cases:
        by_schema = validator.is_valid(case.instance)
        by_model, error = model_accepts(model, case.instance)
        if (by_schema, by_model) != case.expected():
            found.append(Disagreement(case, by_schema, by_model, error))
            if case.kind == "valid_instance":
                break  # every other case is built on it: they would only repeat this one
    return found


def json_equal(a: Any, b: Any) -> bool:
    """Equal as JSON values: 3 == 3.0, but True != 1 and "1" != 1 (Python's == mixes those)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b
