"""The scripted server's own deterministic toy tokenizer and chat template.

Rules (all counts the server reports come from here, so they always agree):

- Text is cut at the special markers ``<|im_start|>`` / ``<|im_end|>`` (one token each) and at
  every ``"\\n"`` (one token each). Every other run of text is UTF-8 encoded and cut into groups
  of ``BYTES_PER_TOKEN`` bytes; each group is one token. English comes out near 4 characters a
  token and Korean (3 bytes a syllable) near 1.3, roughly like real BPE vocabularies.
- A chat is rendered ChatML-style: ``<|im_start|>{role}\\n{content}<|im_end|>\\n`` per message,
  then ``<|im_start|>assistant\\n`` to prime the reply. So one message costs
  ``FRAMING_TOKENS`` (4) + tokens(role) + tokens(content), and the prompt adds
  ``REPLY_PRIMER`` (5). ``usage.prompt_tokens`` is ``count_chat(messages)``, which equals the
  number of tokens in ``tokenize(render_chat(messages))``.
"""

from __future__ import annotations

import re
from typing import Any

BYTES_PER_TOKEN = 4
SPECIAL_TOKENS = {"<|im_start|>": 0, "<|im_end|>": 1}
FRAMING_TOKENS = 4  # <|im_start|>, "\n" after the role, <|im_end|>, "\n"
REPLY_PRIMER = 5  # <|im_start|> assistant(3 tokens) "\n"

_CUT = re.compile(r"(<\|im_start\|>|<\|im_end\|>|\n)")
_SPECIAL_BY_ID = {v: k for k, v in SPECIAL_TOKENS.items()}


def tokenize(text: str) -> list[int]:
    """Token ids of ``text``: specials are 0 and 1, a byte group is 0x01 + its bytes read as int."""
    ids: list[int] = []
    for piece in _CUT.split(text):
        if not piece:
            continue
        if piece in SPECIAL_TOKENS:
            ids.append(SPECIAL_TOKENS[piece])
            continue
        raw = piece.encode()
        for start in range(0, len(raw), BYTES_PER_TOKEN):
            ids.append(int.from_bytes(b"\x01" + raw[start : start + BYTES_PER_TOKEN], "big"))
    return ids


def count(text: str) -> int:
    """Number of tokens in ``text`` (same as ``len(tokenize(text))``, without building ids)."""
    total = 0
    for piece in _CUT.split(text):
        if piece in SPECIAL_TOKENS or piece == "\n":
            total += 1
        elif piece:
            total += -(-len(piece.encode()) // BYTES_PER_TOKEN)
    return total


def detokenize(ids: list[int]) -> str:
    """Text back from token ids (invalid UTF-8 across groups is replaced, never raised)."""
    raw = b""
    for token in ids:
        if token in _SPECIAL_BY_ID:
            raw += _SPECIAL_BY_ID[token].encode()
        else:
            raw += token.to_bytes((token.bit_length() + 7) // 8, "big")[1:]
    return raw.decode(errors="replace")


def content_text(content: Any) -> str:
    """The text of a message's ``content``: a string, or the text parts of a parts list."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = [p.get("text", "") for p in content if isinstance(p, dict)]
        return "".join(p for p in parts if isinstance(p, str))
    return ""


def render_chat(messages: list[Any], *, add_generation_prompt: bool = True) -> str:
    """The ChatML prompt the toy template makes of ``messages``."""
    out = []
    for message in messages:
        if not isinstance(message, dict):
            continue
        role = str(message.get("role", "user"))
        out.append(f"<|im_start|>{role}\n{content_text(message.get('content'))}<|im_end|>\n")
    if add_generation_prompt:
        out.append("<|im_start|>assistant\n")
    return "".join(out)


def count_chat(messages: list[Any]) -> int:
    """Prompt tokens of a chat request: ``len(tokenize(render_chat(messages)))``."""
    return count(render_chat(messages))
