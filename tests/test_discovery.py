"""Finding the endpoint: local probe, env, windows per server, Ollama truncation."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.scripted_server import Reply, ScriptedServer
from tutor.core.budget.facts import EndpointFacts
from tutor.core.budget.window import known_window, resolve_window
from tutor.core.config.file import load_config
from tutor.core.endpoint import probe
from tutor.core.endpoint.client import ModelClient
from tutor.core.endpoint.serverinfo import discover
from tutor.core.endpoint.spec import EndpointSpec, from_environment, normalise_url
from tutor.core.personas import PersonaLibrary
from tutor.core.store import Store
from tutor.core.turn import conversation as turn
from tutor.core.workspace import Workspace


@pytest.mark.parametrize(
    ("flavour", "counting"),
    [("llamacpp", "llamacpp"), ("vllm", "vllm"), ("ollama", None), ("lmstudio", None)],
)
async def test_each_server_kind_reports_its_window(flavour: str, counting: str | None) -> None:
    with ScriptedServer(flavour=flavour, window=3072, train_window=32768) as srv:
        client = ModelClient(EndpointSpec(name="t", base_url=srv.base_url, model="scripted-model"))
        told = await discover(client)
        await client.aclose()
    assert told.window == 3072, told
    assert told.counting == counting


async def test_llama_cpp_python_is_recognised_by_its_count_route() -> None:
    with ScriptedServer(flavour="llama-cpp-python", window=512) as srv:
        client = ModelClient(EndpointSpec(name="t", base_url=srv.base_url, model="scripted-model"))
        told = await discover(client)
        await client.aclose()
    assert told.counting == "llama-cpp-python"


async def test_window_order_config_then_learned_then_server_then_table(tmp_path: Path) -> None:
    facts = EndpointFacts(tmp_path / "facts.json")
    with ScriptedServer(flavour="llamacpp", window=2048) as srv:
        spec = EndpointSpec(name="t", base_url=srv.base_url, model="gpt-4o")
        client = ModelClient(spec)
        window, route = await resolve_window(spec, facts, client)
        assert (window.tokens, window.source, route) == (2048, "server", "llamacpp")
        facts.learn_window(facts.key(spec.base_url, "gpt-4o"), 1500)
        assert (await resolve_window(spec, facts, client))[0].source == "learned"
        configured = EndpointSpec(
            name="t", base_url=srv.base_url, model="gpt-4o", context_window=999
        )
        assert (await resolve_window(configured, facts, client))[0].tokens == 999
        await client.aclose()
    asked = len(srv.requests)
    fresh = EndpointFacts(tmp_path / "other.json")
    openai_like = EndpointSpec(
        name="t", base_url="http://127.0.0.1:9/v1", model="openai/gpt-4o-mini"
    )
    window, _ = await resolve_window(openai_like, fresh, None)
    assert (window.tokens, window.source) == (128_000, "table")
    assert asked > 0 and known_window("mystery-model") is None


async def test_the_server_is_asked_once_then_the_answer_is_kept(tmp_path: Path) -> None:
    facts = EndpointFacts(tmp_path / "facts.json")
    with ScriptedServer(flavour="vllm", window=4096) as srv:
        spec = EndpointSpec(name="t", base_url=srv.base_url, model="scripted-model")
        client = ModelClient(spec)
        await resolve_window(spec, facts, client)
        first = len(srv.requests)
        again = await resolve_window(spec, EndpointFacts(tmp_path / "facts.json"), client)
        await client.aclose()
        assert again[0].tokens == 4096 and len(srv.requests) == first


async def test_ollama_dropping_messages_silently_is_noticed(tmp_path: Path) -> None:
    with ScriptedServer(flavour="ollama", window=600) as srv:
        store = Store.open(tmp_path / "s.sqlite3")
        spec = EndpointSpec(
            name="t", base_url=srv.base_url, model="scripted-model", context_window=16000
        )
        session = store.create_session("socratic", "t", "scripted-model")
        conv = turn.Conversation(
            store=store,
            session=session,
            persona=PersonaLibrary.load().get("socratic"),
            client=ModelClient(spec),
            facts=EndpointFacts(tmp_path / "f.json"),
        )
        notices: list[str] = []
        for i in range(3):
            srv.script(Reply(text="Hmm?"))
            async for event in conv.send(f"message {i} " + "word " * 400):
                if isinstance(event, turn.Notice):
                    notices.append(event.text)
    assert any("silently dropped" in n and "context_window" in n for n in notices)


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that takes connections and never says a word (a hung server)."""
    with socket.create_server(("127.0.0.1", 0)) as listening:
        yield listening.getsockname()[1]


async def test_the_probe_asks_every_port_at_once(
    monkeypatch: pytest.MonkeyPatch, silent_port: int
) -> None:
    """A hung server before it in the list does not keep the probe from the one that answers:
    the ports are asked at once, and the probe's own budget ends the wait (how fast that is,
    is measured in bench/, not bounded here)."""
    with ScriptedServer(models=["llama3.1:8b"]) as srv:
        servers = (("hung", silent_port), ("none", 9), ("scripted", srv.port))
        monkeypatch.setattr(probe, "LOCAL_SERVERS", servers)
        found = await asyncio.wait_for(probe.find_local_server(), 60)  # 60: a hang guard
    assert found is not None and found.base_url == srv.base_url and found.model == "llama3.1:8b"


async def test_the_probe_gives_up_on_servers_that_never_answer(
    monkeypatch: pytest.MonkeyPatch, silent_port: int
) -> None:
    monkeypatch.setattr(probe, "LOCAL_SERVERS", (("hung", silent_port), ("a", 9), ("b", 1)))
    assert await asyncio.wait_for(probe.find_local_server(), 60) is None


def test_environment_variables_make_an_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    spec = from_environment()
    assert spec is not None and spec.base_url == "https://api.openai.com/v1"
    assert spec.model == "gpt-4o-mini" and spec.key_source == "env:OPENAI_API_KEY"
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:11434")
    spec = from_environment()
    assert spec is not None and spec.base_url == "http://127.0.0.1:11434/v1" and spec.model is None
    assert normalise_url("http://h:1/v1/") == "http://h:1/v1"


async def test_the_first_listed_model_is_used_when_none_is_named(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ScriptedServer(models=["phi4", "qwen3"]) as srv:
        (isolated_home / "config" / "config.yaml").write_text(
            f"endpoints:\n  box:\n    base_url: {srv.base_url}\n"
        )
        spec = await Workspace(load_config()).endpoint()
    assert (spec.name, spec.model) == ("box", "phi4")
