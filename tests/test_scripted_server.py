"""The scripted server behaves like the real servers it stands in for, seen from real clients."""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
import subprocess
import sys
import threading
import time
from typing import Any

import httpx2
import openai
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openai.types.chat import ChatCompletionChunk

from tests.scripted_server import (
    DEFAULT_TEXT,
    Fault,
    Reply,
    ScriptedProcess,
    ScriptedRemote,
    ScriptedServer,
    toytokens,
)

MESSAGES: list[Any] = [
    {"role": "system", "content": "You are a Socratic tutor. Never give the answer."},
    {"role": "user", "content": "How do I reverse a linked list? 연결 리스트를 뒤집고 싶어요."},
]
PROMPT = toytokens.count_chat(MESSAGES)


def sdk(server: ScriptedServer, **options: Any) -> openai.AsyncOpenAI:
    options.setdefault("max_retries", 0)
    return openai.AsyncOpenAI(base_url=server.base_url, api_key="sk-test", **options)


async def stream(client: openai.AsyncOpenAI, **options: Any) -> list[ChatCompletionChunk]:
    chunks = []
    reply = await client.chat.completions.create(
        model="scripted-model", messages=MESSAGES, stream=True, **options
    )
    async for chunk in reply:
        chunks.append(chunk)
    return chunks


def text_of(chunks: list[ChatCompletionChunk]) -> str:
    return "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)


def chat_body(**extra: Any) -> dict[str, Any]:
    return {"model": "scripted-model", "messages": MESSAGES} | extra


def sse_data(raw: str) -> list[str]:
    """The ``data:`` payloads of an SSE body, in order."""
    return [line[6:] for line in raw.split("\n") if line.startswith("data: ")]


# --- streaming and whole replies --------------------------------------------------------------


async def test_stream_reassembles_the_scripted_text(server: ScriptedServer) -> None:
    text = "What happens to the head pointer? 머리 포인터는 어떻게 될까요? 🤔"
    server.script(Reply(text=text, chunk_size=3))
    chunks = await stream(sdk(server))
    assert chunks[0].choices[0].delta.role == "assistant"
    assert text_of(chunks) == text
    content = [c for c in chunks if c.choices and c.choices[0].delta.content]
    assert len(content) == len(Reply(text=text, chunk_size=3).pieces())
    assert [c.choices[0].finish_reason for c in chunks] == [None] * (len(chunks) - 1) + ["stop"]
    assert all(c.usage is None for c in chunks)


async def test_usage_chunk_only_when_asked(server: ScriptedServer) -> None:
    server.script(Reply(text="Why?", chunks=["Wh", "y", "?"]), Reply(text="Why?"))
    asked = await stream(sdk(server), stream_options={"include_usage": True})
    last = asked[-1]
    assert last.choices == []
    assert last.usage is not None
    assert (last.usage.prompt_tokens, last.usage.completion_tokens) == (PROMPT, 3)
    assert last.usage.total_tokens == PROMPT + 3
    assert text_of(asked) == "Why?"
    not_asked = await stream(sdk(server))
    assert all(c.choices for c in not_asked) and all(c.usage is None for c in not_asked)


async def test_explicit_chunks_and_finish_reason_pass_through(server: ScriptedServer) -> None:
    server.script(Reply(chunks=["Think ", "about ", "it"], finish_reason="length"), Reply(text=""))
    chunks = await stream(sdk(server))
    assert [c.choices[0].delta.content for c in chunks[1:]] == ["Think ", "about ", "it"]
    assert chunks[-1].choices[0].finish_reason == "length"
    empty = await stream(sdk(server), stream_options={"include_usage": True})
    assert text_of(empty) == ""
    assert empty[-2].choices[0].finish_reason == "stop"
    assert empty[-1].usage is not None and empty[-1].usage.completion_tokens == 0


