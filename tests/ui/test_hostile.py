"""Hostile model output in the app: escape sequences are shown, never obeyed; the store is exact.

A reply carries clear-screen, cursor moves, colours, OSC 0 (title), OSC 8 (hyperlink), OSC 52
(clipboard), BEL, C1 controls, NUL and DEL. Under Pilot, every widget's rendered text is free
of control characters and shows the visible placeholders; in a real terminal (tmux) the screen,
the pane title, the clipboard buffers and the bell flag are as they were, and the app quits
cleanly. A bare terminal fed the same bytes is the control: the same checks see the damage.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from tests.scripted_server import Fault, Reply, ScriptedServer
from tests.terminal import Terminal
from tests.ui.conftest import (
    open_palette,
    paste,
    ready,
    screen_text,
    until,
    wait_idle,
    widget_text,
    write_config,
)
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
from tutor.ui.widgets.turns import ErrorRow, Turn

SIZE = (110, 48)

# (what it would do, the raw text in the reply, what the student must see instead)
PARTS = [
    ("clear the screen", "Clear\x1b[2J", "Clear␛[2J"),
    ("move the cursor home", "home\x1b[H", "home␛[H"),
    ("move the cursor to 10,10", "moved\x1b[10;10H", "moved␛[10;10H"),
    ("colour the text", "\x1b[31mred\x1b[0m", "␛[31mred␛[0m"),
    ("retitle the window (OSC 0)", "title\x1b]0;PWNED\x07", "title␛]0;PWNED␇"),
    (
        "plant a hyperlink (OSC 8)",
        "\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\",
        "␛]8;;https://evil.example/␛",
    ),
    ("set the clipboard (OSC 52)", "clip\x1b]52;c;cHduZWQ=\x07", "clip␛]52;c;cHduZWQ=␇"),
    ("ring the bell", "bell\x07", "bell␇"),
    ("C1 CSI and DCS", "c1 \x9b2J \x90dcs\x9c", "c1 �2J �dcs�"),
    ("NUL, DEL and backspace", "nul\x00 del\x7f bs\x08", "nul␀ del␡ bs␈"),
]
END = "THE-END"
HOSTILE = "\n\n".join(raw for _what, raw, _shown in PARTS) + "\n\n" + END


async def test_a_hostile_reply_is_inert_on_screen_and_exact_in_the_store_and_export(
    configured: ScriptedServer, store: Store, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    configured.script(Reply(text=HOSTILE, chunk_size=3, delay=0.005))
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await paste(pilot, "hello")
        await pilot.press("enter")
        await until(pilot, lambda: "PWNED" in screen_text(app), "the reply to stream")
        assert raw_controls(app) == []  # while it streams, too
        await wait_idle(pilot)
        (reply,) = [t for t in app.screen.query(Turn) if t.message.role == "assistant"]
        shown = widget_text(app, reply)
        for what, _raw, placeholder in PARTS:
            assert placeholder in shown, (what, shown)
        assert shown.endswith(END)
        assert raw_controls(app) == []
        assert "\x1b" not in app.export_screenshot()
        await open_palette(pilot)
        await paste(pilot, "export: JSON")
        await until(pilot, lambda: "write this session as JSON" in screen_text(app))
        await pilot.press("enter")
        await until(pilot, lambda: "Enter writes the file" in screen_text(app), "the path")
        await pilot.press("enter")
        exports = paths.exports_dir()
        await until(pilot, lambda: any(exports.glob("tutor-*.json")), "the export")
        assert raw_controls(app) == []  # the dialog and the toast showed nothing raw either
    session = store.latest_session()
    assert session is not None
    assert store.messages(session.id)[-1].content == HOSTILE  # every byte kept
    (exported,) = paths.exports_dir().glob("tutor-*.json")
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["messages"][-1]["content"] == HOSTILE


async def test_hostile_error_text_and_model_names_are_inert_too(
    server: ScriptedServer, store: Store
) -> None:
    evil_model = "evil\x1b]0;PWNED\x07\x1b[2J-model"
    server.configure(models=["scripted-model", evil_model])
    write_config(server)
    message = "overloaded\x1b]0;PWNED\x07\x1b[2J\x1b[31m red\x9b now"
    server.script(*[Reply(fault=Fault.http(500, message=message))] * 4)
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await paste(pilot, "hello")
        await pilot.press("enter")
        await wait_idle(pilot)
        row = app.screen.query_one(ErrorRow)
        assert "overloaded␛]0;PWNED␇␛[2J␛[31m red� now" in widget_text(app, row)
        assert raw_controls(app) == []
        await pilot.press("ctrl+o")
        await until(pilot, lambda: "Use which model?" in screen_text(app), "the model list")
        assert "evil␛]0;PWNED␇␛[2J-model" in screen_text(app)
        assert raw_controls(app) == []
    session = store.latest_session()
    assert session is not None
    assert message in (store.messages(session.id)[-1].error or "")  # quoted as the server sent it


# --- in a real terminal -------------------------------------------------------------------------


def test_a_bare_terminal_fed_the_same_bytes_is_damaged(tmp_path: Path) -> None:
    """The control for the test below: without tutor in between, the checks see the harm."""
    raw = tmp_path / "reply.txt"
    raw.write_text("first line\n" + HOSTILE, encoding="utf-8")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "TERM": "xterm-256color"}
    with Terminal(["sh", "-c", f"sleep 0.3; cat {raw}; sleep 30"], env=env) as term:
        allow_clipboard_writes(term)
        before = term.title()
        term.wait_for(END)
        time.sleep(0.1)
        harm = damage(term)
        assert harm["title"] == "PWNED" != before
        assert "pwned" in harm["buffers"]
        assert harm["bell"] == "1"
        assert harm["red"] == "True"
        assert "first line" not in term.screen()  # the clear-screen wiped it


def test_in_a_real_terminal_the_screen_and_title_survive_a_hostile_reply(
    configured: ScriptedServer, store: Store, tmp_path: Path
) -> None:
    configured.script(Reply(text=HOSTILE, chunk_size=3, delay=0.002))
    with tutor_terminal(tmp_path) as term:
        allow_clipboard_writes(term)
        title = term.title()
        term.wait_for("tokens ·")  # connected and counted
        term.type("hello there")
        term.wait_for("hello there")
        term.keys("Enter")
        term.wait_for(END)
        deadline = time.monotonic() + 10
        while not _reply_done(store) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)  # the finished turn replaces the streamed one
        screen = term.screen()
        lines = screen.splitlines()
        assert "Socratic tutor  ·  local  ·  scripted-model" in lines[0]  # the header, on top
        assert "Ask the tutor…" in screen and "^p Commands" in lines[-1]  # composer, footer
        assert "What are you working on?" in screen  # the greeting was not cleared away
        assert "hello there" in screen
        for what, _raw, placeholder in PARTS:
            assert placeholder in screen, (what, screen)
        assert damage(term) == {"title": title, **UNHARMED}
        term.keys("C-q")
        after = term.wait_for("[exited 0]")
        assert after.strip() == "[exited 0]"  # back on the normal screen, nothing left over
        assert term.title() == title


def _reply_done(store: Store) -> bool:
    session = store.latest_session()
    if session is None:
        return False
    messages = store.messages(session.id)
    return bool(messages) and messages[-1].role == "assistant" and messages[-1].status == "complete"
