"""The streaming client: replies, usage, and every fault as one typed, clear error."""

from __future__ import annotations

import asyncio
import socket
import time

import pytest

from tests.scripted_server import Fault, Reply, ScriptedServer
from tutor.core import errors
from tutor.core.endpoint.client import ModelClient, ReplyEnd, ReplyText, Retrying
from tutor.core.endpoint.spec import EndpointSpec

MESSAGES = [{"role": "user", "content": "What is a loop?"}]


def client_for(url: str, **kw: object) -> ModelClient:
    spec = EndpointSpec(name="test", base_url=url, model="scripted-model", **kw)  # type: ignore[arg-type]
    return ModelClient(spec)


def requests_once_settled(server: ScriptedServer, expected: int) -> int:
    """How many chat requests the server has read, once it has read ``expected`` (it may read
    the last after the client gave up on it) — or whatever it has after a minute."""
    for _ in range(6000):
        if len(server.chat_requests()) >= expected:
            break
        time.sleep(0.01)
    return len(server.chat_requests())


async def collect(client: ModelClient) -> tuple[str, list[object]]:
    events: list[object] = []
    text = ""
    try:
        async for event in client.stream(MESSAGES, max_tokens=64, params={"temperature": 0.2}):
            events.append(event)
            if isinstance(event, ReplyText):
                text += event.text
    finally:
        await client.aclose()
    return text, events


async def test_a_reply_streams_with_usage_and_the_request_carries_max_tokens(
    server: ScriptedServer,
) -> None:
    server.script(Reply(text="What repeats in a loop?", chunk_size=3))
    text, events = await collect(client_for(server.base_url))
    assert text == "What repeats in a loop?"
    end = events[-1]
    assert isinstance(end, ReplyEnd) and end.finish_reason == "stop"
    assert end.usage is not None and end.usage.prompt_tokens and end.usage.completion_tokens
    sent = server.chat_requests()[-1]
    assert sent["max_tokens"] == 64 and sent["temperature"] == 0.2
    assert sent["stream_options"] == {"include_usage": True}
    assert sent["messages"] == MESSAGES


async def test_a_server_refusing_stream_options_is_asked_again_without(
    server: ScriptedServer,
) -> None:
    server.configure(reject_stream_options=True)
    server.script(Reply(text="Why?"), Reply(text="Why?"))
    client = client_for(server.base_url)
    text, _events = await collect(client)
    assert text == "Why?"
    bodies = server.chat_requests()
    assert "stream_options" in bodies[0] and "stream_options" not in bodies[-1]
    assert client.usage_in_stream is False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_connection_refused_names_the_url_and_what_to_do() -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    with pytest.raises(errors.CannotConnect) as caught:
        await collect(client_for(url))
    assert url in str(caught.value) and "running" in str(caught.value)


async def test_an_unknown_host_is_a_dns_error() -> None:
    with pytest.raises(errors.HostNotFound) as caught:
        await collect(client_for("http://no-such-host.invalid/v1"))
    assert "no-such-host.invalid" in str(caught.value)


async def test_no_first_byte_in_time_is_a_timeout_after_retries(server: ScriptedServer) -> None:
    server.script(*[Reply(text="late", first_byte_delay=30)] * 4)
    with pytest.raises(errors.RequestTimedOut) as caught:
        await collect(client_for(server.base_url, timeout=0.3))
    assert "within 0.3 s" in str(caught.value) and "raise timeout" in str(caught.value)
    tries = await asyncio.to_thread(requests_once_settled, server, 4)
    assert tries == 4  # the first try and three retries, none answered


async def test_retries_before_the_first_token_then_succeeds(server: ScriptedServer) -> None:
    server.script(Reply(fault=Fault.http(503)), Reply(text="Back again?"))
    text, events = await collect(client_for(server.base_url))
    assert text == "Back again?"
    assert any(isinstance(e, Retrying) and isinstance(e.error, errors.ServerFailed) for e in events)
    assert len(server.chat_requests()) == 2


async def test_a_stall_mid_stream_keeps_the_partial_text(server: ScriptedServer) -> None:
    server.script(
        Reply(text="abcdefghijklmnop", chunk_size=2, fault=Fault(stall_after=3, stall_seconds=5))
    )
    got = ""
    client = client_for(server.base_url, stall_timeout=0.5)
    with pytest.raises(errors.StreamStalled) as caught:
        async for event in client.stream(MESSAGES, max_tokens=32, params={}):
            if isinstance(event, ReplyText):
                got += event.text
    await client.aclose()
    assert got == "abcdef"
    assert "stalled" in str(caught.value) and "partial" in str(caught.value)
    assert len(server.chat_requests()) == 1  # never retried after text arrived


