"""``POST /v1/chat/completions``: check the request like a real server, then play the reply."""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tests.scripted import flavours, toytokens
from tests.scripted.replies import Fault, Reply, error_body
from tests.scripted.wire import DONE, MALFORMED, ChunkShape, Wire

if TYPE_CHECKING:
    from tests.scripted.server import ScriptedServer

_ids = itertools.count(1)
STREAM_OPTIONS_REFUSAL = "Unrecognized request argument supplied: stream_options"


@dataclass
class ChatFacts:
    """What the server worked out about one chat request."""

    model: str
    stream: bool
    include_usage: bool
    prompt_tokens: int
    completion_limit: int | None


def answer_chat(server: ScriptedServer, wire: Wire, body: Any) -> None:
    """Refuse the request as a real server would, or consume a scripted reply and play it."""
    if not isinstance(body, dict):
        message = "We could not parse the JSON body of your request. (HINT: This likely means "
        message += "you aren't using your HTTP library correctly.)"
        return wire.json(400, error_body(message, "invalid_request_error", None))
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        text = "Missing required parameter: 'messages'."
        missing = error_body(
            text, "invalid_request_error", "missing_required_parameter", "messages"
        )
        return wire.json(400, missing)
    if server.reject_stream_options and "stream_options" in body:
        return wire.json(400, error_body(STREAM_OPTIONS_REFUSAL, "invalid_request_error", None))
    limit = body.get("max_completion_tokens", body.get("max_tokens"))
    options = body.get("stream_options")
    facts = ChatFacts(
        model=str(body.get("model", "")),
        stream=bool(body.get("stream")),
        include_usage=isinstance(options, dict) and bool(options.get("include_usage")),
        prompt_tokens=toytokens.count_chat(messages),
        completion_limit=limit if isinstance(limit, int) else None,
    )
    window = server.window
    if window is not None:
        if server.flavour == "ollama":
            facts.prompt_tokens = toytokens.count_chat(flavours.ollama_fit(messages, window))
        elif flavours.overflows(
            server.flavour, facts.prompt_tokens, facts.completion_limit, window
        ):
            style = flavours.overflow_style(server.flavour) or "openai"
            return wire.json(*_overflow(style, facts, window))
    reply = server.next_reply()
    wire.pause(reply.first_byte_delay)
    fault = reply.fault or Fault()
    if fault.status is not None:
        return wire.json(fault.status, _fill(fault.body, facts.model), fault.headers)
    if fault.overflow is not None:
        window = fault.window or server.window or max(1, facts.prompt_tokens - 1)
        return wire.json(*_overflow(fault.overflow, facts, window))
    if facts.stream:
        return _play_stream(wire, reply, fault, facts, server.hold)
    return _play_whole(wire, reply, fault, facts)


def _play_stream(
    wire: Wire, reply: Reply, fault: Fault, facts: ChatFacts, hold: threading.Event | None
) -> None:
    chunk_id = f"chatcmpl-scripted{next(_ids)}"
    shape = ChunkShape(chunk_id, int(time.time()), facts.model, facts.include_usage)
    pieces = reply.pieces()
    wire.start_stream()
    wire.chunk(shape.event({"role": "assistant", "content": "", "refusal": None}))
    last = len(pieces) - 1
    for i in range(len(pieces) + 1):
        if fault.stall_after == i:
            wire.pause(fault.stall_seconds)
        if reply.hold_after == i and hold is not None:
            wire.hold(hold)
        if fault.drop_after == i:
            return wire.drop(reset=fault.reset)
        if fault.malformed_after == i:
            wire.chunk(MALFORMED)
        if i > last:
            break
        if i and reply.delay:
            wire.pause(reply.delay)
        wire.chunk(shape.content(pieces[i], reply.finish_reason if i == last else None))
    if not pieces:
        wire.chunk(shape.event({}, reply.finish_reason))
    if facts.include_usage:
        wire.chunk(shape.usage(facts.prompt_tokens, len(pieces)))
    wire.chunk(DONE)
    wire.end_stream()


def _play_whole(wire: Wire, reply: Reply, fault: Fault, facts: ChatFacts) -> None:
    pieces = reply.pieces()
    wire.pause(reply.delay * len(pieces))
    if fault.stall_after is not None:
        wire.pause(fault.stall_seconds)
    completion = len(pieces)
    message = {"role": "assistant", "content": "".join(pieces), "refusal": None}
    choice = {
        "index": 0,
        "message": message,
        "logprobs": None,
        "finish_reason": reply.finish_reason,
    }
    usage = {"prompt_tokens": facts.prompt_tokens, "completion_tokens": completion}
    whole = {
        "id": f"chatcmpl-scripted{next(_ids)}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": facts.model,
        "system_fingerprint": "fp_scripted",
        "choices": [choice],
        "usage": usage | {"total_tokens": facts.prompt_tokens + completion},
    }
    raw = json.dumps(whole).encode()
    if fault.malformed_after is not None:
        raw = b"{not json"
    wire.head(200, {"Content-Type": "application/json", "Content-Length": str(len(raw))})
    if fault.drop_after is not None:
        wire.raw(raw[: len(raw) // 2])
        return wire.drop(reset=fault.reset)
    wire.raw(raw)


def _overflow(style: str, facts: ChatFacts, window: int) -> tuple[int, Any]:
    return flavours.overflow_answer(style, facts.prompt_tokens, facts.completion_limit, window)


def _fill(body: Any, model: str) -> Any:
    """``body`` with ``{model}`` in its strings replaced by the requested model."""
    if isinstance(body, str):
        return body.replace("{model}", model)
    if isinstance(body, dict):
        return {k: _fill(v, model) for k, v in body.items()}
    if isinstance(body, list):
        return [_fill(v, model) for v in body]
    return body
