"""A turn in the app: send and stream, stop, regenerate, edit, Korean text, hostile output."""

from __future__ import annotations

from tests.scripted_server import Fault, Reply, ScriptedServer
from tests.ui.conftest import ready, screen_text, type_text, until, wait_idle
from tutor.core.store import Store
from tutor.ui.app import TutorApp
from tutor.ui.widgets.composer import Composer
from tutor.ui.widgets.turns import Turn

SIZE = (100, 32)


def said(app: TutorApp, words: str) -> bool:
    """True once a toast holding ``words`` has been shown."""
    return any(words in n.message for n in app._notifications)


def turns(app: TutorApp) -> list[Turn]:
    return list(app.screen.query(Turn))


async def test_send_streams_the_reply_and_stores_both(configured: ScriptedServer, store: Store):
    reply = (
        "## Loops\n\nWhat does `i` hold **before** the first pass?\n\n"
        "```python\nfor i in xs:\n    pass\n```\n"
    )
    configured.script(Reply(text=reply, chunk_size=3))
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await type_text(pilot, "how do loops work")
        await pilot.press("enter")
        await wait_idle(pilot)
        shown = screen_text(app)
        assert "how do loops work" in shown
        assert "What does i hold before the first pass?" in shown
        assert "for i in xs:" in shown
        assert app.screen.query_one(Composer).text == ""  # cleared once stored
        sent = configured.chat_requests()[-1]
        assert sent["messages"][-2] == {"role": "user", "content": "how do loops work"}
        assert sent["stream"] is True
    session = store.latest_session()
    assert session is not None and session.title == "how do loops work"
    stored = store.messages(session.id)
    assert [(m.role, m.content, m.status) for m in stored] == [
        ("user", "how do loops work", "complete"),
        ("assistant", reply, "complete"),
    ]


async def test_the_reply_is_on_screen_while_it_streams(configured: ScriptedServer):
    configured.script(Reply(text="First part. " * 20 + "Last part.", chunk_size=6, delay=0.05))
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await type_text(pilot, "go")
        await pilot.press("enter")
        await until(pilot, lambda: "First part." in screen_text(app), "the first words")
        assert "Last part." not in screen_text(app)  # still coming
        await wait_idle(pilot)
        assert "Last part." in screen_text(app)


async def test_escape_stops_the_reply_and_keeps_what_arrived(
    configured: ScriptedServer, store: Store
):
    # held after 30 characters ("Think about the base case. Thi") until the test lets it go
    configured.script(Reply(text="Think about the base case. " * 40, chunk_size=5, hold_after=[6]))
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await type_text(pilot, "recursion?")
        await pilot.press("enter")
        await until(pilot, lambda: "base case. Thi" in screen_text(app), "the reply so far")
        await pilot.press("escape")
        configured.release()
        await wait_idle(pilot)
        assert "stopped — the reply so far is kept" in screen_text(app)
        await type_text(pilot, "still responsive")
        assert app.screen.query_one(Composer).text == "still responsive"
    session = store.latest_session()
    assert session is not None
    reply = store.messages(session.id)[-1]
    assert reply.status == "cancelled"
    assert reply.content == "Think about the base case. Thi"  # what arrived, nothing after


