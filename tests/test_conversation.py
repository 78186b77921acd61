"""The conversation use-case end to end: store first, fit the window, stream, keep everything."""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path

import pytest

from tests.scripted_server import Fault, Reply, ScriptedServer
from tutor.core.budget.facts import EndpointFacts
from tutor.core.endpoint.client import ModelClient, ReplyText
from tutor.core.endpoint.spec import EndpointSpec
from tutor.core.errors import BudgetRefused, RolesRejected, TutorError
from tutor.core.personas import PersonaLibrary
from tutor.core.store import Store
from tutor.core.turn import conversation as turn


def open_conversation(
    server: ScriptedServer, tmp_path: Path, *, window: int | None = None, persona: str = "socratic"
) -> turn.Conversation:
    store = Store.open(tmp_path / "s.sqlite3")
    spec = EndpointSpec(
        name="local",
        base_url=server.base_url,
        model="scripted-model",
        context_window=window,
        stall_timeout=1.0,
    )
    session = store.create_session(persona, "local", "scripted-model")
    return turn.Conversation(
        store=store,
        session=session,
        persona=PersonaLibrary.load().get(persona),
        client=ModelClient(spec),
        facts=EndpointFacts(tmp_path / "facts.json"),
    )


async def run(events: object) -> list[object]:
    return [e async for e in events]  # type: ignore[attr-defined]


async def test_a_turn_is_stored_streamed_and_recorded(
    server: ScriptedServer, tmp_path: Path
) -> None:
    server.script(Reply(text="What do you already know about it?"))
    conv = open_conversation(server, tmp_path)
    events = await run(conv.send("Explain recursion"))
    kinds = [type(e).__name__ for e in events]
    assert kinds[0] == "StudentSaved" and kinds[1] == "RequestSized" and kinds[-1] == "ReplyDone"
    text = "".join(e.text for e in events if isinstance(e, ReplyText))
    assert text == "What do you already know about it?"
    stored = conv.store.messages(conv.session.id)
    assert [(m.role, m.status) for m in stored] == [("user", "complete"), ("assistant", "complete")]
    assert stored[1].content == text and stored[1].prompt_tokens and stored[1].completion_tokens
    sent = server.chat_requests()[0]["messages"]
    persona = PersonaLibrary.load().get("socratic").render()
    assert sent[: len(persona.messages())] == persona.messages()
    assert {"role": "user", "content": "Explain recursion"} in sent


async def test_the_students_message_is_committed_before_any_network_io(
    server: ScriptedServer, tmp_path: Path
) -> None:
    server.script(Reply(text="late", first_byte_delay=1.0))
    conv = open_conversation(server, tmp_path)
    stream = conv.send("saved first?")
    first = await stream.__anext__()
    assert isinstance(first, turn.StudentSaved)
    assert server.chat_requests() == []
    other = Store.open(tmp_path / "s.sqlite3")  # another connection sees it committed
    assert [m.content for m in other.messages(conv.session.id)] == ["saved first?"]
    await run(stream)


async def test_a_partial_reply_is_on_disk_while_it_streams(
    server: ScriptedServer, tmp_path: Path
) -> None:
    server.script(Reply(text="x" * 60, chunk_size=2, delay=0.05))
    conv = open_conversation(server, tmp_path)
    other = Store.open(tmp_path / "s.sqlite3")
    seen: list[tuple[str, int]] = []
    async for event in conv.send("go slowly"):
        if isinstance(event, ReplyText):
            rows = other.messages(conv.session.id)
            if len(rows) == 2:
                seen.append((rows[1].status, len(rows[1].content)))
    assert any(status == "streaming" and n > 0 for status, n in seen)


async def test_cancelling_keeps_the_partial_reply_marked_cancelled(
    server: ScriptedServer, tmp_path: Path
) -> None:
    server.script(Reply(text="abcdefghijklmnopqrstuvwxyz", chunk_size=1, delay=0.05))
    conv = open_conversation(server, tmp_path)
    got: list[str] = []

    async def consume() -> None:
        async for event in conv.send("stop me"):
            if isinstance(event, ReplyText):
                got.append(event.text)

    task = asyncio.create_task(consume())
    while len(got) < 5:
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    reply = conv.store.messages(conv.session.id)[-1]
    assert reply.status == "cancelled"
    assert reply.content.startswith("abcde") and reply.content == "".join(got)