async def test_raw_stream_is_chunked_sse_ending_in_done(server: ScriptedServer) -> None:
    server.script(Reply(text="Which case breaks it?"))
    async with (
        httpx2.AsyncClient() as client,
        client.stream(
            "POST", f"{server.base_url}/chat/completions", json=chat_body(stream=True)
        ) as r,
    ):
        assert r.status_code == 200
        assert r.headers["transfer-encoding"] == "chunked"
        assert r.headers["content-type"].startswith("text/event-stream")
        raw = (await r.aread()).decode()
    events = sse_data(raw)
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert {c["object"] for c in chunks} == {"chat.completion.chunk"}
    assert len({c["id"] for c in chunks}) == 1
    assert "".join(c["choices"][0]["delta"].get("content", "") for c in chunks) == (
        "Which case breaks it?"
    )
    assert raw.endswith("data: [DONE]\n\n")


async def test_whole_reply_is_one_chat_completion(server: ScriptedServer) -> None:
    server.script(Reply(text="What is the base case?"))
    done = await sdk(server).chat.completions.create(model="m1", messages=MESSAGES)
    assert done.object == "chat.completion"
    assert done.model == "m1"
    assert done.choices[0].message.content == "What is the base case?"
    assert done.choices[0].finish_reason == "stop"
    assert done.usage is not None
    assert (done.usage.prompt_tokens, done.usage.completion_tokens) == (PROMPT, 6)


async def test_script_is_used_in_order_then_the_default_reply(server: ScriptedServer) -> None:
    server.script("first", Reply(text="second"))
    client = sdk(server)
    seen = [text_of(await stream(client)) for _ in range(3)]
    assert seen == ["first", "second", DEFAULT_TEXT]
    server.default_reply = Reply(text="Try a smaller input.")
    assert text_of(await stream(client)) == "Try a smaller input."


async def test_two_streams_are_served_at_once(server: ScriptedServer) -> None:
    # Each reply waits until two chat requests are open: a server that answered one request
    # after the other would see the second arrive alone (after a minute's wait) and fail here.
    server.default_reply = Reply(text="abcdefgh", chunk_size=2, together=2)
    client = sdk(server)
    both = await asyncio.gather(stream(client), stream(client))
    assert [text_of(c) for c in both] == ["abcdefgh", "abcdefgh"]
    assert server.open_on_arrival == [1, 2]


async def test_a_held_reply_goes_on_when_the_test_releases_it(server: ScriptedServer) -> None:
    server.script(Reply(text="abcdefgh", chunk_size=2, hold_after=[2]))
    reply = await sdk(server).chat.completions.create(model="m", messages=MESSAGES, stream=True)
    chunks = reply.__aiter__()
    got = ""
    while len(got) < 4:
        chunk = await chunks.__anext__()
        got += "".join(c.delta.content or "" for c in chunk.choices)
    assert await asyncio.to_thread(server.gates.wait_held, 1, 30)  # it waits before chunk 2
    assert (got, server.gates.releases) == ("abcd", 0)
    server.release()
    async for chunk in chunks:
        got += "".join(c.delta.content or "" for c in chunk.choices)
    assert got == "abcdefgh"


# --- pacing -----------------------------------------------------------------------------------


async def test_delay_between_chunks_is_honoured(server: ScriptedServer) -> None:
    server.script(Reply(text="abcdefghijkl", chunk_size=2, delay=0.06))  # 6 chunks, 5 gaps
    started = time.perf_counter()
    reply = await sdk(server).chat.completions.create(model="m", messages=MESSAGES, stream=True)
    arrivals = []
    async for chunk in reply:
        if chunk.choices and chunk.choices[0].delta.content:
            arrivals.append(time.perf_counter())
    gaps = [b - a for a, b in itertools.pairwise(arrivals)]
    assert len(gaps) == 5
    assert arrivals[-1] - started >= 0.29
    assert sorted(gaps)[2] >= 0.04  # the median: one late read may bunch two chunks


async def test_first_byte_delay_holds_back_the_headers(server: ScriptedServer) -> None:
    server.script(Reply(text="Hm.", first_byte_delay=0.3))
    started = time.perf_counter()
    await sdk(server).chat.completions.create(model="m", messages=MESSAGES, stream=True)
    assert time.perf_counter() - started >= 0.28  # at least: a busy machine only adds to it


