"""Counting a request's tokens: the TokenCounter protocol, a tiktoken counter, chat overhead."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tutor.core.tokens.bpe import is_built, load_encoding
from tutor.core.tokens.models import counting_source, encoding_for_model

if TYPE_CHECKING:
    from tiktoken import Encoding

from tutor.core.tokens.framing import MESSAGE_OVERHEAD, NAME_OVERHEAD

INLINE_CHARS = 16_384
"""Up to this many characters are counted on the caller's thread (well under a millisecond)."""

BATCH_CHARS = 262_144
"""From this many characters (and more than one text) counting is spread over threads."""


class TokenCounter(Protocol):
    """Counts the content tokens of texts for one model. Implemented by tiktoken and by servers.

    Overhead per message and per request is not the counter's business: see
    ``message_tokens`` and ``tutor.core.tokens.framing``.
    """

    @property
    def key(self) -> str:
        """Cache key for stored per-message counts: equal keys give equal counts, e.g.
        ``"tiktoken:o200k_base"``."""
        ...

    @property
    def exact(self) -> bool:
        """True when the counts are what the model's server will bill; False for an estimate."""
        ...

    @property
    def source(self) -> str:
        """How counting is done, for the user: ``"cl100k_base"`` or
        ``"o200k_base (estimate: 'llama3.1:8b' is not an OpenAI model)"``."""
        ...

    async def count_texts(self, texts: Sequence[str]) -> list[int]:
        """Content tokens of each text, in order; no per-message overhead included."""
        ...


class TiktokenCounter:
    """Counts with a bundled tiktoken encoding chosen from the model name.

    The encoding is built on first use; ``count_texts`` builds it in a worker thread so an
    event loop is never blocked. Special-token text such as ``<|endoftext|>`` counts as
    ordinary text, as the server sees it in a message.
    """

    def __init__(self, model: str, data_dir: Path | None = None) -> None:
        self.model = model
        self.encoding_name, self.exact = encoding_for_model(model)
        self.key = f"tiktoken:{self.encoding_name}"
        self.source = counting_source(model)
        self._data_dir = data_dir

    def __repr__(self) -> str:
        return f"TiktokenCounter({self.model!r}: {self.source})"

    def encoding(self) -> Encoding:
        """The encoding, built now if needed (blocking; raises ``TokenizerDataError``)."""
        return load_encoding(self.encoding_name, self._data_dir)

    async def count_texts(self, texts: Sequence[str]) -> list[int]:
        import asyncio  # here: a plain CLI count should not pay for importing asyncio

        if not is_built(self.encoding_name, self._data_dir):
            await asyncio.to_thread(self.encoding)
        if sum(map(len, texts)) <= INLINE_CHARS:
            return self.count_texts_sync(texts)
        return await asyncio.to_thread(self.count_texts_sync, list(texts))

    def count_texts_sync(self, texts: Sequence[str]) -> list[int]:
        """Like ``count_texts``, on the caller's thread (builds the encoding if needed)."""
        encoding = self.encoding()
        if len(texts) > 1 and sum(map(len, texts)) >= BATCH_CHARS:
            threads = max(1, min(8, os.cpu_count() or 1))
            return [
                len(ids) for ids in encoding.encode_ordinary_batch(list(texts), num_threads=threads)
            ]
        return [len(encoding.encode_ordinary(text)) for text in texts]


def message_tokens(content_tokens: int, has_name: bool = False) -> int:
    """What one message costs in a request, given the tokens of its text.

    ``content_tokens`` is the count of the message's content; for a message with a ``name``,
    add the tokens of the name's text to it too, as the API counts both.
    """
    return MESSAGE_OVERHEAD + content_tokens + (NAME_OVERHEAD if has_name else 0)
