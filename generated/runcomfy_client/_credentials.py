# generated from templates/runtime/_credentials.py by runcomfy-codegen; do not edit
"""Where the API key comes from: one order for ``RunComfy()``, ``AsyncRunComfy()`` and the CLI.

1. ``api_key=...`` (the CLI has no option for it: a key on a command line ends up in shell history)
2. ``RUNCOMFY_API_KEY``
3. ``RUNCOMFY_TOKEN``, the variable RunComfy's own CLI reads in CI and containers
4. the token file RunComfy's own CLI writes on ``runcomfy login``: ``token.json`` in
   ``$RUNCOMFY_CONFIG_DIR``, else ``$XDG_CONFIG_HOME/runcomfy``, else ``~/.config/runcomfy``;
   JSON ``{"access_token", "refresh_token"?, "expires_at"? (unix seconds), "user_email"?}``.

The first source that is set wins; later ones are not read. A token whose ``expires_at`` has
passed is never sent, and a token file that cannot be read is reported by its path: in both cases
requests raise ``AuthenticationError`` saying what to do (``problem_at``), before anything is sent.
Which source was used is logged when a client is built (debug, logger ``runcomfy_client``) and
shown by ``runcomfy-py auth``; the key itself never is.

Standard library only, no relative import: ``runcomfy-codegen pull`` reads this file by path
(``generator/runtime.py``), so pulling uses the same key as the client.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "API_KEY_ENV",
    "CONFIG_DIR_ENV",
    "TOKEN_ENV",
    "Credentials",
    "config_dir",
    "resolve_credentials",
]

API_KEY_ENV = "RUNCOMFY_API_KEY"
TOKEN_ENV = "RUNCOMFY_TOKEN"
CONFIG_DIR_ENV = "RUNCOMFY_CONFIG_DIR"
TOKEN_FILE = "token.json"
# A token file is a few hundred bytes; anything much larger is not one.
_MAX_TOKEN_FILE_BYTES = 1 << 20

_HOW_TO_FIX = (
    f"pass api_key=..., set {API_KEY_ENV} (or {TOKEN_ENV}), "
    "or sign in with RunComfy's CLI (`runcomfy login`)"
)


@dataclass(frozen=True, slots=True)
class Credentials:
    """The key to send and where it came from; ``problem`` says why there is none to send.

    ``source`` is ``"api_key"``, ``"RUNCOMFY_API_KEY"``, ``"RUNCOMFY_TOKEN"``, ``"token file"``
    or ``"none"``; ``token_file`` is the file read (or looked for). The key is never shown.
    """

    key: str | None = field(repr=False)
    source: str
    problem: str | None = None
    token_file: Path | None = None
    expires_at: float | None = None
    user_email: str | None = None

    @classmethod
    def given(cls, key: str | None, source: str = "api_key") -> Credentials:
        """A key passed in as is (from ``source``); None or blank means there is none."""
        if key is None or not key.strip():
            problem = f"no RunComfy API key: {_HOW_TO_FIX}"
            return cls(
                key=None, source="none", problem=problem if key is None else f"{source} is empty"
            )
        # Not stripped: a key with spaces or line breaks is refused by the client, not mended.
        return cls(key=key, source=source)

    def describe(self) -> str:
        """Where the key comes from, for people (never the key itself)."""
        if self.source == "token file":
            who = f" ({self.user_email})" if self.user_email else ""
            return f"token file {self.token_file}{who}"
        if self.source == "api_key":
            return "the api_key argument"
        return self.source

    def problem_at(self, now: float) -> str | None:
        """Why no key can be sent at wall-clock time ``now`` (none, unreadable, or expired: an
        expired token is not sent), or None when ``key`` can be."""
        if self.key is None:
            return self.problem or f"no RunComfy API key: {_HOW_TO_FIX}"
        if self.expires_at is not None and self.expires_at <= now:
            return (
                f"the token in {self.token_file} expired; run `runcomfy login` (RunComfy's CLI) "
                f"to sign in again, or set {API_KEY_ENV}"
            )
        return None


def config_dir(environ: Mapping[str, str] | None = None) -> Path:
    """RunComfy's CLI's config folder: ``$RUNCOMFY_CONFIG_DIR``, else
    ``$XDG_CONFIG_HOME/runcomfy``, else ``~/.config/runcomfy`` (the same on every OS)."""
    env = os.environ if environ is None else environ
    if env.get(CONFIG_DIR_ENV):
        return Path(env[CONFIG_DIR_ENV])
    if env.get("XDG_CONFIG_HOME"):
        return Path(env["XDG_CONFIG_HOME"]) / "runcomfy"
    home = env.get("HOME") or str(Path.home())
    return Path(home) / ".config" / "runcomfy"


def resolve_credentials(
    api_key: str | None = None, *, environ: Mapping[str, str] | None = None
) -> Credentials:
    """The credentials to use, in the order of this module's docstring. Never raises: a
    missing, expired or unreadable key is returned as ``problem`` and raised at the first
    request (so a client can be built, and the package imported, without a key)."""
    env = os.environ if environ is None else environ
    if api_key is not None:
        return Credentials.given(api_key)
    return _from_environment(env) or _from_token_file(config_dir(env) / TOKEN_FILE)


def _none(problem: str, token_file: Path | None = None) -> Credentials:
    return Credentials(key=None, source="none", problem=problem, token_file=token_file)


def _from_environment(env: Mapping[str, str]) -> Credentials | None:
    for name in (API_KEY_ENV, TOKEN_ENV):
        value = env.get(name, "")
        if name == TOKEN_ENV:
            value = value.strip()  # as RunComfy's CLI reads it
        if value.strip():
            return Credentials.given(value, name)
    return None


def _from_token_file(path: Path) -> Credentials:
    try:
        if not path.exists():
            return _none(
                f"no RunComfy API key: {_HOW_TO_FIX}; `runcomfy login` writes {path}", path
            )
        with path.open("rb") as handle:
            raw = handle.read(_MAX_TOKEN_FILE_BYTES + 1)
    except OSError as exc:
        return _none(_bad_file(path, f"cannot be read ({exc.strerror or exc})"), path)
    if len(raw) > _MAX_TOKEN_FILE_BYTES:
        return _none(_bad_file(path, "is too large to be a token file"), path)
    try:
        data: Any = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        return _none(_bad_file(path, f"is not JSON ({exc})"), path)
    problem = _token_shape_problem(data)
    if problem is not None:
        return _none(_bad_file(path, problem), path)
    expires = data.get("expires_at")
    return Credentials(
        key=data["access_token"],
        source="token file",
        token_file=path,
        expires_at=None if expires is None else float(expires),
        user_email=data.get("user_email"),
    )


def _token_shape_problem(data: Any) -> str | None:
    if not isinstance(data, dict):
        return f"holds a JSON {type(data).__name__}, not an object"
    token = data.get("access_token")
    if not isinstance(token, str) or not token.strip():
        return "has no access_token string"
    expires = data.get("expires_at")
    if expires is not None and (isinstance(expires, bool) or not isinstance(expires, int | float)):
        return f"expires_at must be unix seconds (a number), not {expires!r}"
    for name in ("refresh_token", "user_email"):
        if data.get(name) is not None and not isinstance(data[name], str):
            return f"{name} must be a string"
    return None


def _bad_file(path: Path, what: str) -> str:
    return (
        f"token file {path} {what}; sign in again with `runcomfy login` (RunComfy's CLI), "
        f"fix or remove the file, or set {API_KEY_ENV}"
    )
