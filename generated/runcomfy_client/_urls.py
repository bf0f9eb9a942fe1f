# generated from templates/runtime/_urls.py by runcomfy-codegen; do not edit
"""Where requests go: the base URL, the four endpoint paths, and the checks that keep ids from
changing a path and the API key from leaving the API's origin."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# The base-URL rules are written once in the contract, which pull reads too; they are this
# module's to offer.
from ._contract import (
    BASE_URL_ENV,
    DEFAULT_BASE_URL,
    MODEL_API_BASE_ENV,
    is_model_id,
    model_id_problem,
    normalise_base_url,
    resolve_base_url,
)
from ._errors import ConfigurationError, InvalidIdentifierError
from ._redaction import contains_secret, excerpt

__all__ = [
    "BASE_URL_ENV",
    "DEFAULT_BASE_URL",
    "MODEL_API_BASE_ENV",
    "Endpoints",
    "check_model_id",
    "check_request_id",
    "is_model_id",
    "is_request_id",
    "normalise_base_url",
    "origin_of",
    "resolve_base_url",
]


# RunComfy's own tools validate request ids with this pattern.
_REQUEST_ID = re.compile(r"[A-Za-z0-9_-]{1,128}")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def check_request_id(request_id: object) -> str:
    """Return ``request_id`` if it matches ``[A-Za-z0-9_-]{1,128}`` and is not an API key in
    use (a key pasted where an id goes would end up in URLs and messages), else raise."""
    if not isinstance(request_id, str) or not is_request_id(request_id):
        raise InvalidIdentifierError(
            f"invalid request id {excerpt(repr(request_id), 80)}: expected 1 to 128 characters "
            "of A-Z, a-z, 0-9, '_' or '-' (as returned by submit)"
        )
    if contains_secret(request_id):
        raise InvalidIdentifierError(
            "invalid request id: it holds the API key; pass the request_id that submit returned"
        )
    return request_id


def check_model_id(model_id: object) -> str:
    """Return ``model_id`` if it follows the model-id rule (``_contract.model_id_problem``), else
    raise; the rule keeps an id from changing the URL path (no ``..``, ``?``, ``%``, ...)."""
    problem = model_id_problem(model_id)
    if problem is None and isinstance(model_id, str):
        return model_id
    raise InvalidIdentifierError(
        f"invalid {problem}; a model id looks like 'wan-ai/wan-2-6/image-to-image'"
    )


def is_request_id(request_id: str) -> bool:
    """True when ``request_id`` matches ``[A-Za-z0-9_-]{1,128}`` (the fake server uses this too)."""
    return _REQUEST_ID.fullmatch(request_id) is not None


@functools.lru_cache(maxsize=1024)  # every request's URL is checked: a job's are asked often
def origin_of(url: str) -> tuple[str, str, int] | None:
    """``(scheme, host, port)`` of an http(s) URL, default ports filled in; None otherwise."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port or _DEFAULT_PORTS[scheme]


@dataclass(frozen=True, slots=True)
class Endpoints:
    """The API's URLs under one base URL (which may carry a path prefix, e.g. behind a proxy)."""

    base_url: str

    @classmethod
    def parse(cls, base_url: str) -> Endpoints:
        """Validate and normalise a base URL (http or https, no query or fragment; a trailing
        ``/v1`` is dropped, see ``normalise_base_url``)."""
        parts = urlsplit(base_url)
        if (
            origin_of(base_url) is None
            or parts.query
            or parts.fragment
            or parts.username
            or not base_url.isprintable()  # urlsplit drops tabs and newlines; httpx would not
            or " " in base_url
        ):
            raise ConfigurationError(
                f"invalid base_url {base_url!r}: expected an http(s) URL such as {DEFAULT_BASE_URL}"
            )
        return cls(normalise_base_url(base_url))

    @property
    def origin(self) -> tuple[str, str, int]:
        origin = origin_of(self.base_url)
        assert origin is not None  # checked by parse()
        return origin

    def is_same_origin(self, url: str) -> bool:
        """True when ``url`` is on the API's origin, the only place the API key may go."""
        # Fast path for the URLs built here: after the base URL and a "/", the rest is a path
        # (the base URL has no userinfo, query or fragment), so the origin is the base's.
        return url.startswith(f"{self.base_url}/") or origin_of(url) == self.origin

    def submit(self, model_id: str) -> str:
        # The slashes of a model id are path separators on RunComfy's side: sent unescaped.
        return f"{self.base_url}/v1/models/{check_model_id(model_id)}"

    def request(self, request_id: str, leaf: str) -> str:
        """``/v1/requests/{id}/{leaf}`` for leaf ``status``, ``result`` or ``cancel``."""
        return f"{self.base_url}/v1/requests/{check_request_id(request_id)}/{leaf}"
