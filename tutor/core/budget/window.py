"""An endpoint+model's context window: config (unless proven smaller), learned, server, table."""

from __future__ import annotations

from dataclasses import dataclass

from tutor.core.budget.facts import EndpointFacts
from tutor.core.endpoint.client import ModelClient
from tutor.core.endpoint.spec import EndpointSpec

DEFAULT_WINDOW = 8192

# Input windows of well-known hosted models (tokens), from their providers' model pages.
KNOWN_WINDOWS: tuple[tuple[str, int], ...] = (
    ("gpt-5", 272_000),
    ("gpt-4.1", 1_047_576),
    ("gpt-4o", 128_000),
    ("gpt-4-turbo", 128_000),
    ("gpt-4-32k", 32_768),
    ("gpt-4", 8_192),
    ("gpt-3.5-turbo", 16_385),
    ("o1-mini", 128_000),
    ("o1", 200_000),
    ("o3", 200_000),
    ("o4-mini", 200_000),
    ("claude", 200_000),
    ("gemini-1.5", 1_000_000),
    ("gemini-2", 1_000_000),
)


@dataclass(frozen=True)
class Window:
    """A window size and where it came from (shown in the meter and `tutor doctor`)."""

    tokens: int
    source: str  # config | learned | server | table | default

    def describe(self) -> str:
        words = {
            "config": "from the config",
            "learned": "learned from an overflow error",
            "server": "reported by the server",
            "table": "known for this model",
            "default": "a default guess",
        }
        return f"{self.tokens:,} tokens ({words.get(self.source, self.source)})"


def known_window(model: str | None) -> int | None:
    """The table's window for a model name, ignoring a provider prefix (``openai/gpt-4o``)."""
    if not model:
        return None
    name = model.rsplit("/", 1)[-1].lower()
    for prefix, size in KNOWN_WINDOWS:
        if name.startswith(prefix):
            return size
    return None


async def resolve_window(
    spec: EndpointSpec, facts: EndpointFacts, client: ModelClient | None
) -> tuple[Window, str | None]:
    """The window to budget for, and the server's counting route if it has one.

    The server is asked at most once an hour (the answer is kept in the facts file) — also
    when the config names the window, since the counting route is worth knowing either way.
    """
    key = facts.key(spec.base_url, spec.model)
    entry = facts.get(key)
    counting = entry.get("counting_route") if isinstance(entry.get("counting_route"), str) else None
    discovered = facts.discovered_window(key)
    if discovered is None and not facts.discovered_nothing(key) and client is not None:
        from tutor.core.endpoint.serverinfo import discover

        told = await discover(client)
        facts.remember_discovery(key, told.window, told.counting)
        discovered, counting = told.window, told.counting
    learned = facts.learned_window(key)
    if spec.context_window and not (learned and learned < spec.context_window):
        return Window(spec.context_window, "config"), counting
    if learned:  # the server proved a window smaller than the config claims: believe it
        return Window(learned, "learned"), counting
    if discovered:
        return Window(discovered, "server"), counting
    table = known_window(spec.model)
    if table:
        return Window(table, "table"), counting
    return Window(DEFAULT_WINDOW, "default"), counting
