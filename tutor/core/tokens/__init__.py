"""Token counting: bundled encodings, model → encoding, chat overhead; tiktoken loads lazily.

Names are resolved on first use (PEP 562), so importing ``tutor.core.tokens.framing`` for the
overhead constants does not load the encoding machinery.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "load_encoding": "bpe",
    "FRAMING_TOKENS": "framing",
    "MESSAGE_OVERHEAD": "framing",
    "NAME_OVERHEAD": "framing",
    "REPLY_PRIMING": "framing",
    "ROLE_TOKENS": "framing",
    "TiktokenCounter": "counter",
    "TokenCounter": "counter",
    "message_tokens": "counter",
    "encoding_for_model": "models",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'tutor.core.tokens' has no attribute {name!r}")
    return getattr(import_module(f"tutor.core.tokens.{module}"), name)
