"""What a server tells about itself: its context window and whether it can count tokens for us."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tutor.core.endpoint.client import ModelClient

OLLAMA_DEFAULT_WINDOW = 4096  # what Ollama allocates unless told otherwise (FACTS.md)


@dataclass(frozen=True)
class ServerFacts:
    """The window the server reported (None if it did not) and its counting route."""

    window: int | None
    counting: str | None  # "llamacpp" | "vllm" | "llama-cpp-python" | None
    told_by: str = ""


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def window_in_model_entry(entry: dict[str, Any]) -> tuple[int | None, str]:
    """A window from one ``/v1/models`` entry, in any of the shapes servers use."""
    meta: dict[str, Any] = entry["meta"] if isinstance(entry.get("meta"), dict) else {}
    for value, who in (
        (meta.get("n_ctx"), "llama.cpp /v1/models"),
        (entry.get("max_model_len"), "vLLM /v1/models"),
        (entry.get("loaded_context_length"), "LM Studio"),
        (entry.get("context_length"), "/v1/models context_length"),
        (entry.get("context_window"), "/v1/models context_window"),
        (entry.get("max_context_length"), "LM Studio"),
    ):
        if _int(value):
            return value, who
    return None, ""


def _pick(entries: list[dict[str, Any]], model: str | None) -> dict[str, Any] | None:
    for entry in entries:
        if entry.get("id") == model:
            return entry
    return entries[0] if len(entries) == 1 else None


async def discover(client: ModelClient) -> ServerFacts:
    """Ask the server for its window and counting route (a few fast GETs, all best effort)."""
    spec = client.spec
    root = spec.root_url
    try:
        entries = await client.model_list()
    except Exception:  # an endpoint that cannot list models may still chat
        entries = []
    entry = _pick(entries, spec.model) or {}
    window, told_by = window_in_model_entry(entry)
    props, show, ps, lmstudio, extras = await asyncio.gather(
        client.fetch_json(f"{root}/props"),
        client.fetch_json(f"{root}/api/show", {"model": spec.model}) if not window else _none(),
        client.fetch_json(f"{root}/api/ps") if not window else _none(),
        client.fetch_json(f"{root}/api/v0/models") if not window else _none(),
        client.fetch_json(f"{root}/extras/tokenize/count", {"input": "a"}),
    )
    counting = None
    if isinstance(props, dict):
        settings = props.get("default_generation_settings") or {}
        n_ctx = _int(settings.get("n_ctx")) if isinstance(settings, dict) else None
        n_ctx = n_ctx or _int(props.get("n_ctx"))
        if n_ctx:
            counting = "llamacpp"
            window, told_by = window or n_ctx, told_by or "llama.cpp /props"
    if counting is None and _int(entry.get("max_model_len")):
        counting = "vllm"
    if counting is None and isinstance(extras, dict) and isinstance(extras.get("count"), int):
        counting = "llama-cpp-python"
    if not window:
        window, told_by = _from_ollama(show, ps, spec.model) or _from_lmstudio(lmstudio, spec.model)
    return ServerFacts(window or None, counting, told_by)


async def _none() -> None:
    return None


def _from_ollama(show: Any, ps: Any, model: str | None) -> tuple[int | None, str] | None:
    if not isinstance(show, dict) or not isinstance(show.get("model_info"), dict):
        return None
    if isinstance(ps, dict):
        for loaded in ps.get("models") or []:
            named = isinstance(loaded, dict) and loaded.get("name") in (model, f"{model}:latest")
            if named and _int(loaded.get("context_length")):
                return loaded["context_length"], "Ollama /api/ps"
    trained = [v for k, v in show["model_info"].items() if k.endswith(".context_length")]
    limit = min([OLLAMA_DEFAULT_WINDOW, *[t for t in trained if _int(t)]])
    return limit, "Ollama default window"


def _from_lmstudio(listing: Any, model: str | None) -> tuple[int | None, str]:
    if isinstance(listing, dict):
        for entry in listing.get("data") or []:
            if isinstance(entry, dict) and entry.get("id") == model:
                return window_in_model_entry(entry)
    return None, ""


class ServerCounter:
    """Counts content tokens with the server's own tokenizer (exact for that model)."""

    def __init__(self, client: ModelClient, route: str) -> None:
        self.client = client
        self.route = route
        self.key = f"server:{client.spec.root_url} {client.spec.model}"
        self.exact = True
        self.source = f"the server's tokenizer ({route} tokenize route)"

    async def count_texts(self, texts: Sequence[str]) -> list[int]:
        gate = asyncio.Semaphore(8)

        async def one(text: str) -> int:
            async with gate:
                return await self._count(text)

        return list(await asyncio.gather(*(one(t) for t in texts)))

    async def _count(self, text: str) -> int:
        root, model = self.client.spec.root_url, self.client.spec.model
        if self.route == "llama-cpp-python":
            reply = await self.client.fetch_json(f"{root}/extras/tokenize/count", {"input": text})
            count = reply.get("count") if isinstance(reply, dict) else None
        elif self.route == "vllm":
            body = {"model": model, "prompt": text, "add_special_tokens": False}
            reply = await self.client.fetch_json(f"{root}/tokenize", body)
            count = reply.get("count") if isinstance(reply, dict) else None
        else:
            reply = await self.client.fetch_json(f"{root}/tokenize", {"content": text})
            tokens = reply.get("tokens") if isinstance(reply, dict) else None
            count = len(tokens) if isinstance(tokens, list) else None
        if not isinstance(count, int):
            raise LookupError(f"the server's {self.route} tokenize route did not answer")
        return count
