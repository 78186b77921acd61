"""The app against the real llama.cpp server: its random-byte replies are shown inert.

The tiny random model answers with noise that holds control characters (``\\x10``, ``\\x1e``,
sometimes ESC). Under Pilot no widget renders one raw and the store keeps the reply exactly as
the server streamed it (read from the recording proxy); in a real terminal (tmux) the app's
layout, the pane title, the clipboard buffers and the bell flag are as they were afterwards.
"""

from __future__ import annotations

import time
from pathlib import Path

from tests.realserver.conftest import RealServer
from tests.realserver.proxy import RecordingProxy
from tests.realserver.student import Student
from tests.realserver.test_real_server import controls_in, long_message
from tests.ui.conftest import paste, quiet_machine, ready, until, wait_idle
from tests.ui.inert_checks import (
    UNHARMED,
    allow_clipboard_writes,
    damage,
    raw_controls,
    tutor_terminal,
)
from tutor.core.config import paths
from tutor.core.store import Store
from tutor.ui.app import TutorApp
from tutor.ui.widgets.turns import Turn

__all__ = ["quiet_machine"]  # the app tests' autouse fixture: no local servers probed


async def test_the_apps_view_of_random_bytes_is_inert_and_the_store_exact(
    isolated_home: Path, real_server: RealServer, proxy: RecordingProxy
) -> None:
    Student(isolated_home, proxy.base_url, real_server.model)
    app = TutorApp()
    hostile: set[str] = set()
    async with app.run_test(size=(110, 60)) as pilot:
        await ready(pilot)
        for turn in range(5):  # the noise nearly always holds controls; make sure of it
            asked = len(proxy.chats())
            await paste(pilot, long_message(turn))
            await pilot.press("enter")
            await until(pilot, lambda n=asked: len(proxy.chats()) > n, "the request", timeout=30)
            await wait_idle(pilot)
            assert raw_controls(app) == []
            hostile = controls_in(proxy.chats()[-1].streamed_text())
            if hostile:
                break
        assert hostile, "the model's replies held control characters"
        reply = [t for t in app.screen.query(Turn) if t.message.role == "assistant"][-1]
        shown = "".join(strip.text for strip in reply.render_lines(reply.region.reset_offset))
        placeholders = {chr(0x2400 + ord(c)) for c in hostile if ord(c) < 0x20 and c != "\r"}
        assert placeholders & set(shown), (sorted(map(hex, map(ord, hostile))), shown)
    streamed = [chat.streamed_text() for chat in proxy.chats()]
    with Store.open(paths.store_file()) as store:
        session = store.latest_session()
        assert session is not None
        replies = [m.content for m in store.messages(session.id) if m.role == "assistant"]
    assert replies == streamed  # every byte as the server sent it


def test_in_a_real_terminal_random_bytes_leave_the_screen_and_title_alone(
    isolated_home: Path, tmp_path: Path, real_server: RealServer, proxy: RecordingProxy
) -> None:
    Student(isolated_home, proxy.base_url, real_server.model)
    with tutor_terminal(tmp_path) as term:
        allow_clipboard_writes(term)
        title = term.title()
        term.wait_for("tokens ·", timeout=30)
        for turn in range(3):
            term.type(f"Turn {turn}: why does my loop never stop?")
            term.wait_for(f"Turn {turn}: why")
            term.keys("Enter")
            deadline = time.monotonic() + 30
            while len(_finished(proxy)) <= turn and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(0.4)  # drawn and settled
            if any(controls_in(text) for text in _finished(proxy)):
                break
        hostile = set().union(*map(controls_in, _finished(proxy)))
        assert hostile, "no control characters came"
        screen = term.screen()
        pictures = {chr(0x2400 + ord(c)) for c in hostile if ord(c) < 0x20 and c != "\r"}
        assert pictures & set(screen), "the controls are shown as visible placeholders"
        lines = screen.splitlines()
        assert "Socratic tutor (small)" in lines[0] and real_server.model in lines[0]
        assert "Ask the tutor…" in screen and "^p Commands" in lines[-1]
        assert f"Turn {turn}: why does my loop never stop?" in screen
        assert damage(term) == {"title": title, **UNHARMED}
        term.keys("C-q")
        assert term.wait_for("[exited 0]").strip() == "[exited 0]"
        assert term.title() == title


def _finished(proxy: RecordingProxy) -> list[str]:
    """The streamed text of each chat request the server has answered to its end."""
    return [c.streamed_text() for c in proxy.chats() if b"data: [DONE]" in c.response]
