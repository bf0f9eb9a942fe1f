"""`diff` reads files nobody validated yet (a git revision, a fresh pull): junk must not crash it."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.diff.changes import ModelSchemas, diff_models

# Schema keywords as keys, so that drawn documents reach every branch of the walker.
KEYS = st.sampled_from(
    ["type", "properties", "required", "enum", "items", "minimum", "exclusiveMaximum", "maxLength",
     "multipleOf", "format", "pattern", "validations", "default", "additionalProperties", "anyOf",
     "validation_rule", "validation_value", "output", "x"]
)  # fmt: skip
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.floats(allow_nan=False)
    | st.sampled_from(
        [
            "string",
            "float",
            "number",
            "integer",
            "array",
            "object",
            "image_uris",
            "file_size_mb<",
            "x",
        ]
    )
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)
DOCS = st.dictionaries(KEYS, JSON, max_size=5)


@settings(max_examples=300, deadline=None)
@given(DOCS, DOCS, DOCS, DOCS)
def test_diff_never_raises_on_arbitrary_json(
    old_in: dict[str, Any], new_in: dict[str, Any], old_out: dict[str, Any], new_out: dict[str, Any]
) -> None:
    changes = diff_models(
        {"v/m": ModelSchemas(old_in, old_out)}, {"v/m": ModelSchemas(new_in, new_out)}
    )
    assert all(c.cls in ("breaking", "compatible") and c.reason for c in changes)


@settings(max_examples=100, deadline=None)
@given(DOCS)
def test_a_document_never_differs_from_itself(doc: dict[str, Any]) -> None:
    assert diff_models({"v/m": ModelSchemas(doc, doc)}, {"v/m": ModelSchemas(doc, doc)}) == []