async def test_a_failed_reply_is_kept_with_its_error_and_retry_replaces_it(
    server: ScriptedServer, tmp_path: Path
) -> None:
    server.script(
        Reply(text="abcdefgh", chunk_size=2, fault=Fault(drop_after=2)), Reply(text="Whole?")
    )
    conv = open_conversation(server, tmp_path)
    events = await run(conv.send("hello"))
    failed = events[-1]
    assert isinstance(failed, turn.ReplyFailed) and failed.message is not None
    assert failed.message.status == "error" and failed.message.content == "abcd"
    assert "dropped" in (failed.message.error or "")
    events = await run(conv.retry())
    assert isinstance(events[-1], turn.ReplyDone)
    rows = conv.store.messages(conv.session.id, include_replaced=True)
    assert [(m.role, m.status) for m in rows] == [
        ("user", "complete"),
        ("assistant", "replaced"),
        ("assistant", "complete"),
    ]
    retried = server.chat_requests()[-1]["messages"]
    assert not any(m["content"] == "abcd" for m in retried)


async def test_edit_last_changes_the_message_and_answers_again(
    server: ScriptedServer, tmp_path: Path
) -> None:
    conv = open_conversation(server, tmp_path)
    await run(conv.send("wrong question"))
    await run(conv.edit_last("right question"))
    sent = server.chat_requests()[-1]["messages"]
    assert {"role": "user", "content": "right question"} in sent
    assert all(m["content"] != "wrong question" for m in sent)


async def test_long_sessions_trim_old_turns_but_keep_the_persona(
    server: ScriptedServer, tmp_path: Path
) -> None:
    conv = open_conversation(server, tmp_path, window=3000)
    for i in range(12):
        await run(conv.send(f"question {i}: " + "lorem ipsum dolor sit amet " * 30))
    body = server.chat_requests()[-1]
    persona = PersonaLibrary.load().get("socratic").render().messages()
    assert body["messages"][: len(persona)] == persona
    history = body["messages"][len(persona) :]
    history = [m for m in history if m["role"] != "system"]
    assert history[0]["role"] == "user" and history[-1]["content"].startswith("question 11")
    assert len(history) < 24  # older turns were left out
    assert conv.last_plan is not None and conv.last_plan.plan.dropped_ids
    assert len(conv.store.messages(conv.session.id)) == 24  # ...but nothing was deleted


async def test_a_message_pinned_later_is_sent_again_and_unpinned_leaves(
    server: ScriptedServer, tmp_path: Path
) -> None:
    conv = open_conversation(server, tmp_path, window=3000)
    for i in range(8):
        await run(conv.send(f"question {i}: " + "lorem ipsum dolor sit amet " * 30))
    first = conv.history[0]
    assert first.id in conv.last_plan.plan.dropped_ids  # type: ignore[union-attr]

    assert (await conv.pin(first.id)).pinned and conv.store.get_message(first.id).pinned
    server.script(Reply(text="And then?"))
    await run(conv.send("next"))
    contents = [m["content"] for m in server.chat_requests()[-1]["messages"]]
    assert first.content in contents and contents.index(first.content) < contents.index("next")
    assert not (await conv.pin(first.id, False)).pinned
    server.script(Reply(text="Go on."))
    await run(conv.send("again"))
    assert first.content not in [m["content"] for m in server.chat_requests()[-1]["messages"]]
    with pytest.raises(TutorError, match="not in this session"):
        await conv.pin(10_000)