async def test_answering_again_keeps_the_old_reply_until_the_new_one_is_whole(
    configured: ScriptedServer, store: Store
):
    configured.script(
        "What is a list?",
        Reply(text="Arrays have a fixed size. " * 20, chunk_size=4, fault=Fault(drop_after=10)),
        Reply(text="Think of arrays: " + "fixed size, " * 30, chunk_size=4, hold_after=[6]),
        "And then?",
    )
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await type_text(pilot, "data structures")
        await pilot.press("enter")
        await wait_idle(pilot)
        await pilot.press("ctrl+r")  # this attempt breaks off mid-stream
        await wait_idle(pilot)
        shown = screen_text(app)
        assert "What is a list?" in shown and "connection dropped" in shown  # nothing hidden
        await pilot.press("ctrl+r")
        await until(pilot, lambda: "Think of arrays" in screen_text(app), "the new attempt")
        old = [t for t in app.screen.query(Turn) if t.message.content == "What is a list?"]
        assert old and old[0].display  # still there (scroll up to see it) while the new streams
        configured.release()  # the rest of the new reply
        await wait_idle(pilot)
        await until(pilot, lambda: "version 3 of 3" in screen_text(app), "the version mark")
        shown = screen_text(app)
        assert "Think of arrays" in shown and "What is a list?" not in shown
        reply = next(t for t in app.screen.query(Turn) if "arrays" in t.message.content)
        reply.focus()
        await pilot.press("alt+left", "alt+left")  # back to the first answer
        await until(pilot, lambda: "version 1 of 3" in screen_text(app), "the first version")
        assert "What is a list?" in screen_text(app)
        app.screen.query_one(Composer).focus()
        await type_text(pilot, "ok")
        await pilot.press("enter")
        await wait_idle(pilot)
    sent = [m["content"] for m in configured.chat_requests()[-1]["messages"]]
    assert "What is a list?" in sent and not any("Think of arrays" in m for m in sent)


async def test_regenerate_replaces_the_last_reply(configured: ScriptedServer, store: Store):
    configured.script("What is a list?", "What is an array?")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await type_text(pilot, "data structures")
        await pilot.press("enter")
        await wait_idle(pilot)
        assert "What is a list?" in screen_text(app)
        await pilot.press("ctrl+r")
        await wait_idle(pilot)
        shown = screen_text(app)
        assert "What is an array?" in shown
        assert "What is a list?" not in shown
        assert len(configured.chat_requests()) == 2
        assert configured.chat_requests()[1]["messages"][-2]["content"] == "data structures"
    session = store.latest_session()
    assert session is not None
    every = store.messages(session.id, include_replaced=True)
    assert [(m.content, m.status) for m in every if m.role == "assistant"] == [
        ("What is a list?", "replaced"),
        ("What is an array?", "complete"),
    ]


async def test_edit_last_message_and_resend(configured: ScriptedServer, store: Store):
    configured.script("Which sort?", "Why merge sort?")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await type_text(pilot, "explain sortt")
        await pilot.press("enter")
        await wait_idle(pilot)
        await type_text(pilot, "my draft")
        await pilot.press("ctrl+l")
        composer = app.screen.query_one(Composer)
        assert composer.text == "explain sortt" and composer.editing
        await pilot.press("backspace", "backspace", *"t", "space", *"merge")
        await pilot.press("enter")
        await wait_idle(pilot)
        shown = screen_text(app)
        assert "explain sort merge" in shown and "Why merge sort?" in shown
        assert "Which sort?" not in shown
        assert [t.message.content for t in turns(app)] == ["explain sort merge", "Why merge sort?"]
        assert composer.text == "my draft"  # the draft came back after the edit
        assert configured.chat_requests()[-1]["messages"][-2]["content"] == "explain sort merge"
    session = store.latest_session()
    assert session is not None
    current = store.messages(session.id)
    assert [m.content for m in current] == ["explain sort merge", "Why merge sort?"]


async def test_korean_text_is_typed_shown_sent_and_stored_exactly(
    configured: ScriptedServer, store: Store
):
    question = "정렬 알고리즘이 왜 O(n log n)인가요?\n두 번째 줄"
    configured.script("좋은 질문이에요. 배열을 반으로 나누면 몇 번 나눌 수 있을까요?")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await type_text(pilot, question)
        assert app.screen.query_one(Composer).text == question
        await pilot.press("enter")
        await wait_idle(pilot)
        shown = screen_text(app)
        assert "정렬 알고리즘이 왜 O(n log n)인가요?" in shown
        assert "배열을 반으로 나누면" in shown
        assert configured.chat_requests()[-1]["messages"][-2]["content"] == question
    session = store.latest_session()
    assert session is not None
    assert store.messages(session.id)[0].content == question


