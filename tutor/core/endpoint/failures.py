"""Turning whatever the SDK or the network raised into one typed error with a one-line fix."""

from __future__ import annotations

import re
import socket
from typing import Any
from urllib.parse import urlsplit

from tutor.core.endpoint.spec import NO_KEY, EndpointSpec
from tutor.core.errors import (
    BadRequest,
    CannotConnect,
    ConnectionDropped,
    ContextOverflow,
    EndpointError,
    HostNotFound,
    KeyRejected,
    MalformedChunk,
    ModelNotFound,
    QuotaExhausted,
    RateLimited,
    RequestTimedOut,
    RolesRejected,
    ServerFailed,
)

_WINDOW_PATTERNS = (
    re.compile(r"maximum context length is (\d[\d,]*) tokens", re.I),
    re.compile(r"context (?:window|size|length)[^\d]{0,40}(\d[\d,]*)", re.I),
    re.compile(r"n_ctx[\"'=: ]+(\d+)", re.I),
)
_REQUESTED_PATTERNS = (
    re.compile(r"you requested (\d[\d,]*) tokens", re.I),
    re.compile(r"request has (\d[\d,]*) input tokens", re.I),
    re.compile(r"n_prompt_tokens[\"'=: ]+(\d+)", re.I),
    re.compile(r"\((\d[\d,]*) tokens\) exceeds", re.I),
)


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def seconds(value: float) -> str:
    """A duration for a message: '30 s', '0.5 s'."""
    return f"{value:g} s"


def _host(spec: EndpointSpec) -> str:
    return urlsplit(spec.base_url).hostname or spec.base_url


def _number(text: str, patterns: tuple[re.Pattern[str], ...]) -> int | None:
    for pattern in patterns:
        found = pattern.search(text)
        if found:
            return int(found.group(1).replace(",", ""))
    return None


def _server_message(body: Any, fallback: str) -> str:
    """The human part of an error body, squeezed onto one short line."""
    text = ""
    if isinstance(body, dict):
        inner = body.get("error", body)
        text = str(inner.get("message") if isinstance(inner, dict) else inner or "")
    text = text or fallback
    text = " ".join(text.split())
    return text[:200] + ("…" if len(text) > 200 else "")


def overflow_from(body: Any, text: str) -> ContextOverflow | None:
    """A context overflow in OpenAI's, llama.cpp's or vLLM's words, with the numbers parsed out."""
    inner = body.get("error", body) if isinstance(body, dict) else {}
    inner = inner if isinstance(inner, dict) else {}
    code = str(inner.get("code") or "")
    kind = str(inner.get("type") or "")
    lowered = text.lower()
    hit = (
        code == "context_length_exceeded"
        or kind == "exceed_context_size_error"
        or "maximum context length" in lowered
        or "context window" in lowered
        or "exceeds the available context size" in lowered
        or "context size" in lowered
    )
    if not hit:
        return None
    window = inner.get("n_ctx") if isinstance(inner.get("n_ctx"), int) else None
    window = window or _number(text, _WINDOW_PATTERNS)
    requested = (
        inner.get("n_prompt_tokens") if isinstance(inner.get("n_prompt_tokens"), int) else None
    )
    requested = requested or _number(text, _REQUESTED_PATTERNS)
    size = f"the model's window ({window:,} tokens)" if window else "the model's window"
    asked = f" — the request needed {requested:,}" if requested else ""
    return ContextOverflow(
        f"the conversation is longer than {size}{asked}; tutor trims older turns and retries "
        "once — if this persists, set context_window for this endpoint",
        window=window,
        requested=requested,
    )


# What chat templates say when they refuse roles (Gemma, Mistral, llama.cpp's --jinja checks).
_ROLES_REFUSED = re.compile(
    r"system role not supported|roles must alternate|only user and assistant roles"
    r"|system message (must|should) be (at the beginning|first)|unexpected role",
    re.IGNORECASE,
)