async def test_a_template_that_refuses_system_messages_gets_them_folded_and_remembered(
    server: ScriptedServer, tmp_path: Path
) -> None:
    refusal = Fault.http(500, "System role not supported")
    server.script(Reply(fault=refusal), Reply(text="What have you tried so far?"))
    conv = open_conversation(server, tmp_path)
    events = await run(conv.send("Why is my loop off by one?"))
    assert any(isinstance(e, turn.Notice) and "chat template" in e.text for e in events)
    assert isinstance(events[-1], turn.ReplyDone)
    refused, folded = server.chat_requests()
    assert refused["messages"][0]["role"] == "system"
    roles = [m["role"] for m in folded["messages"]]
    assert roles[0] == "user" and "system" not in roles
    assert all(a != b for a, b in itertools.pairwise(roles))
    persona = PersonaLibrary.load().get("socratic").render()
    system_text = persona.messages()[0]["content"]
    assert folded["messages"][0]["content"].startswith(system_text)
    assert folded["messages"][-1]["content"].startswith("Why is my loop off by one?")
    if persona.reminder_message():
        assert folded["messages"][-1]["content"].endswith(persona.reminder_message()["content"])
    stored = conv.store.messages(conv.session.id)
    assert [(m.role, m.status) for m in stored] == [("user", "complete"), ("assistant", "complete")]
    # the next conversation with this model sends the folded shape at once
    server.script(Reply(text="And the last index?"))
    again = open_conversation(server, tmp_path)
    await run(again.send("It starts at 1."))
    assert len(server.chat_requests()) == 3
    assert "system" not in [m["role"] for m in server.chat_requests()[-1]["messages"]]


async def test_a_template_that_refuses_even_folded_turns_fails_in_one_line(
    server: ScriptedServer, tmp_path: Path
) -> None:
    refusal = Fault.http(400, "Conversation roles must alternate user/assistant/user/assistant/...")
    server.script(Reply(fault=refusal), Reply(fault=refusal))
    conv = open_conversation(server, tmp_path)
    events = await run(conv.send("hello"))
    failed = events[-1]
    assert isinstance(failed, turn.ReplyFailed) and isinstance(failed.error, RolesRejected)
    assert "chat template refused" in str(failed.error) and "\n" not in str(failed.error)
    assert len(server.chat_requests()) == 2  # folded once, not again and again


async def test_reload_sees_what_another_process_wrote_and_counts_it_afresh(
    server: ScriptedServer, tmp_path: Path
) -> None:
    conv = open_conversation(server, tmp_path)
    server.script(Reply(text="What do you expect it to print?"))
    await run(conv.send("Why does my loop print 11 lines?"))
    before = await conv.preview()
    other = Store.open(conv.store.path)  # another tutor on the same file
    added = other.add_message(conv.session.id, "user", "Because range(11)?")
    await conv.reload()
    grown = await conv.preview()
    assert conv.history[-1].content == "Because range(11)?"
    other.edit_message(added.id, "Because range(11) counts from 0 to 10? " * 20)  # same id
    other.close()
    await conv.reload()
    longer = await conv.preview()
    assert before.plan.prompt_tokens < grown.plan.prompt_tokens < longer.plan.prompt_tokens
    assert longer.plan.prompt_tokens - grown.plan.prompt_tokens > 100  # the new text was counted


async def test_a_message_too_big_for_the_window_is_refused_before_sending(
    server: ScriptedServer, tmp_path: Path
) -> None:
    conv = open_conversation(server, tmp_path, window=2500)
    with pytest.raises(BudgetRefused) as caught:
        await run(conv.send("word " * 5000))
    assert "2,500" in str(caught.value)
    assert server.chat_requests() == []
    assert conv.store.messages(conv.session.id)[-1].content.startswith("word")  # kept


async def test_an_overflow_teaches_the_window_and_the_request_is_retried_once(
    server: ScriptedServer, tmp_path: Path
) -> None:
    conv = open_conversation(server, tmp_path)  # the server reports no window: 8,192 assumed
    for i in range(6):
        server.script(Reply(text="ok?"))
        await run(conv.send(f"long {i} " + "x" * 1500))
    server.configure(window=2400)
    server.script(Reply(text="Fits now?"))
    events = await run(conv.send("and now?"))
    notices = [e.text for e in events if isinstance(e, turn.Notice)]
    assert any("2,400" in n for n in notices)
    assert isinstance(events[-1], turn.ReplyDone) and events[-1].message.content == "Fits now?"
    facts = EndpointFacts(tmp_path / "facts.json")
    assert facts.learned_window(facts.key(server.base_url, "scripted-model")) == 2400


