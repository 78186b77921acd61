"""What a streamed reply yields: pieces of text, the end with usage, and retry notices."""

from __future__ import annotations

from dataclasses import dataclass

from tutor.core.errors import EndpointError


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int | None
    completion_tokens: int | None


@dataclass(frozen=True)
class ReplyText:
    """A piece of the reply as it arrives."""

    text: str


@dataclass(frozen=True)
class ReplyEnd:
    """The stream finished cleanly."""

    finish_reason: str | None
    usage: Usage | None


@dataclass(frozen=True)
class Retrying:
    """A retryable failure before the first token; the next attempt starts after ``delay``."""

    error: EndpointError
    delay: float
    attempt: int


StreamEvent = ReplyText | ReplyEnd | Retrying
