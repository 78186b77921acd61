"""Which endpoint a command talks to: --endpoint, the config, the environment or a probe.

A key goes only where it was configured to go: an endpoint's ``api_key``/``api_key_env`` to that
endpoint's ``base_url``, ``OPENAI_API_KEY`` to ``OPENAI_BASE_URL`` (else the OpenAI API). A URL
from anywhere else (``--endpoint URL``, a stored or imported session) gets no key unless it is
one of those places (``tutor.core.endpoint.destinations``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tutor.core.config.file import DEFAULT_STALL_TIMEOUT, DEFAULT_TIMEOUT, Config, EndpointConfig
from tutor.core.endpoint.destinations import same_place
from tutor.core.errors import NoEndpoint, UsageError

if TYPE_CHECKING:
    from tutor.core.store import SessionInfo

OPENAI_URL = "https://api.openai.com/v1"
OPENAI_DEFAULT_MODEL = "gpt-4o-mini"
NO_KEY = "not-needed"  # local servers ignore the key, but the SDK wants one


@dataclass(frozen=True)
class EndpointSpec:
    """A resolved endpoint: where to send requests, which model, and how (never print api_key)."""

    name: str
    base_url: str
    model: str | None
    api_key: str = field(default=NO_KEY, repr=False)
    key_source: str = "none"  # "config", "env:NAME", "none" — for messages, never the key
    context_window: int | None = None
    timeout: float = DEFAULT_TIMEOUT
    stall_timeout: float = DEFAULT_STALL_TIMEOUT
    headers: dict[str, str] = field(default_factory=dict)
    origin: str = "config"  # config | url | env | probe
    note: str = ""  # said once to the user when this endpoint is used (e.g. "no key is sent")

    @property
    def root_url(self) -> str:
        """The server's root (base_url without a trailing /v1), for non-OpenAI routes."""
        url = self.base_url.rstrip("/")
        return url[: -len("/v1")] if url.endswith("/v1") else url

    def with_model(self, model: str | None) -> EndpointSpec:
        return replace(self, model=model) if model else self


def normalise_url(url: str) -> str:
    """Trim a trailing slash; a bare host gets the usual ``/v1`` path."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"'{url}' is not a URL — use e.g. http://127.0.0.1:8080/v1")
    return url if parts.path not in ("", "/") else url + "/v1"


def from_config(entry: EndpointConfig) -> EndpointSpec:
    key, source = NO_KEY, "none"
    if entry.api_key:
        key, source = entry.api_key, "config"
    elif entry.api_key_env:
        value = os.environ.get(entry.api_key_env)
        if not value:
            raise UsageError(
                f"endpoint '{entry.name}' reads its key from ${entry.api_key_env}, which is "
                f"not set — export {entry.api_key_env}=<your key>"
            )
        key, source = value, f"env:{entry.api_key_env}"
    return EndpointSpec(
        name=entry.name,
        base_url=entry.base_url,
        model=entry.model,
        api_key=key,
        key_source=source,
        context_window=entry.context_window,
        timeout=entry.timeout,
        stall_timeout=entry.stall_timeout,
        headers=dict(entry.headers),
        origin="config",
    )


def from_environment() -> EndpointSpec | None:
    """OPENAI_BASE_URL / OPENAI_API_KEY, when either is set."""
    base = os.environ.get("OPENAI_BASE_URL")
    key = os.environ.get("OPENAI_API_KEY")
    if not base and not key:
        return None
    url = normalise_url(base) if base else OPENAI_URL
    model = os.environ.get("TUTOR_MODEL") or (OPENAI_DEFAULT_MODEL if url == OPENAI_URL else None)
    return EndpointSpec(
        name="env",
        base_url=url,
        model=model,
        api_key=key or NO_KEY,
        key_source="env:OPENAI_API_KEY" if key else "none",
        origin="env",
    )


def chosen_by_user(config: Config, choice: str | None) -> EndpointSpec | None:
    """The endpoint named by ``--endpoint`` (a config name or a URL) or the config's default."""
    if choice:
        if choice in config.endpoints:
            return from_config(config.endpoints[choice])
        if "://" in choice:
            return from_url(config, choice)
        names = ", ".join(config.endpoints) or "none are configured"
        raise UsageError(
            f"no endpoint named '{choice}' in {config.path} ({names}) — give a name or a URL"
        )
    if config.default_endpoint:
        return from_config(config.endpoints[config.default_endpoint])
    if len(config.endpoints) == 1:
        return from_config(next(iter(config.endpoints.values())))
    if config.endpoints:
        names = ", ".join(config.endpoints)
        raise UsageError(
            f"{config.path} has several endpoints ({names}) and no default_endpoint — "
            "set default_endpoint or pass --endpoint NAME"
        )
    return None


def from_url(config: Config, given: str) -> EndpointSpec:
    """A URL from outside the config: the configured endpoint (or environment) it is, else a
    keyless endpoint — with a note when that means a key tutor holds is not sent."""
    url = normalise_url(given)
    for entry in config.endpoints.values():
        if same_place(given, entry.base_url) or same_place(url, entry.base_url):
            return from_config(entry)
    env = from_environment()
    if env is not None and env.key_source != "none" and same_place(url, env.base_url):
        return env
    keys = bool(os.environ.get("OPENAI_API_KEY")) or any(
        e.api_key or e.api_key_env for e in config.endpoints.values()
    )
    note = (
        f"{url} is not an endpoint in {config.path}, so requests to it go out without an API "
        "key — add it under 'endpoints:' with api_key_env to send one"
        if keys
        else ""
    )
    return EndpointSpec(
        name=url,
        base_url=url,
        model=os.environ.get("TUTOR_MODEL"),
        origin="url",
        note=note,
    )


def resume_on(config: Config, found: EndpointSpec, session: SessionInfo) -> EndpointSpec:
    """The endpoint a stored session goes on with, given the one ``found`` for it: its model
    when ``found`` is the session's own endpoint; else ``found``'s model and a note, said once
    (the session then names ``found``). A session never chooses a URL: it names its endpoint
    by the config's name, and a name that is not configured (an imported file's) is not used.
    """
    if found.name == session.endpoint:
        return found.with_model(session.model or None)
    was = f"'{session.endpoint}'" if session.endpoint else "no endpoint"
    why = (
        ""
        if session.endpoint in config.endpoints
        else f", which is not an endpoint in {config.path}"
    )
    model = f", model {found.model}" if found.model else ""
    note = f"session {session.id} was on {was}{why} — it goes on with '{found.name}'"
    return replace(found, note=f"{note} ({found.base_url}{model})")


def nothing_found(config: Config, tried: list[str]) -> NoEndpoint:
    ports = ", ".join(tried)
    return NoEndpoint(
        f"no model server found: no endpoint in {config.path}, OPENAI_BASE_URL and "
        f"OPENAI_API_KEY unset, nothing answering on {ports} — add an endpoint to the config "
        "(see README, 'Endpoints'), export OPENAI_API_KEY, or start a local server"
    )