async def test_a_brief_goes_after_the_persona_in_every_request_and_is_never_stored(
    server: ScriptedServer, tmp_path: Path
) -> None:
    conv = open_conversation(server, tmp_path, window=3000)
    conv.set_brief("BRIEF v1: the hidden reference is secret")
    await run(conv.send("first " + "lorem ipsum dolor sit amet " * 60))
    conv.set_brief("BRIEF v2: the student's code changed")
    for i in range(6):  # long enough that older turns leave the window
        await run(conv.send(f"question {i}: " + "lorem ipsum dolor sit amet " * 60))
    persona = PersonaLibrary.load().get("socratic").render().messages()
    first, last = server.chat_requests()[0]["messages"], server.chat_requests()[-1]["messages"]
    assert first[len(persona)] == {"role": "system", "content": first[len(persona)]["content"]}
    assert first[len(persona)]["content"].startswith("BRIEF v1")
    assert last[: len(persona)] == persona and last[len(persona)]["content"].startswith("BRIEF v2")
    assert conv.last_plan is not None and conv.last_plan.plan.dropped_ids  # trimmed, brief kept
    stored = conv.store.messages(conv.session.id)
    assert not any("BRIEF" in m.content for m in stored)
    conv.set_brief(None)
    await run(conv.send("no brief now"))
    assert not any("BRIEF" in m["content"] for m in server.chat_requests()[-1]["messages"])


async def test_a_preview_and_a_send_counting_at_once_send_each_message_exactly_once(
    tmp_path: Path,
) -> None:
    """The meter's preview and a turn both wait on a slow server tokenizer at the same time."""
    import threading

    with ScriptedServer(flavour="llamacpp", window=8192) as server:
        store = Store.open(tmp_path / "s.sqlite3")
        session = store.create_session("socratic", "local", "scripted-model")
        for i in range(3):
            store.add_message(session.id, "user", f"earlier question {i}")
            reply = store.begin_reply(session.id, "scripted-model")
            store.finish_reply(reply, f"earlier answer {i}", "complete")
        spec = EndpointSpec(name="local", base_url=server.base_url, model="scripted-model")
        conv = turn.Conversation(
            store=store,
            session=store.get_session(session.id),
            persona=PersonaLibrary.load().get("socratic"),
            client=ModelClient(spec),
            facts=EndpointFacts(tmp_path / "facts.json"),
        )
        await conv.sizer.counter()  # the window and the tokenizer route are known
        server.tokenize_gate = gate = threading.Event()
        counted = len([r for r in server.requests if "tokenize" in r.path])

        async def waiting() -> int:
            return len([r for r in server.requests if "tokenize" in r.path]) - counted

        preview = asyncio.create_task(conv.preview("a draft being typed"))
        sending = asyncio.create_task(run(conv.send("the message sent")))
        for _ in range(500):
            if await waiting() >= 2:
                break
            await asyncio.sleep(0.01)
        assert await waiting() >= 2, "both should be counting at once"
        gate.set()
        await preview
        await sending
        sent = [m["content"] for m in server.chat_requests()[-1]["messages"]]
        history = [m.content for m in store.messages(session.id)][:-1]  # all but the reply
        for text in history:
            assert sent.count(text) == 1, (text, sent)


async def test_a_plan_overtaken_by_a_send_is_not_kept_for_the_meter(tmp_path: Path) -> None:
    """The meter sizes the next request after a turn; a send that starts meanwhile makes that
    plan stale, and the meter must not show it afterwards."""
    import threading

    with ScriptedServer(flavour="llamacpp", window=8192) as server:
        store = Store.open(tmp_path / "s.sqlite3")
        spec = EndpointSpec(name="local", base_url=server.base_url, model="scripted-model")
        conv = turn.Conversation(
            store=store,
            session=store.create_session("socratic", "local", "scripted-model"),
            persona=PersonaLibrary.load().get("socratic"),
            client=ModelClient(spec),
            facts=EndpointFacts(tmp_path / "facts.json"),
        )
        await conv.sizer.counter()
        server.script(Reply(text="What have you tried?"))
        await run(conv.send("first question"))
        server.tokenize_gate = gate = threading.Event()
        counted = len([r for r in server.requests if "tokenize" in r.path])
        sizing = asyncio.create_task(conv.preview())  # held at the server's tokenizer
        for _ in range(500):
            if len([r for r in server.requests if "tokenize" in r.path]) > counted:
                break
            await asyncio.sleep(0.01)
        server.script(Reply(text="And then?"))
        sending = asyncio.create_task(run(conv.send("second question")))
        gate.set()
        stale = await sizing
        await sending
        assert "second question" not in [m["content"] for m in stale.plan.messages]
        fresh = await conv.preview()
        assert fresh is not stale
        assert "second question" in [m["content"] for m in fresh.plan.messages]


