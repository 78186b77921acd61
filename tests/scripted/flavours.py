"""How each kind of real server reports its context window, counts tokens, and says "too long".

Shapes checked against the servers' sources and docs (2026-11): llama.cpp ``tools/server``
(README; ``request (%d tokens) exceeds the available context size (%d tokens), try increasing
it`` when ``n_prompt >= n_ctx``; ``/v1/models`` ``meta`` carries ``n_ctx_train`` — the trained
size, not the running window, which only ``/props`` gives), llama-cpp-python
(``server/errors.py``: prompt >= n_ctx, OpenAI body, ``max_tokens`` printed as sent), vLLM
(``serving_engine``: prompt > max_model_len, else prompt + max_tokens > max_model_len), OpenAI
(prompt + max_tokens > window). Ollama never refuses: it drops the oldest non-system messages.
LM Studio's refusal wording was not checked; it answers in OpenAI's words here.
"""

from __future__ import annotations

from typing import Any

from tests.scripted import toytokens
from tests.scripted.replies import error_body

FLAVOURS = ("openai", "llamacpp", "llama-cpp-python", "vllm", "ollama", "lmstudio")
REPORTED_WHEN_UNSET = 131072  # what window-reporting routes say when no window is set
CREATED = 1_700_000_000
_OVERFLOW_STYLE = {"lmstudio": "openai", "ollama": None}

Answer = tuple[int, Any]


def windows(window: int | None, train_window: int | None) -> tuple[int, int]:
    """(running window, trained window) as the discovery routes report them."""
    loaded = window or train_window or REPORTED_WHEN_UNSET
    return loaded, train_window or loaded


def model_entry(flavour: str, name: str, window: int | None, train_window: int | None) -> dict:
    """One ``/v1/models`` ``data[]`` entry in the flavour's shape."""
    loaded, trained = windows(window, train_window)
    base: dict[str, Any] = {"id": name, "object": "model", "created": CREATED}
    if flavour == "llamacpp":
        meta = {"vocab_type": 2, "n_vocab": 32000, "n_ctx_train": trained, "n_embd": 64}
        return base | {"owned_by": "llamacpp", "meta": meta | {"n_params": 1, "size": 1}}
    if flavour == "llama-cpp-python":
        return {"id": name, "object": "model", "owned_by": "me", "permissions": []}
    if flavour == "vllm":
        return base | {"owned_by": "vllm", "root": name, "parent": None, "max_model_len": loaded}
    if flavour == "ollama":
        return base | {"owned_by": "library"}
    if flavour == "lmstudio":
        return {"id": name, "object": "model", "owned_by": "organization_owner"}
    return base | {"owned_by": "openai"}


def extra_route(
    flavour: str,
    method: str,
    path: str,
    body: Any,
    models: list[str],
    window: int | None,
    train_window: int | None,
) -> Answer | None:
    """The flavour's own discovery and tokenizer routes; None when the path is not one of them."""
    loaded, trained = windows(window, train_window)
    data = body if isinstance(body, dict) else {}
    key = (flavour, method, path)
    if key == ("llamacpp", "GET", "/props"):
        settings = {"id": 0, "n_ctx": loaded, "params": {"n_predict": -1, "temperature": 0.8}}
        return 200, {
            "default_generation_settings": settings,
            "total_slots": 1,
            "model_path": f"models/{models[0]}.gguf",
            "chat_template": "{# ChatML #}",
            "build_info": "scripted",
        }
    if key == ("llamacpp", "GET", "/health"):
        return 200, {"status": "ok"}
    if key == ("llamacpp", "POST", "/tokenize"):
        ids = toytokens.tokenize(str(data.get("content", "")))
        if data.get("with_pieces"):
            pieces = [{"id": i, "piece": toytokens.detokenize([i])} for i in ids]
            return 200, {"tokens": pieces}
        return 200, {"tokens": ids}
    if key == ("llamacpp", "POST", "/detokenize"):
        return 200, {"content": toytokens.detokenize(list(data.get("tokens", [])))}
    if key == ("llamacpp", "POST", "/apply-template"):
        return 200, {"prompt": toytokens.render_chat(list(data.get("messages", [])))}
    if flavour == "llama-cpp-python" and method == "POST":
        text = str(data.get("input", ""))
        if path == "/extras/tokenize":
            return 200, {"tokens": toytokens.tokenize(text)}
        if path == "/extras/tokenize/count":
            return 200, {"count": toytokens.count(text)}
        if path == "/extras/detokenize":
            return 200, {"text": toytokens.detokenize(list(data.get("tokens", [])))}
    if key == ("vllm", "POST", "/tokenize"):
        if "messages" in data:
            gen = bool(data.get("add_generation_prompt", True))
            text = toytokens.render_chat(list(data["messages"]), add_generation_prompt=gen)
        else:
            text = str(data.get("prompt", ""))
        ids = toytokens.tokenize(text)
        return 200, {"count": len(ids), "max_model_len": loaded, "tokens": ids, "token_strs": None}
    if key == ("vllm", "POST", "/detokenize"):
        return 200, {"prompt": toytokens.detokenize(list(data.get("tokens", [])))}
    if flavour == "ollama":
        return _ollama_route(method, path, data, models, loaded, trained)
    if key == ("lmstudio", "GET", "/api/v0/models"):
        entries = [
            {
                "id": name,
                "object": "model",
                "type": "llm",
                "publisher": "scripted",
                "arch": "llama",
                "compatibility_type": "gguf",
                "quantization": "Q4_K_M",
                "state": "loaded",
                "max_context_length": trained,
                "loaded_context_length": loaded,
            }
            for name in models
        ]
        return 200, {"object": "list", "data": entries}
    return None


