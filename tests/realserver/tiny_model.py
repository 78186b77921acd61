"""A tiny random-weight llama model in GGUF, so the suite can run a real llama.cpp server.

The weights are noise, so the model "says" random byte tokens (control characters included):
exactly the hostile output a renderer must survive. The vocabulary is byte-level BPE (GPT-2
style): the 256 bytes, a handful of merges so the chat roles are one token each, and the
ChatML control tokens. Everything is seeded: the same file every time.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

LAYERS = 2
WIDTH = 64  # embedding length
HEADS = 4
FEED_FORWARD = 96
TRAINED_WINDOW = 2048
SEED = 20261126

# Words built by merges, one token each: the chat roles (so each message's template overhead
# is the same number of tokens whatever its role) and a few common English words.
MERGED_WORDS = ("system", "user", "assistant", "Ġthe", "Ġto", "Ġand", "Ġis", "Ġof", "Ġyou")
CONTROL_TOKENS = ("<|endoftext|>", "<|im_start|>", "<|im_end|>")

# ChatML. Not byte-for-byte llama-cpp-python's built-in ChatML template (which it would swap
# for a formatter that keeps only the first system message): this one renders every message,
# so the persona's reminder (a second system message) reaches the model too.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)


def byte_characters() -> list[str]:
    """GPT-2's printable stand-in character for each byte value, in byte order."""
    printable = [
        *range(ord("!"), ord("~") + 1),
        *range(ord("¡"), ord("¬") + 1),
        *range(ord("®"), ord("ÿ") + 1),
    ]
    table: dict[int, int] = {b: b for b in printable}
    extra = 0
    for b in range(256):
        if b not in table:
            table[b] = 256 + extra
            extra += 1
    return [chr(table[b]) for b in range(256)]


def vocabulary() -> tuple[list[str], list[str], list[int]]:
    """Tokens, merges ("left right") and token types (1 normal, 3 control)."""
    tokens = byte_characters()
    merges: list[str] = []
    known = set(tokens)
    for word in MERGED_WORDS:
        left = word[0]
        for char in word[1:]:
            joined = left + char
            if joined not in known:
                merges.append(f"{left} {char}")
                tokens.append(joined)
                known.add(joined)
            left = joined
    types = [1] * len(tokens) + [3] * len(CONTROL_TOKENS)
    tokens.extend(CONTROL_TOKENS)
    return tokens, merges, types


# A strict template, as Gemma's and Mistral's are: no system role, user and assistant turns
# strictly alternating from the user (llama-cpp-python renders it with Jinja, and answers
# "System role not supported" as a 500 — or, streaming, an empty 200).
STRICT_CHAT_TEMPLATE = (
    "{% if messages[0]['role'] == 'system' %}"
    "{{ raise_exception('System role not supported') }}{% endif %}"
    "{% for message in messages %}"
    "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
    "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}"
    "{% endif %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)


def write_tiny_model(path: Path, template: str = CHAT_TEMPLATE) -> Path:
    """Write the model to ``path`` (about 0.4 MB) with this chat template; return the path."""
    import gguf

    tokens, merges, types = vocabulary()
    vocab = len(tokens)
    end_of_text = tokens.index("<|endoftext|>")
    end_of_turn = tokens.index("<|im_end|>")
    rng = np.random.default_rng(SEED)

    def noise(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * 0.2).astype(np.float32)

    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name("tutor-tiny-random")
    writer.add_context_length(TRAINED_WINDOW)
    writer.add_embedding_length(WIDTH)
    writer.add_block_count(LAYERS)
    writer.add_feed_forward_length(FEED_FORWARD)
    writer.add_head_count(HEADS)
    writer.add_head_count_kv(HEADS)
    writer.add_rope_dimension_count(WIDTH // HEADS)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_vocab_size(vocab)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre("default")
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    writer.add_token_merges(merges)
    writer.add_bos_token_id(end_of_text)
    writer.add_eos_token_id(end_of_turn)
    writer.add_add_bos_token(False)
    writer.add_chat_template(template)

    # numpy shapes are (rows, columns); GGUF stores them reversed, as llama.cpp expects.
    writer.add_tensor("token_embd.weight", noise(vocab, WIDTH))
    for layer in range(LAYERS):
        block = f"blk.{layer}"
        writer.add_tensor(f"{block}.attn_norm.weight", np.ones(WIDTH, dtype=np.float32))
        for name in ("attn_q", "attn_k", "attn_v", "attn_output"):
            writer.add_tensor(f"{block}.{name}.weight", noise(WIDTH, WIDTH))
        writer.add_tensor(f"{block}.ffn_norm.weight", np.ones(WIDTH, dtype=np.float32))
        writer.add_tensor(f"{block}.ffn_gate.weight", noise(FEED_FORWARD, WIDTH))
        writer.add_tensor(f"{block}.ffn_up.weight", noise(FEED_FORWARD, WIDTH))
        writer.add_tensor(f"{block}.ffn_down.weight", noise(WIDTH, FEED_FORWARD))
    writer.add_tensor("output_norm.weight", np.ones(WIDTH, dtype=np.float32))
    writer.add_tensor("output.weight", noise(vocab, WIDTH))

    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


if __name__ == "__main__":
    import sys
    import time

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "tiny.gguf")
    started = time.perf_counter()
    write_tiny_model(target)
    took = time.perf_counter() - started
    print(f"{target}: {target.stat().st_size:,} bytes in {took * 1000:.0f} ms")