async def test_answering_again_keeps_the_old_reply_current_until_the_new_one_is_complete(
    server: ScriptedServer, tmp_path: Path
) -> None:
    server.script(
        Reply(text="First answer?"),
        Reply(text="Secondpart", chunk_size=3, fault=Fault(drop_after=2)),  # the retry fails
        Reply(text="Third answer?"),
        Reply(text="Next?"),
    )
    conv = open_conversation(server, tmp_path)
    await run(conv.send("hello"))
    first = conv.history[-1]
    events = await run(conv.retry())
    failed = events[-1]
    assert isinstance(failed, turn.ReplyFailed) and not failed.current
    assert failed.message is not None and failed.message.status == "replaced"
    assert failed.message.content == "Secondp"[:6] and failed.message.error  # kept, with why
    assert [m.id for m in conv.history] == [conv.history[0].id, first.id]  # the old stays
    assert conv.store.get_message(first.id).status == "complete"

    done = (await run(conv.retry()))[-1]
    assert isinstance(done, turn.ReplyDone) and done.replaced == (first.id,)
    assert conv.history[-1].content == "Third answer?"
    assert conv.store.get_message(first.id).status == "replaced"

    versions = await conv.versions(done.message.id)
    assert [v.content for v in versions] == ["First answer?", "Secondp"[:6], "Third answer?"]
    await conv.use_version(first.id)  # the student steps back to the first answer
    assert conv.history[-1].id == first.id
    assert [v.status for v in await conv.versions(first.id)] == ["complete", "replaced", "replaced"]
    await run(conv.send("and now?"))
    sent = [m["content"] for m in server.chat_requests()[-1]["messages"]]
    assert "First answer?" in sent and "Third answer?" not in sent
    assert not any(c.startswith("Second") for c in sent)


async def test_stopping_a_new_version_keeps_the_old_reply(
    server: ScriptedServer, tmp_path: Path
) -> None:
    server.script(Reply(text="Kept answer?"), Reply(text="x" * 400, chunk_size=1, delay=0.01))
    conv = open_conversation(server, tmp_path)
    await run(conv.send("hello"))
    kept = conv.history[-1]

    got: list[str] = []

    async def answer_again() -> None:
        async for event in conv.retry():
            if isinstance(event, ReplyText):
                got.append(event.text)

    task = asyncio.create_task(answer_again())
    while len(got) < 3:
        await asyncio.sleep(0.01)
    task.cancel()  # as Esc does, mid-stream
    with pytest.raises(asyncio.CancelledError):
        await task
    assert conv.history[-1].id == kept.id and kept.status == "complete"
    rows = conv.store.messages(conv.session.id, include_replaced=True)
    assert [m.status for m in rows] == ["complete", "complete", "replaced"]


async def test_one_turn_counts_each_text_once_with_a_server_tokenizer(tmp_path: Path) -> None:
    """The meter's preview of the draft, the turn, the usage and the next plan share counts."""
    with ScriptedServer(flavour="llamacpp", window=8192) as server:
        store = Store.open(tmp_path / "s.sqlite3")
        spec = EndpointSpec(name="local", base_url=server.base_url, model="scripted-model")
        conv = turn.Conversation(
            store=store,
            session=store.create_session("socratic", "local", "scripted-model"),
            persona=PersonaLibrary.load().get("socratic"),
            client=ModelClient(spec),
            facts=EndpointFacts(tmp_path / "facts.json"),
        )
        await conv.preview()
        server.script(Reply(text="What have you tried?"))
        before = len(server.requests)
        await conv.preview("my question")  # the meter, as the student types
        await run(conv.send("my question"))
        after = await conv.preview()  # the meter after the reply sizes the next request
        assert (await conv.preview()) is after  # reused, not sized again
        counted = [r.body.decode() for r in server.requests[before:] if r.path == "/tokenize"]
        texts = [t for t in counted if "my question" in t or "What have you tried?" in t]
        assert len(texts) == 2, counted  # the draft once, the reply once
