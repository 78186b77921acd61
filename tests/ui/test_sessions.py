"""Sessions in the app: new with a persona, resume, rename, delete, search, export, sidebar."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from tests.scripted_server import ScriptedServer
from tests.ui.conftest import (
    import_example,
    main_screen,
    open_palette,
    paste,
    ready,
    screen_text,
    send_from_composer,
    session_json,
    type_text,
    until,
    wait_idle,
    widget_text,
)
from tutor.core.config import paths
from tutor.core.endpoint.spec import NO_KEY
from tutor.core.store import Store
from tutor.ui.app import TutorApp
from tutor.ui.dialogs.persona_picker import PersonaPicker
from tutor.ui.dialogs.search import SearchScreen
from tutor.ui.session.store_watch import StoreWatch
from tutor.ui.widgets.conversation_view import PAGE, EarlierMarker
from tutor.ui.widgets.header_bar import HeaderBar
from tutor.ui.widgets.session_list import SessionList
from tutor.ui.widgets.turns import Turn

SIZE = (110, 34)


async def test_new_session_with_a_persona_picked_by_its_cost(
    configured: ScriptedServer, store: Store
):
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+n")
        await until(pilot, lambda: isinstance(app.screen, PersonaPicker), "the persona picker")
        await until(pilot, lambda: "counting" not in screen_text(app), "the costs")
        shown = screen_text(app)
        for name in ("Socratic tutor", "Algorithm coach", "Explainer"):
            assert name in shown
        assert shown.count("tokens always sent") == 3
        await pilot.press("down", "down", "enter")  # socratic, algorithm-coach, explainer
        await until(pilot, lambda: app.screen.id == "main", "the main screen")
        assert "Explainer" in widget_text(app, app.screen.query_one(HeaderBar))
        configured.script("What do you already know about hashing?")
        await paste(pilot, "hash maps")
        await pilot.press("enter")
        await wait_idle(pilot)
        system = configured.chat_requests()[-1]["messages"][0]["content"]
        assert system.startswith("You are a clear, direct teacher")
    session = store.latest_session()
    assert session is not None and session.persona == "explainer"


def write_persona(name: str, text: str) -> Path:
    folder = paths.user_personas_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


async def test_a_user_persona_with_a_required_variable(configured: ScriptedServer, store: Store):
    write_persona(
        "kata",
        "name: Kata coach\ndescription: Drills one kata.\nvariables:\n  kata: null\n"
        "system: You coach the kata {{kata}}. Ask one question at a time.\n",
    )
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+n")
        await until(pilot, lambda: "Kata coach" in screen_text(app), "the user's persona")
        assert "(your file)" in screen_text(app)
        picker = app.screen
        ids = [p.id for p in picker.personas]  # type: ignore[attr-defined]
        await pilot.press(*["down"] * ids.index("kata"), "enter")
        await until(pilot, lambda: "needs 'kata'" in screen_text(app), "the variable prompt")
        await type_text(pilot, "bowling")
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.id == "main", "the main screen")
        await paste(pilot, "ready")
        await pilot.press("enter")
        await wait_idle(pilot)
        system = configured.chat_requests()[-1]["messages"][0]["content"]
        assert system == "You coach the kata bowling. Ask one question at a time."
    session = store.latest_session()
    assert session is not None
    assert (session.persona, session.variables) == ("kata", {"kata": "bowling"})


async def test_a_persona_file_edited_on_disk_is_reloaded_and_its_errors_shown(
    configured: ScriptedServer,
):
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        write_persona(
            "late", "name: Late arrival\ndescription: Added while running.\nsystem: Hi.\n"
        )
        await until(
            pilot, lambda: "late" in main_screen(app).desk.workspace.personas.personas, "reload"
        )
        write_persona("broken", "name: Broken\nsystem: [unclosed\n")
        await until(
            pilot,
            lambda: any("broken.yaml" in n.message for n in app._notifications),
            "the problem to be shown",
        )
        assert app.is_running
        await pilot.press("ctrl+n")
        await until(pilot, lambda: "Late arrival" in screen_text(app), "the new persona")
        area = app.screen.query_one("#persona-problems")
        broken = f"{paths.user_personas_dir() / 'broken.yaml'}:3:1: YAML syntax error"
        listed = str(area.query_one(Static).render()).splitlines()
        assert any(line.startswith(broken) for line in listed), listed  # whatever the path's length
        shown = "".join(widget_text(app, area).split())  # on screen too, wrapping aside
        assert "".join(broken.split()) in shown


async def test_resume_a_session_from_the_sidebar(configured: ScriptedServer, store: Store):
    older = import_example(store, "recursion-socratic")
    newer = import_example(store, "two-sum-ko")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        sidebar = app.screen.query_one(SessionList)
        assert [s.id for s in sidebar.sessions] == [newer.id, older.id]  # newest first
        listed = widget_text(app, sidebar)
        assert "Two Sum — 완전 탐색에서 O(…" in listed and "algorithm-coach ·" in listed
        assert "Recursion, from a queue of…" in listed and "socratic · 2026-11-18" in listed
        assert "Two Sum" in widget_text(app, app.screen.query_one(HeaderBar))  # newest opened
        sidebar.focus()
        await pilot.press("down", "enter")
        await until(pilot, lambda: "Recursion" in widget_text(app, app.screen.query_one(HeaderBar)))
        await ready(pilot)
        shown = [t.message.content for t in app.screen.query(Turn)]
        assert shown == [m.content for m in store.messages(older.id)]
        assert shown[-1][:30] in screen_text(app)  # scrolled to the newest turn
        sent = await send_from_composer(
            pilot, configured, "sum_list([])?", "What is the base case here?"
        )
        assert "I don't get recursion" in json.dumps(sent, ensure_ascii=False)
    assert store.messages(older.id)[-1].content == "What is the base case here?"


async def test_rename_and_delete_a_session(configured: ScriptedServer, store: Store):
    first = import_example(store, "recursion-socratic")
    second = import_example(store, "two-sum-ko")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        sidebar = app.screen.query_one(SessionList)
        sidebar.focus()
        await pilot.press("down", "f2")
        await until(pilot, lambda: "Rename the session" in screen_text(app), "the rename dialog")
        await type_text(pilot, "재귀 복습")  # the old title starts selected: typing replaces it
        await pilot.press("enter")
        await until(pilot, lambda: "재귀 복습" in widget_text(app, sidebar), "the new title")
        assert store.get_session(first.id).title == "재귀 복습"
        at = [s.id for s in sidebar.sessions].index(second.id)
        await pilot.press("home", *["down"] * at, "delete")
        await until(pilot, lambda: "Delete the session" in screen_text(app), "the confirmation")
        await pilot.press("enter")  # Cancel has the focus: Enter alone never deletes
        await until(pilot, lambda: "Delete the session" not in screen_text(app), "no dialog")
        assert store.get_session(second.id) and len(sidebar.sessions) == 2
        sidebar.focus()
        await pilot.press("delete")
        await until(pilot, lambda: "Delete the session" in screen_text(app), "the confirmation")
        await pilot.press("tab", "enter")  # the Delete button, on purpose
        await until(pilot, lambda: len(sidebar.sessions) == 1, "the sidebar to update")
        # The open session was the deleted one: the remaining one is opened.
        header = app.screen.query_one(HeaderBar)
        await until(pilot, lambda: "재귀 복습" in widget_text(app, header), "the other session")
        assert store.get_session(second.id)  # kept while it can still be undone
        sidebar.focus()
        await pilot.press("ctrl+z")
        await until(pilot, lambda: len(sidebar.sessions) == 2, "the session back")
        at = [s.id for s in sidebar.sessions].index(second.id)
        await pilot.press("home", *["down"] * at, "delete")
        await until(pilot, lambda: "Delete the session" in screen_text(app), "the confirmation")
        await pilot.press("tab", "enter")
        await until(pilot, lambda: len(sidebar.sessions) == 1, "the sidebar to update")
    # Leaving the app deletes what was waiting out its undo time.
    assert [s.id for s in store.list_sessions()] == [first.id]


async def test_search_all_sessions_and_open_a_hit(configured: ScriptedServer, store: Store):
    recursion = import_example(store, "recursion-socratic")
    import_example(store, "two-sum-ko")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+f")
        await until(pilot, lambda: "Search all sessions" in screen_text(app), "the search")
        await type_text(pilot, "복잡도")
        await until(pilot, lambda: "2 messages found" in screen_text(app), "Korean results")
        assert "Two Sum" in screen_text(app)
        await pilot.press("ctrl+u")
        await paste(pilot, "base case")
        await until(pilot, lambda: "3 messages found" in screen_text(app), "the results")
        shown = screen_text(app)
        assert "Recursion, from a queue" in shown and "base case" in shown
        hits = app.screen.found  # type: ignore[attr-defined]
        assert all(h.session_id == recursion.id for h in hits)
        await pilot.press("down", "down", "enter")  # the second hit
        await until(pilot, lambda: app.screen.id == "main", "the session to open")
        await until(pilot, lambda: isinstance(app.focused, Turn), "the hit to be focused")
        assert app.focused.message.id == hits[1].message_id  # type: ignore[union-attr]
        assert "Recursion" in widget_text(app, app.screen.query_one(HeaderBar))


@pytest.mark.parametrize("how", ["palette", "sidebar"])
async def test_export_a_session(
    how: str, configured: ScriptedServer, store: Store, tmp_path: Path, monkeypatch
):
    folder = paths.exports_dir()  # made when the first export is written
    monkeypatch.chdir(tmp_path)  # not where exports go
    info = import_example(store, "two-sum-ko")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        if how == "palette":
            await open_palette(pilot)
            await paste(pilot, "export: Markdown")
            await until(pilot, lambda: "write this session as Markdown" in screen_text(app))
            await pilot.press("enter")
        else:
            app.screen.query_one(SessionList).focus()
            await pilot.press("f3")
            await until(pilot, lambda: "Export as" in screen_text(app), "the format choice")
            await pilot.press("down", "enter")
        await until(pilot, lambda: "Enter writes the file" in screen_text(app), "the path")
        await pilot.press("enter")
        await until(pilot, lambda: folder.is_dir() and any(folder.iterdir()), "the file")
        await until(pilot, lambda: any("exported to" in n.message for n in app._notifications))
        said = next(n.message for n in app._notifications if "exported to" in n.message)
    (written,) = folder.iterdir()
    assert said == f"exported to {written}"  # the student is told where it went
    if how == "palette":
        assert written.name.startswith(f"tutor-{info.id}-two-sum") and written.suffix == ".md"
        assert written.read_text(encoding="utf-8") == store.export_markdown(info.id)
    else:
        assert written.suffix == ".json"
        assert json.loads(written.read_text(encoding="utf-8")) == store.export_json(info.id)


async def test_older_turns_load_as_the_student_scrolls_up(configured: ScriptedServer, store: Store):
    pairs = [(f"question {i}", f"answer {i}") for i in range(50)]
    info = store.import_json(session_json("Long session", pairs), source="test")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        view = app.screen.query_one("#conversation")
        assert len(view.query(Turn)) == PAGE
        earlier = 100 - PAGE
        assert f"{earlier} earlier messages" in str(view.query_one(EarlierMarker).render())
        assert "answer 49" in screen_text(app)  # the view starts at the newest turn
        view.scroll_home(animate=False, immediate=True)
        await until(pilot, lambda: len(view.query(Turn)) == 2 * PAGE, "a page to load")
        await until(pilot, lambda: view.scroll_y > 0, "the view to stay where it was")
        # What was at the top is still in view.
        top = f"question {earlier // 2}"
        await until(pilot, lambda: top in screen_text(app), "the view to stay")
        count = 2 * PAGE
        while count < 100:
            count = min(100, count + PAGE)
            view.scroll_home(animate=False, immediate=True)
            await until(pilot, lambda n=count: len(view.query(Turn)) == n, "the next page")  # type: ignore[misc]
            await until(pilot, lambda: view.scroll_y > 0, "the view to stay where it was")
        assert not view.query(EarlierMarker)
        assert [t.message.content for t in view.query(Turn)][:2] == ["question 0", "answer 0"]
        view.scroll_home(animate=False, immediate=True)
        await until(pilot, lambda: "question 0" in screen_text(app), "the first turn")
    assert store.message_count(info.id) == 100


async def test_the_sidebar_hides_and_stays_hidden(configured: ScriptedServer, store: Store):
    import_example(store, "two-sum-ko")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert "Two Sum" in widget_text(app, app.screen.query_one(SessionList))
        await pilot.press("ctrl+s")
        assert not app.screen.query_one("#sidebar").display
    again = TutorApp()
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert not again.screen.query_one("#sidebar").display
        await pilot.press("ctrl+s")
        assert again.screen.query_one("#sidebar").display


async def test_a_session_whose_persona_is_gone_opens_with_the_default(
    configured: ScriptedServer, store: Store
):
    data = session_json("Old kata", [("hello", "hi")])
    data["session"]["persona"] = "deleted-persona"
    info = store.import_json(data, source="test")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await until(
            pilot,
            lambda: any("deleted-persona" in n.message for n in app._notifications),
            "the warning",
        )
        assert "Socratic tutor" in widget_text(app, app.screen.query_one(HeaderBar))
        configured.script("Go on.")
        await paste(pilot, "again")
        await pilot.press("enter")
        await wait_idle(pilot)
        assert "Go on." in screen_text(app)
    assert store.get_session(info.id).persona == "deleted-persona"  # the record is unchanged
    assert [m.content for m in store.messages(info.id)][-1] == "Go on."


async def test_a_session_deleted_by_another_tutor_is_reported(
    configured: ScriptedServer, store: Store
):
    gone = import_example(store, "recursion-socratic")
    import_example(store, "two-sum-ko")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        watch = main_screen(app).query_one(StoreWatch)
        assert watch.timer is not None
        watch.timer.pause()  # a click on an entry the watch has not caught up with yet
        store.delete_session(gone.id)  # another process
        sidebar = app.screen.query_one(SessionList)
        sidebar.focus()
        await pilot.press("down", "enter")
        await until(
            pilot, lambda: any(f"no session {gone.id}" in n.message for n in app._notifications)
        )
        assert app.is_running
        await until(pilot, lambda: len(sidebar.sessions) == 1, "the sidebar to catch up")


async def test_what_another_tutor_writes_shows_up_in_the_sidebar_and_the_open_session(
    configured: ScriptedServer, store: Store
):
    opened = import_example(store, "recursion-socratic")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        sidebar = app.screen.query_one(SessionList)
        # `tutor ask` in another terminal starts a session (``store`` is another connection)
        other = store.create_session("explainer", "local", "tiny")
        store.add_message(other.id, "user", "힙 정렬은 왜 불안정한가요?")
        await until(pilot, lambda: len(sidebar.sessions) == 2, "the new session in the sidebar")
        assert "힙 정렬은 왜 불안정한가요?"[:10] in widget_text(app, sidebar)
        # ... and `tutor ask --continue` goes on with the session open here, reply and all
        store.add_message(opened.id, "user", "What about an empty list?")
        reply = store.begin_reply(opened.id, "tiny")
        store.update_reply(reply, "What does sum_list return when there is")
        await until(pilot, lambda: "sum_list return when there is" in screen_text(app))
        growing = next(t for t in app.screen.query(Turn) if t.message_id == reply)
        store.finish_reply(reply, "What does sum_list return when there is nothing?", "complete")
        await until(pilot, lambda: "when there is nothing?" in screen_text(app), "the finish")
        assert growing.is_mounted and growing.message.status == "complete"  # redrawn in place
        # the next turn sent from the app carries what the other process added
        sent = await send_from_composer(pilot, configured, "zero, I think", "And for one?")
        said = [m["content"] for m in sent if m["role"] in ("user", "assistant")]
        assert said[-3:] == [
            "What about an empty list?",
            "What does sum_list return when there is nothing?",
            "zero, I think",
        ]
        turns = [t.message.content for t in app.screen.query(Turn)]
        assert turns == [m.content for m in store.messages(opened.id)][-len(turns) :]
        # with nothing new elsewhere, the session on screen is left as it is (not redrawn):
        # the once-a-second look at the store runs twice more, and nothing changes
        shown = list(app.screen.query(Turn))
        await looks_at_the_store(pilot, times=2)
        assert list(app.screen.query(Turn)) == shown


async def looks_at_the_store(pilot: Any, *, times: int) -> None:
    """Run the store watch's once-a-second look ``times`` times, and what it starts, to the end
    (the check a timer would make; nothing waits on the clock)."""
    app = pilot.app
    watch = main_screen(app).query_one(StoreWatch)
    for _ in range(times):
        await watch.check().wait()
        await pilot.pause()  # what it posted is handled; the workers that starts, finished:
        await until(
            pilot,
            lambda: (
                not any(
                    w.is_running for w in app.workers if w.group in ("catch-up", "list-sessions")
                )
            ),
            "the catch-up",
        )


async def test_the_open_session_deleted_by_another_tutor_is_said_once(
    configured: ScriptedServer, store: Store
):
    opened = import_example(store, "recursion-socratic")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        store.delete_session(opened.id)
        said = "this session was deleted by another tutor"
        await until(pilot, lambda: any(said in n.message for n in app._notifications))
        store.create_session("socratic", "local", "tiny")  # another change: not said again
        sidebar = app.screen.query_one(SessionList)
        await until(pilot, lambda: len(sidebar.sessions) == 1, "the sidebar to catch up")
        await looks_at_the_store(pilot, times=2)
        assert sum(said in n.message for n in app._notifications) == 1
        assert "sum_list" in screen_text(app)  # what was on screen stays


async def test_the_sidebar_lists_older_sessions_as_the_highlight_reaches_its_end(
    configured: ScriptedServer, store: Store, monkeypatch: pytest.MonkeyPatch
):
    from tutor.ui.widgets import session_list

    monkeypatch.setattr(session_list, "PAGE_SESSIONS", 5)
    made = [
        store.create_session("socratic", "local", "m", title=f"topic {i:02d}") for i in range(12)
    ]
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        sidebar = app.screen.query_one(SessionList)
        assert [s.title for s in sidebar.sessions] == [f"topic {i:02d}" for i in (11, 10, 9, 8, 7)]
        assert sidebar.more
        sidebar.focus()
        await pilot.press("end")  # the last listed: the next page comes
        await until(pilot, lambda: len(sidebar.sessions) == 10, "the second page")
        assert sidebar.highlighted == 4  # the student stays where they were
        await pilot.press("end")
        await until(pilot, lambda: len(sidebar.sessions) == 12, "the last page")
        assert not sidebar.more and sidebar.sessions[-1].id == made[0].id
        assert sidebar.highlighted == 9
        await pilot.press("end", "enter")  # the oldest session opens
        await until(pilot, lambda: "topic 00" in widget_text(app, app.screen.query_one(HeaderBar)))


async def test_a_model_picked_once_on_the_command_line_is_not_what_new_sessions_use(
    configured: ScriptedServer, store: Store
):
    """`tutor ask --model other-model` once: the newest session remembers other-model, and a new
    session in the app uses the endpoint's own model again."""
    configured.models = ["scripted-model", "other-model"]
    store.create_session("socratic", "local", "other-model", title="asked with --model")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert "other-model" in widget_text(app, app.screen.query_one(HeaderBar))
        await open_palette(pilot)
        await paste(pilot, "session: new")
        await until(pilot, lambda: "Start a new session" in screen_text(app), "the command")
        await pilot.press("enter")
        await until(pilot, lambda: "Socratic" in screen_text(app), "the persona picker")
        await pilot.press("enter")
        await until(pilot, lambda: "New session" in screen_text(app), "the new session")
        await ready(pilot)
        assert "scripted-model" in widget_text(app, app.screen.query_one(HeaderBar))
        configured.script("Fine.")
        await paste(pilot, "hello")
        await pilot.press("enter")
        await wait_idle(pilot)
    assert configured.chat_requests()[-1]["model"] == "scripted-model"
    assert store.latest_session().model == "scripted-model"  # type: ignore[union-attr]


