"""The session screen's parts, each mounted alone in a bare App with a real store: the sessions
shelf (rename, delete, undo, the purge on exit) and the conversation view with a streaming reply
and its older page — no SessionScreen, no TutorApp, no endpoint."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App

from tests.ui.conftest import FIXED_NOW, screen_text, type_text, until, widget_text
from tutor.core.store import Store
from tutor.ui.session.shelf import SessionShelf
from tutor.ui.widgets.conversation_view import PAGE, ConversationView, EarlierMarker
from tutor.ui.widgets.reply_stream import ReplyStream
from tutor.ui.widgets.session_list import SessionList
from tutor.ui.widgets.turns import Turn

if TYPE_CHECKING:
    from textual.app import ComposeResult

SIZE = (80, 24)


def stored(path: Path, titles: list[str], *, pairs: int = 1) -> tuple[Store, list[int]]:
    """A store file holding one session per title, each with ``pairs`` question/answer pairs."""
    store = Store.open(path)
    ids = []
    for title in titles:
        session = store.create_session("socratic", "local", "scripted-model", title=title)
        for n in range(1, pairs + 1):
            store.add_message(session.id, "user", f"question {n} of {title}")
            store.add_message(session.id, "assistant", f"answer {n} of {title}")
        ids.append(session.id)
    return store, ids


class ShelfAlone(App[None]):
    """Nothing but the shelf, given a store as the session screen gives it one."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    def compose(self) -> ComposeResult:
        yield SessionShelf(clock=lambda: FIXED_NOW)

    def on_mount(self) -> None:
        shelf = self.query_one(SessionShelf)
        shelf.store = self.store
        shelf.refresh_list()


async def test_the_session_shelf_alone_renames_deletes_and_undoes_on_a_real_store(
    tmp_path: Path,
) -> None:
    path = tmp_path / "sessions.db"
    store, (first, second) = stored(path, ["Recursion", "Two sum"])
    app = ShelfAlone(store)
    async with app.run_test(size=SIZE) as pilot:
        shelf = app.query_one(SessionShelf)
        listing = app.query_one(SessionList)
        await until(
            pilot,
            lambda: (
                "Recursion" in widget_text(app, listing) and "Two sum" in widget_text(app, listing)
            ),
            "the two sessions listed",
        )
        listing.focus()
        at = [s.id for s in listing.sessions].index(first)
        await pilot.press("home", *["down"] * at, "f2")
        await until(pilot, lambda: "Rename the session" in screen_text(app), "the rename dialog")
        await type_text(pilot, "Base cases")  # the old title starts selected: typing replaces it
        await pilot.press("enter")
        await until(pilot, lambda: "Base cases" in widget_text(app, listing), "the new title")
        assert store.get_session(first).title == "Base cases"
        assert "Recursion" not in widget_text(app, listing)

        listing.focus()
        at = [s.id for s in listing.sessions].index(second)
        await pilot.press("home", *["down"] * at, "delete")
        await until(pilot, lambda: "Delete the session" in screen_text(app), "the confirmation")
        await pilot.press("tab", "enter")  # the Delete button
        await until(pilot, lambda: "Two sum" not in widget_text(app, listing), "the row gone")
        assert store.get_session(second).title == "Two sum"  # kept while it can be undone
        assert shelf.undo_delete()  # what the session screen's Ctrl+Z calls
        await until(pilot, lambda: "Two sum" in widget_text(app, listing), "the row back")
        said = app._notifications  # the toasts, as the session screen's tests read them
        await until(pilot, lambda: any(n.message == "session restored" for n in said), "a toast")

        listing.focus()
        at = [s.id for s in listing.sessions].index(second)
        await pilot.press("home", *["down"] * at, "delete")
        await until(pilot, lambda: "Delete the session" in screen_text(app), "the confirmation")
        await pilot.press("tab", "enter")
        await until(pilot, lambda: len(listing.sessions) == 1, "the row gone again")
    # Leaving deletes what was still waiting out its undo time — seen by another connection.
    store.close()
    other = Store.open(path)
    try:
        assert [(s.id, s.title) for s in other.list_sessions()] == [(first, "Base cases")]
    finally:
        other.close()


class ViewAlone(App[None]):
    """Nothing but the conversation view."""

    def compose(self) -> ComposeResult:
        yield ConversationView(id="conversation")


async def test_the_conversation_view_alone_streams_a_reply_and_loads_the_older_page(
    tmp_path: Path,
) -> None:
    store, (session,) = stored(tmp_path / "sessions.db", ["Loops"], pairs=10)
    history = store.messages(session)
    assert len(history) == 20 > PAGE
    app = ViewAlone()
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(ConversationView)
        await view.show(history)
        await until(pilot, lambda: "answer 10 of Loops" in screen_text(app), "the newest turn")
        marker = view.query_one(EarlierMarker)  # above the view's end, where it is anchored
        assert "4 earlier messages" in str(marker.render())
        assert len(view.query(Turn)) == PAGE

        # A reply streams into a ReplyStream, then becomes the stored message's turn.
        reply = view.begin_reply()
        reply.add("Think about the **base case** ")
        await until(pilot, lambda: "Think about the base case" in screen_text(app), "the words")
        reply.add("first: when does the loop stop?")
        await until(pilot, lambda: "when does the loop stop?" in screen_text(app), "the rest")
        row = store.begin_reply(session, "scripted-model")
        store.finish_reply(row, reply.text, "complete")
        await view.end_reply(reply, store.get_message(row))
        assert not view.query(ReplyStream)
        newest = view.newest_reply()
        assert newest is not None and newest.message_id == row
        await until(pilot, lambda: "when does the loop stop?" in screen_text(app), "the turn")
        assert "**" not in screen_text(app)  # drawn as Markdown, not as its source

        # Reaching the top mounts the page before; the marker goes once nothing is left.
        view.scroll_home(animate=False)
        await until(pilot, lambda: not view.query(EarlierMarker), "the older page")
        shown = [turn.message.content for turn in view.query(Turn)]
        assert shown[:2] == ["question 1 of Loops", "answer 1 of Loops"]
        assert len(shown) == 21
    store.close()
