"""Another process holding the store's write lock stops neither typing nor a streaming reply.

Proven by order, not by time: the test takes the lock, waits until the app's store thread is
stuck behind it (saving the reply), and only then lets the server send the rest of the reply
and types — all of it must reach the screen before the test lets the lock go.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

import pytest

from tests.scripted_server import Reply, ScriptedServer
from tests.ui.conftest import ready, screen_text, type_text, until, wait_idle, widget_text
from tutor.core.config import paths
from tutor.core.store import Store
from tutor.ui.app import TutorApp

SIZE = (100, 32)
BEFORE = "Before the lock: what does the loop do on its first pass? "
AFTER = ["While the lock is held, ", "the rest comes: ", "Zendword."]


async def test_a_locked_store_stops_neither_typing_nor_the_stream(
    configured: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    saving = threading.Event()  # the app's store thread began to save the streaming reply
    update_reply = Store.update_reply

    def watched(self: Store, *args: Any, **kwargs: Any) -> bool:
        saving.set()
        return update_reply(self, *args, **kwargs)

    monkeypatch.setattr(Store, "update_reply", watched)
    configured.script(Reply(chunks=[BEFORE, *AFTER], hold_after=[1]))
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await type_text(pilot, "loops")
        await pilot.press("enter")
        await until(pilot, lambda: "first pass?" in screen_text(app), "the reply's first words")
        locker = sqlite3.connect(paths.store_file(), isolation_level=None)
        locker.execute("BEGIN IMMEDIATE")  # another process's write lock, held until released
        try:
            await until(pilot, saving.is_set, "the app to try to save the reply")
            configured.release()  # the server sends the rest now
            await until(pilot, lambda: "Zendword." in screen_text(app), "the rest")
            await type_text(pilot, "next")
            composer = app.screen.query_one("#composer")
            await until(pilot, lambda: widget_text(app, composer).endswith(" next"), "the keys")
            (stored,) = locker.execute(
                "SELECT content FROM messages WHERE role = 'assistant'"
            ).fetchone()
            assert "Zendword" not in stored  # the lock held: nothing of the rest is saved
        finally:
            locker.execute("ROLLBACK")
            locker.close()
        await wait_idle(pilot)
    with Store.open(paths.store_file()) as store:
        session = store.latest_session()
        assert session is not None
        reply = store.messages(session.id)[-1]
    assert (reply.content, reply.status) == (BEFORE + "".join(AFTER), "complete")