async def test_a_first_byte_delay_holds_only_its_own_reply(server: ScriptedServer) -> None:
    """The delayed reply was asked first; the prompt one, asked once the first had reached the
    server, is answered while the first is still held back."""
    server.script(Reply(text="late", first_byte_delay=30), Reply(text="prompt"))
    client = sdk(server)
    late = asyncio.create_task(stream(client))
    while not server.chat_requests():
        await asyncio.sleep(0.01)
    assert text_of(await stream(client)) == "prompt"
    assert not late.done()
    late.cancel()


def test_4000_chunks_stream_fast(server: ScriptedServer) -> None:
    """Raw-socket reader: how long the server takes to send a 4,000-chunk stream."""
    server.script(*[Reply(text="tok " * 4000, chunk_size=4) for _ in range(3)])
    body = json.dumps(chat_body(stream=True)).encode()
    request = (
        b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%b" % (len(body), body)
    )
    timings = []
    for _ in range(3):
        with socket.create_connection(("127.0.0.1", server.port)) as sock:
            started = time.perf_counter()
            sock.sendall(request)
            received = bytearray()
            while not received.endswith(b"\r\n0\r\n\r\n"):
                data = sock.recv(1 << 16)
                assert data, "server closed before the end of the stream"
                received += data
            timings.append(time.perf_counter() - started)
        assert received.count(b'"delta": {"content": ') == 4000
    best = min(timings)  # a figure to read, not a bound: a busy machine makes it what it makes it
    print(f"\n4,000-chunk stream over a raw socket: best {best * 1000:.1f} ms of {len(timings)}")


# --- faults -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error", "code"),
    [
        (401, openai.AuthenticationError, "invalid_api_key"),
        (403, openai.PermissionDeniedError, None),
        (404, openai.NotFoundError, "model_not_found"),
        (429, openai.RateLimitError, "rate_limit_exceeded"),
        (500, openai.InternalServerError, None),
        (503, openai.InternalServerError, None),
    ],
)
async def test_http_faults_reach_the_sdk_as_its_typed_errors(
    server: ScriptedServer, status: int, error: type[openai.APIStatusError], code: str | None
) -> None:
    server.script(Reply(text="unused", fault=Fault.http(status)))
    with pytest.raises(error) as caught:
        await stream(sdk(server))
    assert caught.value.status_code == status
    assert caught.value.code == code
    assert isinstance(caught.value.body, dict) and caught.value.body["message"]
    if status == 404:
        assert "`scripted-model`" in caught.value.message


async def test_429_carries_retry_after_and_the_sdk_waits_for_it(server: ScriptedServer) -> None:
    server.script(Reply(fault=Fault.http(429)))
    async with httpx2.AsyncClient() as client:
        refused = await client.post(f"{server.base_url}/chat/completions", json=chat_body())
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "20"
    assert refused.json()["error"]["code"] == "rate_limit_exceeded"

    server.script(Reply(fault=Fault.http(503, retry_after=0.3)), Reply(text="Now it works."))
    chunks = await stream(sdk(server, max_retries=1))
    assert text_of(chunks) == "Now it works."
    first, second = [r.at for r in server.requests if r.path == "/v1/chat/completions"][-2:]
    assert second - first >= 0.25  # the SDK waited (at least) as long as the server asked


async def test_quota_fault_is_openais_insufficient_quota(server: ScriptedServer) -> None:
    server.script(Reply(fault=Fault.quota()))
    with pytest.raises(openai.RateLimitError) as caught:
        await stream(sdk(server))
    assert caught.value.code == "insufficient_quota"


async def test_drop_mid_stream_is_a_connection_error_after_the_first_chunks(
    server: ScriptedServer,
) -> None:
    server.script(Reply(text="abcdefghijkl", chunk_size=2, fault=Fault(drop_after=2)))
    received: list[ChatCompletionChunk] = []
    with pytest.raises(openai.APIConnectionError) as caught:
        reply = await sdk(server).chat.completions.create(model="m", messages=MESSAGES, stream=True)
        async for chunk in reply:
            received.append(chunk)
    assert text_of(received) == "abcd"
    assert isinstance(caught.value.__cause__, httpx2.RemoteProtocolError)

    server.script(Reply(text="abcdefghijkl", chunk_size=2, fault=Fault(drop_after=3)))
    async with (
        httpx2.AsyncClient() as client,
        client.stream(
            "POST", f"{server.base_url}/chat/completions", json=chat_body(stream=True)
        ) as r,
    ):
        with pytest.raises(httpx2.RemoteProtocolError, match="incomplete chunked read"):
            await r.aread()