async def test_the_palettes_session_search_entry_opens_the_search(
    configured: ScriptedServer, store: Store
):
    import_example(store, "two-sum-ko")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_palette(pilot)
        await paste(pilot, "session: search")
        await until(pilot, lambda: "Search all sessions" in screen_text(app), "the entry")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), "the search")
        await type_text(pilot, "복잡도")  # the query field has the focus
        await until(pilot, lambda: "2 messages found" in screen_text(app), "the results")
        assert "Two Sum" in screen_text(app)


class Noting(TutorApp):
    """The app, keeping every toast it was asked to show (a toast times out of the screen)."""

    def __init__(self) -> None:
        super().__init__()
        self.toasts: list[str] = []

    def notify(self, message: str, **kwargs: Any) -> None:
        self.toasts.append(message)
        super().notify(message, **kwargs)


async def test_an_imported_session_on_an_unknown_endpoint_goes_on_without_the_key_said_once(
    configured: ScriptedServer, store: Store, monkeypatch: pytest.MonkeyPatch
):
    """The shared file names another server; the student's OPENAI_API_KEY (for the OpenAI API
    only) is in the environment. The app continues on the configured endpoint, which has no
    key: no request carries the student's (the SDK sends its stand-in ``not-needed``), the
    other server hears nothing, and the switch is said once however many turns follow."""
    key = "sk-student-own-key-app-7c2e91"
    monkeypatch.setenv("OPENAI_API_KEY", key)
    with ScriptedServer(models=["stranger-model"]) as stranger:
        shared = session_json("Shared with me", [("What is recursion?", "What do you think?")])
        shared["session"]["endpoint"] = stranger.base_url
        shared["session"]["model"] = "stranger-model"
        imported = store.import_json(shared, source="shared.json")
        app = Noting()
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            assert "Shared with me" in widget_text(app, app.screen.query_one(HeaderBar))
            await send_from_composer(pilot, configured, "next question", "What is the base case?")
            await send_from_composer(pilot, configured, "and then?", "And after it?")
            assert "And after it?" in screen_text(app)
        assert stranger.requests == []
    said = [t for t in app.toasts if f"session {imported.id} was on" in t]
    assert len(said) == 1, app.toasts
    assert stranger.base_url in said[0] and "it goes on with 'local'" in said[0]
    chats = configured.chat_requests()
    assert len(chats) == 2 and all(c["model"] == "scripted-model" for c in chats)
    assert not any(key in json.dumps(r.headers) for r in configured.requests)
    sent = {r.headers.get("authorization") for r in configured.requests}
    assert sent <= {None, f"Bearer {NO_KEY}"}  # the SDK's stand-in when there is no key