async def test_pasting_a_large_block_of_code(server: ScriptedServer, store: Store):
    from textual import events

    from tests.ui.conftest import write_config

    write_config(server, endpoint={"context_window": 32768})
    configured = server
    code = "\n".join(f"def f{i}(x):\n    return x * {i}  # 주석 {i}" for i in range(300))
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        composer = app.screen.query_one(Composer)
        app.post_message(events.Paste(code))  # as the terminal delivers a paste
        await until(pilot, lambda: composer.text == code, "the paste")
        await pilot.press("enter")
        await wait_idle(pilot)
        assert configured.chat_requests()[-1]["messages"][-2]["content"] == code
    session = store.latest_session()
    assert session is not None
    assert store.messages(session.id)[0].content == code


async def test_a_reply_full_of_control_characters_is_shown_inert(
    configured: ScriptedServer, store: Store
):
    hostile = (
        "Clear\x1b[2J then \x1b]0;pwned\x07 title, \x1b[31mred\x1b[0m, bell\x07, \x10\x1e, \x9b."
    )
    configured.script(Reply(text=hostile, chunk_size=2))
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await type_text(pilot, "hi")
        await pilot.press("enter")
        await wait_idle(pilot)
        shown = screen_text(app)
        assert "Clear␛[2J then ␛]0;pwned␇ title, ␛[31mred␛[0m, bell␇, ␐␞" in shown
        svg = app.export_screenshot()
        assert "\x1b" not in shown and "\x07" not in shown and "\x1b" not in svg
        app.screen.notify("server said: [bold]x[/ \x1b]0;pwned\x07")  # e.g. a quoted error
        await pilot.pause(0.1)
        notes = [(n.message, n.markup) for n in app._notifications]
        assert ("server said: [bold]x[/ ␛]0;pwned␇", False) in notes and app.is_running
    session = store.latest_session()
    assert session is not None
    assert store.messages(session.id)[-1].content == hostile  # stored exactly


async def test_copying_a_reply_and_its_code_block(configured: ScriptedServer):
    configured.script("Try this shape:\n\n```python\nprint('hi')\n```\n")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await type_text(pilot, "show me")
        await pilot.press("enter")
        await wait_idle(pilot)
        await pilot.press("ctrl+g")
        assert app.clipboard == "Try this shape:\n\n```python\nprint('hi')\n```\n"
        await pilot.press("shift+tab")
        focused = app.focused
        assert isinstance(focused, Turn) and focused.message.role == "assistant"
        await pilot.press("ctrl+k")
        assert app.clipboard == "print('hi')\n"
        await pilot.press("up", "ctrl+c")
        assert app.clipboard == "show me"


async def test_the_draft_survives_switching_sessions(configured: ScriptedServer, store: Store):
    from tests.ui.conftest import import_example

    other = import_example(store, "recursion-socratic")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await type_text(pilot, "half-written thought")
        screen = app.screen
        await screen.open_session(None)  # type: ignore[attr-defined]
        composer = screen.query_one(Composer)
        assert composer.text == ""
        await screen.open_session(other.id)  # type: ignore[attr-defined]
        assert composer.text == "half-written thought"


async def test_the_view_follows_the_stream_unless_the_student_scrolled_up(
    configured: ScriptedServer,
):
    long = "".join(f"Line {i}: what holds here?\n\n" for i in range(60))
    configured.script(
        Reply(text=long, chunk_size=20, delay=0.01), Reply(text=long, chunk_size=20, delay=0.01)
    )
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        view = app.screen.query_one("#conversation")
        await type_text(pilot, "go")
        await pilot.press("enter")
        await until(pilot, lambda: view.max_scroll_y > 10, "the reply to pass the fold")
        assert view.scroll_y >= view.max_scroll_y - 1  # following the newest words
        await wait_idle(pilot)
        await until(pilot, lambda: "Line 59:" in screen_text(app), "the end to be in view")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: view.max_scroll_y > 20, "the next reply to grow")
        view.scroll_home(animate=False, immediate=True)  # the student scrolls up to read
        await wait_idle(pilot)
        assert view.scroll_y == 0 and "Line 59:" not in screen_text(app)