async def test_a_dropped_connection_mid_stream_is_reported_not_retried(
    server: ScriptedServer,
) -> None:
    server.script(Reply(text="abcdefghij", chunk_size=2, fault=Fault(drop_after=2)))
    with pytest.raises(errors.ConnectionDropped) as caught:
        await collect(client_for(server.base_url))
    assert "dropped" in str(caught.value)
    assert len(server.chat_requests()) == 1


async def test_a_malformed_chunk_is_reported(server: ScriptedServer) -> None:
    server.script(Reply(text="abcdefgh", chunk_size=2, fault=Fault(malformed_after=1)))
    with pytest.raises(errors.MalformedChunk) as caught:
        await collect(client_for(server.base_url))
    assert "malformed" in str(caught.value) and server.base_url in str(caught.value)


@pytest.mark.parametrize(
    ("status", "kind", "words"),
    [
        (401, errors.KeyRejected, "wants an API key"),
        (403, errors.KeyRejected, "access denied"),
        (500, errors.ServerFailed, "server failed (500)"),
    ],
)
async def test_http_errors_become_one_clear_line(
    server: ScriptedServer, status: int, kind: type, words: str
) -> None:
    server.script(*[Reply(fault=Fault.http(status))] * 4)
    with pytest.raises(kind) as caught:
        await collect(client_for(server.base_url))
    line = str(caught.value)
    assert words in line and "\n" not in line


async def test_a_missing_model_lists_the_models_the_server_has(server: ScriptedServer) -> None:
    server.configure(models=["qwen2.5", "llama3.1"])
    server.script(Reply(fault=Fault.http(404)))
    with pytest.raises(errors.ModelNotFound) as caught:
        await collect(client_for(server.base_url))
    assert "qwen2.5, llama3.1" in str(caught.value)
    assert caught.value.models == ["qwen2.5", "llama3.1"]


async def test_a_listed_model_the_server_refuses_is_not_called_missing(
    server: ScriptedServer,
) -> None:
    server.configure(models=["scripted-model", "other"])
    server.script(Reply(fault=Fault.http(404)))
    with pytest.raises(errors.ModelNotFound) as caught:
        await collect(client_for(server.base_url))
    line = str(caught.value)
    assert "lists model 'scripted-model' but refused to use it" in line
    assert "does not exist or you do not have access to it" in line  # what the server said
    assert "is not on" not in line and "available:" not in line


async def test_429_honours_retry_after(server: ScriptedServer) -> None:
    server.script(Reply(fault=Fault.http(429, retry_after=1)), Reply(text="ok?"))
    started = time.monotonic()
    text, events = await collect(client_for(server.base_url))
    assert text == "ok?"
    waited = [e.delay for e in events if isinstance(e, Retrying)]
    assert waited == [1.0]
    assert time.monotonic() - started >= 0.9


async def test_429_with_a_long_retry_after_is_reported_at_once(server: ScriptedServer) -> None:
    server.script(Reply(fault=Fault.http(429, retry_after=600)))
    with pytest.raises(errors.RateLimited) as caught:
        await collect(client_for(server.base_url))
    assert "600" in str(caught.value)
    assert len(server.chat_requests()) == 1


async def test_an_exhausted_quota_is_not_retried(server: ScriptedServer) -> None:
    server.script(Reply(fault=Fault.quota()))
    with pytest.raises(errors.RateLimited) as caught:
        await collect(client_for(server.base_url))
    assert "quota" in str(caught.value) and "billing" in str(caught.value)
    assert len(server.chat_requests()) == 1


@pytest.mark.parametrize("flavour", ["openai", "llamacpp", "vllm"])
async def test_an_overflow_carries_the_window_in_each_servers_words(
    server: ScriptedServer, flavour: str
) -> None:
    server.script(Reply(fault=Fault(overflow=flavour, window=512)))
    with pytest.raises(errors.ContextOverflow) as caught:
        await collect(client_for(server.base_url))
    assert caught.value.window == 512
    assert caught.value.requested is not None and caught.value.requested > 0


async def test_the_api_key_never_appears_in_an_error(server: ScriptedServer) -> None:
    server.configure(require_key="sk-right")
    spec = EndpointSpec(
        name="test",
        base_url=server.base_url,
        model="scripted-model",
        api_key="sk-wrong-secret-123",
        key_source="env:MY_KEY",
    )
    with pytest.raises(errors.KeyRejected) as caught:
        await collect(ModelClient(spec))
    assert "sk-wrong-secret-123" not in str(caught.value)
    assert "$MY_KEY" in str(caught.value)
    assert "sk-wrong-secret-123" not in repr(spec)
