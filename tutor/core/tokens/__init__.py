"""Token counting: bundled encodings, model → encoding, chat overhead; tiktoken loads lazily."""

from tutor.core.tokens.bpe import load_encoding, prewarm
from tutor.core.tokens.counter import (
    MESSAGE_OVERHEAD,
    NAME_OVERHEAD,
    REPLY_PRIMING,
    ROLE_TOKENS,
    TiktokenCounter,
    TokenCounter,
    message_tokens,
    prompt_tokens,
)
from tutor.core.tokens.models import encoding_for_model

__all__ = [
    "MESSAGE_OVERHEAD",
    "NAME_OVERHEAD",
    "REPLY_PRIMING",
    "ROLE_TOKENS",
    "TiktokenCounter",
    "TokenCounter",
    "encoding_for_model",
    "load_encoding",
    "message_tokens",
    "prewarm",
    "prompt_tokens",
]