async def test_drop_with_reset_is_a_connection_reset(server: ScriptedServer) -> None:
    server.script(Reply(text="abcdefgh", fault=Fault(drop_after=1, reset=True)))
    async with (
        httpx2.AsyncClient() as client,
        client.stream(
            "POST", f"{server.base_url}/chat/completions", json=chat_body(stream=True)
        ) as r,
    ):
        with pytest.raises(httpx2.ReadError):
            await r.aread()


async def test_stall_trips_a_short_read_timeout(server: ScriptedServer) -> None:
    stall = Fault(stall_after=2, stall_seconds=30)
    server.script(Reply(text="abcdefgh", chunk_size=2, fault=stall))
    received: list[ChatCompletionChunk] = []
    started = time.perf_counter()
    with pytest.raises(openai.APITimeoutError):  # not the stall's end: it would bring "efgh"
        reply = await sdk(server, timeout=0.3).chat.completions.create(
            model="m", messages=MESSAGES, stream=True
        )
        async for chunk in reply:
            received.append(chunk)
    assert text_of(received) == "abcd"
    assert time.perf_counter() - started >= 0.25


async def test_a_stall_shorter_than_the_timeout_resumes(server: ScriptedServer) -> None:
    server.script(
        Reply(text="abcdefgh", chunk_size=2, fault=Fault(stall_after=1, stall_seconds=0.3))
    )
    started = time.perf_counter()
    assert text_of(await stream(sdk(server, timeout=5))) == "abcdefgh"
    assert time.perf_counter() - started >= 0.28


async def test_malformed_event_breaks_the_sdk_and_shows_on_the_wire(server: ScriptedServer) -> None:
    server.script(Reply(text="abcdefgh", chunk_size=2, fault=Fault(malformed_after=1)))
    with pytest.raises(ValueError):
        await stream(sdk(server))
    server.script(Reply(text="abcdefgh", chunk_size=2, fault=Fault(malformed_after=1)))
    async with httpx2.AsyncClient() as client:
        raw = (
            await client.post(f"{server.base_url}/chat/completions", json=chat_body(stream=True))
        ).text
    events = sse_data(raw)
    assert events[2] == "{not json"  # after the role chunk and one content chunk
    assert events[-1] == "[DONE]"


async def test_faults_on_whole_replies(server: ScriptedServer) -> None:
    body = chat_body()
    url = f"{server.base_url}/chat/completions"
    server.script(
        Reply(text="abcdefgh", fault=Fault(drop_after=0)),
        Reply(text="abcdefgh", fault=Fault(malformed_after=0)),
        Reply(text="abcdefgh", fault=Fault(stall_after=0, stall_seconds=5)),
    )
    async with httpx2.AsyncClient(timeout=0.3) as client:
        with pytest.raises(httpx2.RemoteProtocolError):
            await client.post(url, json=body)
        malformed = await client.post(url, json=body)
        assert malformed.status_code == 200 and malformed.content == b"{not json"
        with pytest.raises(httpx2.ReadTimeout):
            await client.post(url, json=body)


async def test_stop_ends_a_stalled_stream_at_once() -> None:
    """The stall (5 minutes) outlasts the client's read timeout (2 minutes): the stream can only
    end as a dropped connection if stopping the server cut it."""
    server = ScriptedServer().start()
    server.script(Reply(text="abcdefgh", fault=Fault(stall_after=1, stall_seconds=300)))
    client = sdk(server, timeout=120)
    received: list[str] = []

    async def read() -> None:
        reply = await client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
        async for chunk in reply:
            received.extend(c.delta.content for c in chunk.choices if c.delta.content)

    task = asyncio.create_task(read())
    while not received:  # the first chunk came: the stream now sits in its stall
        await asyncio.sleep(0.01)
    await asyncio.to_thread(server.stop)
    with pytest.raises(openai.APIConnectionError) as caught:
        await task
    assert not isinstance(caught.value, openai.APITimeoutError)
    assert received == ["abcd"]


