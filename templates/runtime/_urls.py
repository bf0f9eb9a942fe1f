"""Where requests go: the base URL, the four endpoint paths, and the checks that keep ids from
changing a path and the API key from leaving the API's origin."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from ._errors import InvalidIdentifierError

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

DEFAULT_BASE_URL = "https://model-api.runcomfy.net"
BASE_URL_ENV = "RUNCOMFY_BASE_URL"
"""Ours: the API's base URL without ``/v1`` (with it is accepted too)."""
MODEL_API_BASE_ENV = "RUNCOMFY_MODEL_API_BASE"
"""RunComfy's own CLI's: the base URL *with* ``/v1`` (without it is accepted too)."""

# RunComfy's own tools validate request ids with this pattern.
_REQUEST_ID = re.compile(r"[A-Za-z0-9_-]{1,128}")
# A model id is 2+ slash-separated segments such as "bytedance/seedance-2.5/image-to-video/1080p".
# A segment starts with a letter or digit, so "." and ".." (path traversal) cannot be one, and
# "%", "?", "#", "\" and spaces are never allowed, so nothing can be smuggled into the path.
_MODEL_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def check_request_id(request_id: object) -> str:
    """Return ``request_id`` if it matches ``[A-Za-z0-9_-]{1,128}``, else raise."""
    if not isinstance(request_id, str) or not is_request_id(request_id):
        raise InvalidIdentifierError(
            f"invalid request id {request_id!r}: expected 1 to 128 characters of "
            "A-Z, a-z, 0-9, '_' or '-' (as returned by submit)"
        )
    return request_id


def check_model_id(model_id: object) -> str:
    """Return ``model_id`` if it is 2+ safe slash-separated segments, else raise."""
    if not isinstance(model_id, str) or not is_model_id(model_id):
        raise InvalidIdentifierError(
            f"invalid model id {model_id!r}: expected slash-separated segments of letters, digits, "
            "'.', '_' or '-', such as 'wan-ai/wan-2-6/image-to-image'"
        )
    return model_id


def is_request_id(request_id: str) -> bool:
    """True when ``request_id`` matches ``[A-Za-z0-9_-]{1,128}`` (the fake server uses this too)."""
    return _REQUEST_ID.fullmatch(request_id) is not None


def is_model_id(model_id: str) -> bool:
    """True when ``model_id`` is 2+ segments that cannot change a URL path (no ``..``, ``?``, ...)."""
    segments = model_id.split("/")
    return len(segments) >= 2 and all(_MODEL_SEGMENT.fullmatch(s) for s in segments)


def normalise_base_url(base_url: str) -> str:
    """``base_url`` without trailing slashes and without one trailing ``/v1``.

    Every request path starts with ``/v1``; RunComfy's own CLI spells its base URL with it
    (``https://model-api.runcomfy.net/v1``), ours without. Both spellings mean the same API, so
    ``http://host/v1`` never turns into requests for ``/v1/v1/...``.
    """
    url = base_url.strip().rstrip("/")
    if url[-3:].lower() == "/v1":
        url = url[:-3].rstrip("/")
    return url


def resolve_base_url(
    explicit: str | None = None, environ: Mapping[str, str] | None = None
) -> tuple[str, str]:
    """The base URL to use and where it came from (for a log line or ``runcomfy-py auth``).

    ``explicit`` (``base_url=``, ``--base-url``), else ``RUNCOMFY_BASE_URL``, else RunComfy's CLI's
    ``RUNCOMFY_MODEL_API_BASE``, else the public API. Not validated here: ``Endpoints.parse`` does.
    """
    env = os.environ if environ is None else environ
    if explicit:
        return explicit, "base_url"
    for name in (BASE_URL_ENV, MODEL_API_BASE_ENV):
        value = env.get(name, "").strip()
        if value:
            return value, name
    return DEFAULT_BASE_URL, "default"


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
        if origin_of(base_url) is None or parts.query or parts.fragment or parts.username:
            raise ValueError(
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
        return origin_of(url) == self.origin

    def submit(self, model_id: str) -> str:
        # The slashes of a model id are path separators on RunComfy's side: sent unescaped.
        return f"{self.base_url}/v1/models/{check_model_id(model_id)}"

    def request(self, request_id: str, leaf: str) -> str:
        """``/v1/requests/{id}/{leaf}`` for leaf ``status``, ``result`` or ``cancel``."""
        return f"{self.base_url}/v1/requests/{check_request_id(request_id)}/{leaf}"

    def pick(self, server_url: object, request_id: str, leaf: str) -> str:
        """The URL the server returned, when it is safe to send the key there; else our own.

        A server-returned URL is used only if it is on the API origin and ends with the path we
        would build ourselves, so neither the key nor the request can be steered elsewhere.
        """
        ours = self.request(request_id, leaf)
        if not isinstance(server_url, str) or not self.is_same_origin(server_url):
            return ours
        path = urlsplit(server_url).path
        expected_tail = f"/v1/requests/{request_id}/{leaf}"
        if not path.endswith(expected_tail) or urlsplit(server_url).fragment:
            return ours
        return server_url