def status_error(spec: EndpointSpec, status: int, body: Any, headers: Any) -> EndpointError:
    """Map an HTTP error status from the server."""
    message = _server_message(body, f"HTTP {status}")
    if status in (400, 422, 500) and _ROLES_REFUSED.search(message):
        return RolesRejected(
            f"the model's chat template refused the messages ({status}): {message} — even "
            "with the persona folded into your turns; give the server another chat template "
            "for this model, or use another model"
        )
    if status == 400:
        return overflow_from(body, message) or BadRequest(
            f"the server refused the request (400): {message} — check the model and parameters"
        )
    if status == 401:
        if spec.key_source == "none" and spec.origin == "url":
            return KeyRejected(
                f"the server wants an API key (401); tutor sends keys only to configured "
                f"endpoints — add {spec.base_url} under 'endpoints:' in the config with "
                "api_key_env"
            )
        if spec.key_source == "none":
            return KeyRejected(
                f"the server wants an API key (401) and none is set for '{spec.name}' — set "
                "api_key_env for this endpoint (or export OPENAI_API_KEY)"
            )
        where = (
            f"${spec.key_source[4:]}"
            if spec.key_source.startswith("env:")
            else f"api_key of endpoint '{spec.name}'"
        )
        return KeyRejected(
            f"the server rejected the API key (401; key from {where}) — check the key, or set "
            "api_key_env for this endpoint"
        )
    if status == 403:
        return KeyRejected(
            f"access denied (403) for model '{spec.model}': {message} — check the key's "
            "permissions or pick another model with --model"
        )
    if status == 404:
        return ModelNotFound(
            f"model '{spec.model}' not found at {spec.base_url} ({message}) — pick one with "
            "--model; `tutor models` lists them",
            said=message,
        )
    if status == 413:
        return overflow_from(body, message) or BadRequest(
            f"the request is too large (413): {message}"
        )
    if status == 429 and _code(body) == "insufficient_quota":
        return QuotaExhausted(
            f"the account is out of credit (429): {message} — check its plan and billing, or "
            "use another endpoint"
        )
    if status == 429:
        wait = retry_after(headers)
        when = f"retry after {wait:.0f} s" if wait is not None else "wait a moment and retry"
        return RateLimited(f"rate limited by the server (429): {message} — {when}", wait)
    if status >= 500:
        return ServerFailed(
            f"the server failed ({status}): {message} — try again in a moment", status
        )
    return BadRequest(f"the server answered {status}: {message}")


def _code(body: Any) -> str:
    inner = body.get("error", body) if isinstance(body, dict) else None
    return str(inner.get("code") or inner.get("type") or "") if isinstance(inner, dict) else ""


def retry_after(headers: Any) -> float | None:
    if headers is None:
        return None
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            return max(0.0, float(value) * scale)
        except ValueError:
            continue
    return None


def network_error(spec: EndpointSpec, exc: BaseException, *, streaming: bool) -> EndpointError:
    """Map a transport failure (no HTTP status) before or during the stream."""
    chain = _chain(exc)
    names = " ".join(type(e).__name__ for e in chain)
    text = " ".join(str(e) for e in chain).lower()
    if (
        any(isinstance(e, socket.gaierror) for e in chain)
        or "name or service not known" in text
        or ("nodename nor servname" in text or "name resolution" in text or "getaddrinfo" in text)
    ):
        return HostNotFound(
            f"cannot resolve host '{_host(spec)}' — check base_url ({spec.base_url}) for typos "
            "and your network"
        )
    if "Timeout" in names or "timed out" in text:
        if streaming:
            return ConnectionDropped(
                f"the reply stopped: no data for {seconds(spec.stall_timeout)} — the partial reply "
                "is kept; retry, or raise stall_timeout for this endpoint"
            )
        return RequestTimedOut(
            f"no answer from {spec.base_url} within {seconds(spec.timeout)} — the server may be "
            "busy or loading the model; retry, or raise timeout for this endpoint"
        )
    if streaming:
        return ConnectionDropped(
            "the connection dropped in the middle of the reply — the partial reply is kept; "
            "retry to get a whole one"
        )
    return CannotConnect(
        f"cannot connect to {spec.base_url} — is the server running? Start it, or fix base_url "
        "(`tutor doctor` checks the setup)"
    )


def malformed(spec: EndpointSpec, detail: str) -> MalformedChunk:
    return MalformedChunk(
        f"the server sent a malformed stream chunk ({detail[:80]}) — the partial reply is kept; "
        f"check that {spec.base_url} is an OpenAI-compatible endpoint"
    )


KEY_SHOWN_AS = "[API key]"


def without_key(error: EndpointError, spec: EndpointSpec) -> EndpointError:
    """The error with the endpoint's key blanked out of its text: some servers echo it back."""
    key = spec.api_key
    if key == NO_KEY or len(key) < 8 or key not in error.message:
        return error
    error.message = error.message.replace(key, KEY_SHOWN_AS)
    error.args = (error.message,)
    return error