async def test_a_persona_reload_is_read_in_a_thread_and_applied_on_the_event_loop(
    configured: ScriptedServer, monkeypatch: pytest.MonkeyPatch
):
    from tutor.core.personas import PersonaLibrary
    from tutor.ui.session.desk import Desk
    from tutor.ui.session.screen import SessionScreen

    read_on: list[int] = []
    handled_on: list[int] = []
    applied_on: list[int] = []
    load, handle, use = PersonaLibrary.load, SessionScreen.on_personas_reloaded, Desk.use_personas

    def recorded_load(*args: Any, **kwargs: Any) -> PersonaLibrary:
        read_on.append(threading.get_ident())
        return load(*args, **kwargs)

    def recorded_handle(self: SessionScreen, message: Any) -> None:
        handled_on.append(threading.get_ident())
        handle(self, message)

    def recorded_use(self: Desk, library: PersonaLibrary) -> list[str]:
        applied_on.append(threading.get_ident())
        return use(self, library)

    monkeypatch.setattr(PersonaLibrary, "load", recorded_load)
    monkeypatch.setattr(SessionScreen, "on_personas_reloaded", recorded_handle)
    monkeypatch.setattr(Desk, "use_personas", recorded_use)
    loop_thread = threading.get_ident()  # the test runs on the app's event loop
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        read_at_start = len(read_on)
        write_persona("late", "name: Late arrival\ndescription: Added.\nsystem: Hi.\n")
        await until(pilot, lambda: applied_on, "the reload")
        assert "late" in main_screen(app).desk.workspace.personas.personas
    assert len(read_on) == read_at_start + 1 and read_on[-1] != loop_thread  # read in a thread
    assert handled_on == [loop_thread]  # the message is handled on the loop
    assert applied_on == [loop_thread]  # and the new library put in place there