async def test_page_keys_scroll_the_conversation_from_the_composer(
    configured: ScriptedServer, store: Store
):
    from tests.ui.conftest import session_json

    pairs = [(f"q{i}", f"a{i}\n\nsecond line\n\nthird line") for i in range(20)]
    store.import_json(session_json("Long", pairs), source="t")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        view = app.screen.query_one("#conversation")
        assert isinstance(app.focused, Composer)
        bottom = view.scroll_y
        await pilot.press("pageup")
        await until(pilot, lambda: view.scroll_y < bottom, "the view to scroll up")
        await pilot.press("pagedown", "pagedown")
        await until(pilot, lambda: view.scroll_y == bottom, "the view to come back down")
        assert isinstance(app.focused, Composer)


async def test_quitting_mid_reply_keeps_the_partial_reply(configured: ScriptedServer, store: Store):
    configured.script(Reply(text="Slowly, step by step. " * 50, chunk_size=5, delay=0.02))
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await type_text(pilot, "go")
        await pilot.press("enter")
        await until(pilot, lambda: "Slowly" in screen_text(app), "the reply to start")
        await pilot.press("ctrl+q")
        await pilot.pause(0.2)
    assert app.return_code in (0, None)
    session = store.latest_session()
    assert session is not None
    reply = store.messages(session.id)[-1]
    assert reply.status == "cancelled" and reply.content.startswith("Slowly, step by step.")


async def test_enter_while_a_reply_comes_sends_once_it_has_ended(
    configured: ScriptedServer, store: Store
):
    """A student who types on and presses Enter before the reply's turn is over: the message
    waits for the reply (said), then goes by itself — after a complete reply, never over it."""
    configured.script(Reply(chunks=["What is ", "a base case?"], hold_after=[1]), "And next?")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await type_text(pilot, "recursion")
        await pilot.press("enter")
        await until(pilot, lambda: "What is" in screen_text(app), "the first words")
        await type_text(pilot, "when it stops")
        await pilot.press("enter")
        await until(pilot, lambda: said(app, "goes once this reply has ended"), "the toast")
        assert len(configured.chat_requests()) == 1  # nothing went over the reply
        assert app.screen.query_one(Composer).text == "when it stops"  # kept meanwhile
        configured.release()
        await until(pilot, lambda: "And next?" in screen_text(app), "the queued message's reply")
        await wait_idle(pilot)
        second = [m["content"] for m in configured.chat_requests()[1]["messages"]]
        asked = second.index("recursion")
        assert second[asked : asked + 3] == ["recursion", "What is a base case?", "when it stops"]
        assert app.screen.query_one(Composer).text == ""


async def test_enter_while_a_reply_fails_keeps_the_text_unsent(
    configured: ScriptedServer, store: Store
):
    configured.script(
        Reply(chunks=["What is ", "a base ", "case?"], hold_after=[1], fault=Fault(drop_after=2))
    )
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await type_text(pilot, "recursion")
        await pilot.press("enter")
        await until(pilot, lambda: "What is" in screen_text(app), "the first words")
        await type_text(pilot, "when it stops")
        await pilot.press("enter")
        configured.release()
        await until(pilot, lambda: said(app, "not sent — the reply did not finish"), "the refusal")
        await wait_idle(pilot)
        assert len(configured.chat_requests()) == 1
        assert app.screen.query_one(Composer).text == "when it stops"