# --- context windows: overflow as each server words it ----------------------------------------


@pytest.mark.parametrize("style", ["openai", "llama-cpp-python", "llamacpp", "vllm"])
async def test_scripted_overflow_speaks_each_servers_words(
    server: ScriptedServer, style: str
) -> None:
    server.script(Reply(fault=Fault(overflow=style, window=20)))
    async with httpx2.AsyncClient() as client:
        answer = await client.post(
            f"{server.base_url}/chat/completions", json=chat_body(max_tokens=7)
        )
    assert answer.status_code == 400
    error = answer.json()["error"]
    expected = {
        "openai": (
            f"This model's maximum context length is 20 tokens. However, you requested "
            f"{PROMPT + 7} tokens ({PROMPT} in the messages, 7 in the completion). Please reduce "
            "the length of the messages or completion."
        ),
        "llama-cpp-python": (
            f"This model's maximum context length is 20 tokens. However, you requested "
            f"{PROMPT + 7} tokens ({PROMPT} in the messages, 7 in the completion). Please reduce "
            "the length of the messages or completion."
        ),
        "llamacpp": (
            f"request ({PROMPT} tokens) exceeds the available context size (20 tokens), "
            "try increasing it"
        ),
        "vllm": (
            f"This model's maximum context length is 20 tokens. However, your request has "
            f"{PROMPT} input tokens. Please reduce the length of the input messages."
        ),
    }[style]
    assert error["message"] == expected
    if style == "llamacpp":
        assert error["type"] == "exceed_context_size_error"
        assert (error["code"], error["n_prompt_tokens"], error["n_ctx"]) == (400, PROMPT, 20)
    elif style == "vllm":
        assert (error["type"], error["code"]) == ("BadRequestError", 400)
    else:
        assert (error["type"], error["code"]) == (
            "invalid_request_error",
            "context_length_exceeded",
        )


async def overflow_status(server: ScriptedServer, **body: Any) -> tuple[int, dict]:
    async with httpx2.AsyncClient() as client:
        answer = await client.post(f"{server.base_url}/chat/completions", json=chat_body(**body))
    return answer.status_code, answer.json()


async def test_openai_window_counts_prompt_plus_max_tokens(server: ScriptedServer) -> None:
    server.window = PROMPT + 10
    assert (await overflow_status(server, max_tokens=10))[0] == 200
    status, body = await overflow_status(server, max_completion_tokens=11)
    assert status == 400 and body["error"]["code"] == "context_length_exceeded"
    assert (
        f"you requested {PROMPT + 11} tokens ({PROMPT} in the messages" in body["error"]["message"]
    )
    server.window = PROMPT - 1
    status, body = await overflow_status(server)
    assert "However, your messages resulted in" in body["error"]["message"]


async def test_llamacpp_window_counts_the_prompt_only(server: ScriptedServer) -> None:
    server.flavour, server.window = "llamacpp", PROMPT + 1
    assert (await overflow_status(server, max_tokens=5000))[0] == 200
    server.window = PROMPT
    status, body = await overflow_status(server)
    assert status == 400
    assert (body["error"]["n_prompt_tokens"], body["error"]["n_ctx"]) == (PROMPT, PROMPT)


async def test_llama_cpp_python_window_counts_the_prompt_only(server: ScriptedServer) -> None:
    server.flavour, server.window = "llama-cpp-python", PROMPT + 1
    assert (await overflow_status(server, max_tokens=5000))[0] == 200
    server.window = PROMPT
    status, body = await overflow_status(server)
    assert status == 400 and body["error"]["code"] == "context_length_exceeded"
    assert f"({PROMPT} in the messages, None in the completion)" in body["error"]["message"]


async def test_vllm_window_refuses_long_prompts_and_large_max_tokens(
    server: ScriptedServer,
) -> None:
    server.flavour, server.window = "vllm", PROMPT + 5
    assert (await overflow_status(server, max_tokens=5))[0] == 200
    status, body = await overflow_status(server, max_tokens=6)
    assert status == 400
    assert body["error"]["message"].startswith(
        "'max_tokens' or 'max_completion_tokens' is too large: 6."
    )
    server.window = PROMPT - 1
    status, body = await overflow_status(server)
    assert f"your request has {PROMPT} input tokens" in body["error"]["message"]


