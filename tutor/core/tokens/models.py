"""Which bundled encoding counts a model's tokens, and whether the count is exact or an estimate."""

from __future__ import annotations

from tutor.core.tokens.bpe import BUNDLED

DEFAULT_ENCODING = "o200k_base"
"""For models tiktoken does not know (local Llama, Qwen, Mistral...): the newest OpenAI encoding."""

FALLBACK_ENCODING = "cl100k_base"
"""For models tiktoken maps to an encoding tutor does not bundle (r50k/p50k: retired models)."""

_NEAR_ENOUGH = {"o200k_harmony": "o200k_base"}
"""Encodings that differ from a bundled one only in special tokens, which content never uses."""


def bare_model_name(model: str) -> str:
    """``model`` without a provider prefix: ``openai/gpt-4o`` → ``gpt-4o``."""
    return model.rsplit("/", 1)[-1].strip()


def tiktoken_encoding_name(model: str) -> str | None:
    """The encoding tiktoken's own table gives ``model`` (prefix stripped), or None if unknown."""
    from tiktoken.model import encoding_name_for_model  # the table; builds no encoding

    try:
        return encoding_name_for_model(bare_model_name(model))
    except KeyError:
        return None


def encoding_for_model(model: str) -> tuple[str, bool]:
    """``(encoding name, known)`` for ``model``; ``known`` is False when the count is an estimate.

    Only encodings in ``BUNDLED`` are ever returned.
    """
    name = tiktoken_encoding_name(model)
    if name is None:
        return DEFAULT_ENCODING, False
    if name in BUNDLED:
        return name, True
    if name in _NEAR_ENOUGH:
        return _NEAR_ENOUGH[name], False
    return FALLBACK_ENCODING, False


def counting_source(model: str) -> str:
    """One line for the user saying how ``model``'s tokens are counted."""
    encoding, known = encoding_for_model(model)
    if known:
        return encoding
    upstream = tiktoken_encoding_name(model)
    if upstream is None:
        return f"{encoding} (estimate: {model!r} is not an OpenAI model)"
    return f"{encoding} (estimate: {model!r} uses {upstream}, which tutor does not bundle)"
