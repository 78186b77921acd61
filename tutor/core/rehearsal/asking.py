"""One request outside any session — for the simulated student and the rubric judge."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tutor.core.endpoint.events import ReplyEnd, ReplyText
from tutor.core.errors import RolesRejected

if TYPE_CHECKING:
    from tutor.core.endpoint.client import ModelClient


@dataclass(frozen=True)
class Answer:
    """What the model said and what it cost; ``counted_by`` is ``server`` when the server
    reported usage, ``estimate`` when tutor counted it with a bundled tokenizer."""

    text: str
    prompt_tokens: int
    completion_tokens: int
    counted_by: str

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


async def ask(
    client: ModelClient,
    messages: list[dict[str, str]],
    *,
    max_tokens: int,
    params: dict[str, Any] | None = None,
) -> Answer:
    """Send ``messages`` and gather the whole reply (streamed: every server supports it).

    A model whose chat template refuses system messages or turns out of alternation gets the
    request again folded into user/assistant turns, as the conversation does (and the client
    keeps folding). Endpoint failures raise as the conversation's do (typed, one line, no key).
    """
    try:
        return await _ask_once(client, messages, max_tokens, params or {})
    except RolesRejected:
        if client.fold_roles:
            raise
        client.fold_roles = True
        return await _ask_once(client, messages, max_tokens, params or {})


async def _ask_once(
    client: ModelClient, messages: list[dict[str, str]], max_tokens: int, params: dict[str, Any]
) -> Answer:
    pieces: list[str] = []
    end: ReplyEnd | None = None
    async for event in client.stream(messages, max_tokens=max_tokens, params=params):
        if isinstance(event, ReplyText):
            pieces.append(event.text)
        elif isinstance(event, ReplyEnd):
            end = event
    text = "".join(pieces)
    usage = end.usage if end else None
    if usage is not None and usage.prompt_tokens:
        return Answer(text, usage.prompt_tokens, usage.completion_tokens or 0, "server")
    prompt, completion = await _estimate(client.spec.model or "", messages, text)
    return Answer(text, prompt, completion, "estimate")


async def _estimate(model: str, messages: list[dict[str, str]], reply: str) -> tuple[int, int]:
    from tutor.core.tokens import REPLY_PRIMING, TiktokenCounter, message_tokens

    counter = TiktokenCounter(model)
    counts = await counter.count_texts([m["content"] for m in messages] + [reply])
    prompt = sum(message_tokens(count) for count in counts[:-1]) + REPLY_PRIMING
    return prompt, counts[-1]