async def test_ollama_drops_the_oldest_turns_silently(server: ScriptedServer) -> None:
    server.flavour = "ollama"
    turns = [
        {"role": "user" if i % 2 == 0 else "assistant", "content": f"turn {i} " + "x" * 40}
        for i in range(6)
    ]
    messages = [MESSAGES[0], *turns]
    kept = [MESSAGES[0], *turns[-2:]]
    server.window = toytokens.count_chat(kept)
    reply = await sdk(server).chat.completions.create(
        model="m", messages=messages, stream=True, stream_options={"include_usage": True}
    )
    (usage,) = [c.usage async for c in reply if c.usage]
    assert usage.prompt_tokens == toytokens.count_chat(kept)
    assert usage.prompt_tokens < toytokens.count_chat(messages)


async def test_an_overflow_does_not_use_up_a_scripted_reply(server: ScriptedServer) -> None:
    server.flavour, server.window = "llamacpp", PROMPT
    server.script("kept for the request that fits")
    with pytest.raises(openai.BadRequestError):
        await stream(sdk(server))
    server.window = PROMPT + 1
    assert text_of(await stream(sdk(server))) == "kept for the request that fits"


# --- window discovery and token counting ------------------------------------------------------


async def get_json(server: ScriptedServer, path: str, body: Any = None) -> tuple[int, Any]:
    async with httpx2.AsyncClient() as client:
        if body is None:
            answer = await client.get(f"{server.root_url}{path}")
        else:
            answer = await client.post(f"{server.root_url}{path}", json=body)
    return answer.status_code, answer.json()


async def test_openai_flavour_reports_no_window(server: ScriptedServer) -> None:
    server.window = 4096
    models = (await sdk(server).models.list()).data
    assert [m.id for m in models] == ["scripted-model"]
    entry = models[0].model_dump()
    assert not {"meta", "max_model_len", "context_length"} & set(entry)
    assert (await get_json(server, "/props"))[0] == 404


async def test_llamacpp_reports_its_window_in_props(server: ScriptedServer) -> None:
    server.configure(flavour="llamacpp", window=2048, train_window=32768)
    status, props = await get_json(server, "/props")
    assert status == 200 and props["default_generation_settings"]["n_ctx"] == 2048
    _, models = await get_json(server, "/v1/models")
    assert models["data"][0]["meta"]["n_ctx_train"] == 32768
    assert models["data"][0]["owned_by"] == "llamacpp"


async def test_vllm_reports_max_model_len(server: ScriptedServer) -> None:
    server.configure(flavour="vllm", window=8192, models=["Qwen/Qwen3-8B", "other"])
    _, models = await get_json(server, "/v1/models")
    assert [(m["id"], m["max_model_len"]) for m in models["data"]] == [
        ("Qwen/Qwen3-8B", 8192),
        ("other", 8192),
    ]


async def test_ollama_reports_trained_and_loaded_windows(server: ScriptedServer) -> None:
    server.configure(flavour="ollama", window=4096, train_window=131072, models=["llama3.1:8b"])
    status, shown = await get_json(server, "/api/show", {"model": "llama3.1:8b"})
    assert status == 200 and shown["model_info"]["llama.context_length"] == 131072
    assert (await get_json(server, "/api/show", {"name": "llama3.1:8b"}))[0] == 200
    status, missing = await get_json(server, "/api/show", {"model": "nope"})
    assert status == 404 and missing == {"error": "model 'nope' not found"}
    _, running = await get_json(server, "/api/ps")
    assert running["models"][0]["context_length"] == 4096


async def test_lmstudio_reports_max_and_loaded_context(server: ScriptedServer) -> None:
    server.configure(flavour="lmstudio", window=4096)
    _, models = await get_json(server, "/api/v0/models")
    entry = models["data"][0]
    assert (entry["max_context_length"], entry["loaded_context_length"]) == (4096, 4096)


async def usage_of(server: ScriptedServer, messages: list[Any]) -> int:
    done = await sdk(server).chat.completions.create(model="m", messages=messages)
    assert done.usage is not None
    return done.usage.prompt_tokens