def _ollama_route(
    method: str, path: str, data: dict, models: list[str], loaded: int, trained: int
) -> Answer | None:
    details = {"format": "gguf", "family": "llama", "parameter_size": "1B"}
    if (method, path) == ("POST", "/api/show"):
        name = str(data.get("model") or data.get("name") or "")
        if name not in models:
            return 404, {"error": f"model '{name}' not found"}
        info = {"general.architecture": "llama", "llama.context_length": trained}
        return 200, {
            "modelfile": f"FROM {name}",
            "parameters": "",
            "template": "{{ .Prompt }}",
            "details": details | {"quantization_level": "Q4_K_M"},
            "model_info": info,
            "capabilities": ["completion"],
        }
    if (method, path) == ("GET", "/api/ps"):
        running = [
            {
                "name": n,
                "model": n,
                "size": 1,
                "digest": "0" * 64,
                "details": details,
                "expires_at": "2099-01-01T00:00:00Z",
                "size_vram": 0,
                "context_length": loaded,
            }
            for n in models
        ]
        return 200, {"models": running}
    if (method, path) == ("GET", "/api/tags"):
        tags = [{"name": n, "model": n, "size": 1, "digest": "0" * 64} for n in models]
        return 200, {"models": tags}
    return None


def overflows(flavour: str, prompt: int, completion: int | None, window: int) -> bool:
    """Whether a server of this flavour refuses the request (Ollama never does)."""
    if flavour in ("llamacpp", "llama-cpp-python"):
        return prompt >= window
    if flavour == "vllm":
        return prompt > window or (completion is not None and prompt + completion > window)
    if flavour == "ollama":
        return False
    return prompt + (completion or 0) > window


def overflow_answer(style: str, prompt: int, completion: int | None, window: int) -> Answer:
    """The 400 a server of this style sends for a prompt that does not fit."""
    head = f"This model's maximum context length is {window} tokens."
    if style == "llamacpp":
        message = (
            f"request ({prompt} tokens) exceeds the available context size ({window} tokens), "
            "try increasing it"
        )
        error = {"code": 400, "message": message, "type": "exceed_context_size_error"}
        return 400, {"error": error | {"n_prompt_tokens": prompt, "n_ctx": window}}
    if style == "vllm":
        if prompt > window or completion is None:
            message = (
                f"{head} However, your request has {prompt} input tokens. "
                "Please reduce the length of the input messages."
            )
        else:
            message = (
                f"'max_tokens' or 'max_completion_tokens' is too large: {completion}. This "
                f"model's maximum context length is {window} tokens and your request has "
                f"{prompt} input tokens ({completion} > {window} - {prompt})."
            )
        error = {"message": message, "type": "BadRequestError", "param": None, "code": 400}
        return 400, {"error": error}
    if style == "llama-cpp-python":
        message = (
            f"{head} However, you requested {(completion or 0) + prompt} tokens ({prompt} in the "
            f"messages, {completion} in the completion). Please reduce the length of the "
            "messages or completion."
        )
    elif completion is None:
        message = (
            f"{head} However, your messages resulted in {prompt} tokens. "
            "Please reduce the length of the messages."
        )
    else:
        message = (
            f"{head} However, you requested {prompt + completion} tokens ({prompt} in the "
            f"messages, {completion} in the completion). Please reduce the length of the "
            "messages or completion."
        )
    return 400, error_body(message, "invalid_request_error", "context_length_exceeded", "messages")


def overflow_style(flavour: str) -> str | None:
    """Which refusal a flavour sends (None: Ollama trims silently instead)."""
    return _OVERFLOW_STYLE.get(flavour, flavour)


def ollama_fit(messages: list[Any], window: int) -> list[Any]:
    """What Ollama keeps of a chat too long for its window: system messages, newest others."""
    kept = list(messages)
    while toytokens.count_chat(kept) > window:
        older = enumerate(kept[:-1])
        drop = next((i for i, m in older if not _is_system(m)), None)
        if drop is None:
            break
        del kept[drop]
    return kept


def _is_system(message: Any) -> bool:
    return isinstance(message, dict) and message.get("role") == "system"
