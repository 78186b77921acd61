"""Every way a reply can fail shows one line where the reply would be, with Retry; nothing lost."""

from __future__ import annotations

import pytest

from tests.scripted_server import Fault, Reply, ScriptedServer
from tests.ui.conftest import (
    paste,
    ready,
    screen_text,
    wait_idle,
    widget_text,
    write_config,
)
from tutor.core.store import Store
from tutor.ui.app import TutorApp
from tutor.ui.composer import Composer
from tutor.ui.turns import ErrorRow, Turn

SIZE = (110, 32)
PARTIAL = "Let us look at the first half of the array and "


def squeezed(text: str) -> str:
    return "".join(text.split())


FAULTS = {
    "key rejected (401)": ([Reply(fault=Fault.http(401))], "API key (401)"),
    "model not found (404)": ([Reply(fault=Fault.http(404))], "not"),
    "rate limited, long wait (429)": ([Reply(fault=Fault.http(429, retry_after=90))], "429"),
    "out of credit (429)": ([Reply(fault=Fault.quota())], "credit"),
    "bad request (400)": ([Reply(fault=Fault.http(400))], "400"),
    "server error every time (500)": ([Reply(fault=Fault.http(500))] * 4, "500"),
    "dropped mid-reply": (
        [Reply(text=PARTIAL + "more", chunk_size=4, fault=Fault(drop_after=12))],
        "dropped",
    ),
    "stalled mid-reply": (
        [Reply(text=PARTIAL + "more", chunk_size=4, fault=Fault(stall_after=12, stall_seconds=3))],
        "no data",
    ),
    "malformed chunk": (
        [Reply(text=PARTIAL + "more", chunk_size=4, fault=Fault(malformed_after=12))],
        "malformed",
    ),
    "window overflow twice": ([Reply(fault=Fault(overflow="openai", window=3000))] * 2, "window"),
    "no first byte in time": ([Reply(text="late", first_byte_delay=2.0)] * 4, "no answer"),
}


@pytest.mark.parametrize("name", list(FAULTS))
async def test_a_fault_is_one_inline_line_with_retry(
    name: str, server: ScriptedServer, store: Store
) -> None:
    replies, words = FAULTS[name]
    write_config(server, endpoint={"timeout": 0.5, "stall_timeout": 0.5})
    server.script(*replies)
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await paste(pilot, "split it")
        await pilot.press("enter")
        await wait_idle(pilot)
        await paste(pilot, "next thought")  # typed after the failure: the draft is kept
        rows = list(app.screen.query(ErrorRow))
        assert len(rows) == 1, screen_text(app)
        session = store.latest_session()
        assert session is not None
        student, reply = store.messages(session.id)
        assert (student.role, student.content) == ("user", "split it")
        assert reply.status == "error" and reply.error
        assert "\n" not in reply.error and "Traceback" not in reply.error
        assert words in reply.error
        shown = screen_text(app)
        on_screen = widget_text(app, rows[0].query_one(".error-text"))
        assert squeezed(on_screen) == squeezed(f"⚠ {reply.error}")  # wrapping aside
        assert widget_text(app, rows[0].query_one("#retry")) == "Retry"
        assert "split it" in shown
        if reply.content:  # the part that arrived before a mid-reply failure stays visible
            assert reply.content.startswith(PARTIAL[:20])
            assert PARTIAL[:20] in shown
        server.script("Which half holds the answer?")
        await pilot.click("#retry")
        await wait_idle(pilot)
        shown = screen_text(app)
        assert "Which half holds the answer?" in shown
        assert not app.screen.query(ErrorRow)
        assert app.screen.query_one(Composer).text == "next thought"
    final = store.messages(session.id)
    assert [(m.role, m.status) for m in final] == [("user", "complete"), ("assistant", "complete")]


async def test_a_server_that_went_away_is_reported_and_retry_works_when_it_is_back(
    server: ScriptedServer, store: Store
) -> None:
    write_config(server)
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        port = server.port
        server.stop()
        await paste(pilot, "anyone there")
        await pilot.press("enter")
        await wait_idle(pilot)
        row = app.screen.query_one(ErrorRow)
        assert "cannot connect" in row.error and str(port) in row.error
        with ScriptedServer(port=port) as again:
            again.script("Yes — what are you working on?")
            await pilot.press("ctrl+r")
            await wait_idle(pilot)
            assert "Yes — what are you working on?" in screen_text(app)
    session = store.latest_session()
    assert session is not None
    assert [m.content for m in store.messages(session.id)] == [
        "anyone there",
        "Yes — what are you working on?",
    ]


async def test_a_message_too_long_for_the_window_is_kept_and_says_what_to_do(
    server: ScriptedServer, store: Store
) -> None:
    write_config(server, endpoint={"context_window": 2500})
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        composer = app.screen.query_one(Composer)
        composer.load_text("long question " * 1500)
        await pilot.press("enter")
        await wait_idle(pilot)
        row = app.screen.query_one(ErrorRow)
        assert "tokens" in row.error
        assert not server.chat_requests()  # refused before sending
        assert [t.message.role for t in app.screen.query(Turn)] == ["user"]
    session = store.latest_session()
    assert session is not None
    assert store.messages(session.id)[0].content == "long question " * 1500