async def test_llamacpp_tokenize_agrees_with_usage(server: ScriptedServer) -> None:
    server.flavour = "llamacpp"
    _, template = await get_json(server, "/apply-template", {"messages": MESSAGES})
    _, tokens = await get_json(server, "/tokenize", {"content": template["prompt"]})
    assert len(tokens["tokens"]) == await usage_of(server, MESSAGES) == PROMPT
    _, back = await get_json(server, "/detokenize", {"tokens": tokens["tokens"]})
    assert back["content"] == template["prompt"]
    _, pieces = await get_json(server, "/tokenize", {"content": "a\nb", "with_pieces": True})
    assert [p["piece"] for p in pieces["tokens"]] == ["a", "\n", "b"]


async def test_vllm_tokenize_agrees_with_usage(server: ScriptedServer) -> None:
    server.configure(flavour="vllm", window=1000)
    _, chat = await get_json(server, "/tokenize", {"model": "m", "messages": MESSAGES})
    assert chat["count"] == len(chat["tokens"]) == await usage_of(server, MESSAGES)
    assert chat["max_model_len"] == 1000
    _, plain = await get_json(server, "/tokenize", {"model": "m", "prompt": "연결 리스트"})
    assert plain["count"] == toytokens.count("연결 리스트") == 4  # 16 bytes


async def test_llama_cpp_python_extras_count(server: ScriptedServer) -> None:
    server.flavour = "llama-cpp-python"
    text = "def reverse(head):\n    prev = None"
    _, counted = await get_json(server, "/extras/tokenize/count", {"input": text})
    _, tokens = await get_json(server, "/extras/tokenize", {"input": text})
    assert counted["count"] == len(tokens["tokens"]) == toytokens.count(text)
    _, back = await get_json(server, "/extras/detokenize", {"tokens": tokens["tokens"]})
    assert back["text"] == text


def test_prompt_count_is_the_documented_template_sum() -> None:
    by_hand = toytokens.REPLY_PRIMER + sum(
        toytokens.FRAMING_TOKENS + toytokens.count(m["role"]) + toytokens.count(m["content"])
        for m in MESSAGES
    )
    assert toytokens.count_chat(MESSAGES) == by_hand
    assert toytokens.count("abcd") == 1 and toytokens.count("abcde") == 2
    assert toytokens.count("안녕하세요") == 4  # 15 UTF-8 bytes


@given(st.text())
def test_toy_tokenizer_round_trips_and_counts_consistently(text: str) -> None:
    ids = toytokens.tokenize(text)
    assert toytokens.count(text) == len(ids)
    assert toytokens.detokenize(ids) == text


# --- keys, stream_options, recording ----------------------------------------------------------


async def test_required_key_guards_every_v1_route(server: ScriptedServer) -> None:
    server.require_key = "sk-right"
    server.flavour = "llamacpp"
    with pytest.raises(openai.AuthenticationError) as caught:
        await stream(sdk(server))
    assert caught.value.code == "invalid_api_key"
    right = openai.AsyncOpenAI(base_url=server.base_url, api_key="sk-right", max_retries=0)
    assert text_of(await stream(right)) == DEFAULT_TEXT
    async with httpx2.AsyncClient() as client:
        bare = await client.get(f"{server.base_url}/models")
        assert bare.status_code == 401 and "didn't provide an API key" in bare.text
        assert (await client.get(f"{server.root_url}/props")).status_code == 200


async def test_server_that_rejects_stream_options(server: ScriptedServer) -> None:
    server.reject_stream_options = True
    server.script("after the fallback")
    with pytest.raises(openai.BadRequestError) as caught:
        await stream(sdk(server), stream_options={"include_usage": True})
    assert "stream_options" in caught.value.message
    assert text_of(await stream(sdk(server))) == "after the fallback"


async def test_every_request_is_recorded_even_failures(server: ScriptedServer) -> None:
    server.script(Reply(fault=Fault.http(500)))
    with pytest.raises(openai.InternalServerError):
        await stream(sdk(server))
    async with httpx2.AsyncClient() as client:
        assert (await client.get(f"{server.base_url}/nowhere")).status_code == 404
        bad = await client.post(f"{server.base_url}/chat/completions", content=b"{oops")
        assert bad.status_code == 400
        await client.get(f"{server.root_url}/_control/requests")  # control calls are not kept
    first, nowhere, broken = server.requests
    assert (first.method, first.path) == ("POST", "/v1/chat/completions")
    assert first.headers["authorization"] == "Bearer sk-test"
    assert json.loads(first.body) == first.json
    assert first.json["messages"] == MESSAGES and first.json["stream"] is True
    assert (nowhere.method, nowhere.path) == ("GET", "/v1/nowhere")
    assert (broken.body, broken.json) == (b"{oops", None)
    assert first.at <= nowhere.at <= broken.at
    assert server.chat_requests() == [first.json]


def test_reply_json_round_trip_and_unknown_fields() -> None:
    reply = Reply(text="x", chunks=["x"], delay=0.1, fault=Fault.http(429, retry_after=2))
    assert Reply.from_dict(json.loads(json.dumps(reply.to_dict()))) == reply
    with pytest.raises(ValueError, match="colour"):
        Reply.from_dict({"text": "x", "colour": "red"})
    with pytest.raises(ValueError, match="overflow"):
        Fault(overflow="bogus")


def test_fixtures_give_a_running_server(server: ScriptedServer, server_url: str) -> None:
    assert server_url == server.base_url == f"http://127.0.0.1:{server.port}/v1"
    answer = httpx2.get(f"{server_url}/models")
    assert answer.json()["data"][0]["id"] == "scripted-model"


# --- control from outside ---------------------------------------------------------------------


async def test_control_routes_drive_a_server_in_another_process() -> None:
    with ScriptedProcess("--flavour", "vllm", "--window", "500") as remote:
        remote.script(Reply(text="from afar"), Reply(fault=Fault.http(429)))
        client = openai.AsyncOpenAI(base_url=remote.base_url, api_key="sk-x", max_retries=0)
        assert text_of(await stream(client)) == "from afar"
        with pytest.raises(openai.RateLimitError):
            await stream(client)
        chats = remote.chat_requests()
        assert len(chats) == 2 and chats[0]["messages"] == MESSAGES
        assert remote.requests()[0].headers["authorization"] == "Bearer sk-x"
        remote.configure(window=PROMPT - 1, default_reply=Reply(text="changed"))
        with pytest.raises(openai.BadRequestError, match="input tokens"):
            await stream(client)
        remote.reset()
        assert remote.requests() == []
        assert text_of(await stream(client)) == DEFAULT_TEXT
        with pytest.raises(ValueError, match="flavour"):
            remote.configure(flavour="nonsense")


def test_the_same_control_routes_work_in_process(server: ScriptedServer) -> None:
    remote = ScriptedRemote(server.root_url)
    assert remote.script("one", Reply(text="two", fault=Fault(drop_after=1))) == 2
    assert [r.text for r in server.queue] == ["one", "two"]
    assert server.queue[1].fault == Fault(drop_after=1)
    remote.configure(flavour="ollama", window=99)
    assert (server.flavour, server.window) == ("ollama", 99)
    with pytest.raises(ValueError, match="unknown Reply fields"):
        remote._call("POST", "script", [{"txt": 1}])
    remote.reset()
    assert (server.flavour, server.window, len(server.queue)) == ("openai", None, 0)


def test_command_line_refuses_an_unknown_flavour() -> None:
    done = subprocess.run(
        [sys.executable, "tests/scripted_server.py", "--flavour", "nonsense"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2 and "invalid choice" in done.stderr


def test_stop_is_prompt_with_idle_keep_alive_connections() -> None:
    """An idle keep-alive connection has no timeout here: a stop that waited for it would never
    return (the join below is only a guard against hanging the suite)."""
    server = ScriptedServer().start()
    with httpx2.Client() as client:
        client.get(f"{server.base_url}/models")  # leaves a keep-alive connection open
        stopping = threading.Thread(target=server.stop, daemon=True)
        stopping.start()
        stopping.join(timeout=60)
        assert not stopping.is_alive(), "stop() waited for an idle keep-alive connection"
    with pytest.raises(httpx2.ConnectError):
        httpx2.get(f"{server.base_url}/models", timeout=1)
