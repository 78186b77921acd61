"""Keys under Pilot: no printable key is a command, Tab indents, Esc comes back to the composer,
and keys posted all at once (as a terminal delivers a burst) act in the order they came.

``burst`` posts every key to the app before any is handled — what the terminal driver does
with a fast typist, a script or a paste without bracketed paste. The same rules are checked in
a real terminal by test_keys_terminal.py.
"""

from __future__ import annotations

from typing import Any

import yaml
from textual import events

from tests.scripted_server import ScriptedServer
from tests.ui.conftest import import_example, ready, screen_text, until, write_config
from tutor.core.config import paths
from tutor.core.store import Store
from tutor.ui.app import TutorApp
from tutor.ui.dialogs.first_run import FirstRunScreen
from tutor.ui.widgets.composer import Composer
from tutor.ui.widgets.session_list import SessionList
from tutor.ui.widgets.turns import Turn

SIZE = (110, 34)
NAMED = {"\n": "ctrl+j", "\t": "tab", " ": "space"}


def keys_of(*parts: str) -> list[str]:
    """Key names: each part is a key name (``tab``, ``enter``…) or text typed key by key."""
    keys: list[str] = []
    for part in parts:
        if part in ("tab", "shift+tab", "enter", "escape", "ctrl+j", "delete", "backspace"):
            keys.append(part)
        else:
            keys += [NAMED.get(ch, ch) for ch in part]
    return keys


async def burst(pilot: Any, *parts: str) -> None:
    """Post every key to the app at once, then let the app handle them."""
    for key in keys_of(*parts):
        character = " " if key == "space" else key if len(key) == 1 else None
        pilot.app.post_message(events.Key(key, character))
    await pilot.pause()
    await pilot.pause()


def composer(app: TutorApp) -> Composer:
    return app.screen.query_one(Composer)


async def test_code_typed_in_a_burst_keeps_its_lines_and_indent(
    configured: ScriptedServer, store: Store
) -> None:
    opened = import_example(store, "two-sum-ko")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await burst(pilot, "for day in days:", "ctrl+j", "tab", "d = day * 2")
        await until(pilot, lambda: composer(app).text.endswith("* 2"), "the burst")
        assert composer(app).text == "for day in days:\n    d = day * 2"
        assert app.screen.id == "main" and app.focused is composer(app)
        await burst(pilot, "backspace", "3", "ctrl+j", "x")
        await until(pilot, lambda: composer(app).text.endswith("x"), "the second burst")
        assert composer(app).text == "for day in days:\n    d = day * 3\nx"
    assert store.get_session(opened.id).title == opened.title  # nothing renamed or deleted


async def test_letters_on_a_message_or_the_sidebar_are_typed_into_the_composer(
    configured: ScriptedServer, store: Store
) -> None:
    info = import_example(store, "recursion-socratic")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, Turn)
        await burst(pilot, "help")  # `p` used to pin the message
        assert composer(app).text == "help" and app.focused is composer(app)
        app.screen.query_one(SessionList).focus()
        await pilot.pause()
        await burst(pilot, " dre")  # `d`, `r` and `e` used to delete, rename and export
        assert composer(app).text == "help dre"
        assert app.screen.id == "main"  # no dialog opened
        assert not any(m.pinned for m in store.messages(info.id))


async def test_escape_always_comes_back_to_the_composer(
    configured: ScriptedServer, store: Store
) -> None:
    import_example(store, "recursion-socratic")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("escape")  # in the composer already: it stays there
        assert app.focused is composer(app)
        for focus in ("shift+tab", "sidebar"):
            if focus == "sidebar":
                app.screen.query_one(SessionList).focus()
                await pilot.pause()
            else:
                await pilot.press(focus)
            assert app.focused is not composer(app)
            await pilot.press("escape")
            assert app.focused is composer(app), focus


async def test_tab_moves_on_as_it_arrives_in_a_burst_on_the_first_run_screen(
    server: ScriptedServer,
) -> None:
    server.configure(require_key="sk-burst", models=["tiny-tutor", "other-model"])
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FirstRunScreen), "the first run")
        await until(pilot, lambda: getattr(app.focused, "id", "") == "base-url", "the URL field")
        await burst(pilot, server.base_url, "tab", "sk-burst", "tab", "other-model", "enter")
        await ready(pilot)
    saved = yaml.safe_load(paths.config_file().read_text(encoding="utf-8"))
    assert saved["endpoints"]["local"] == {
        "base_url": server.base_url,
        "api_key": "sk-burst",
        "model": "other-model",
    }


async def test_a_burst_with_enter_sends_what_came_before_and_keeps_what_follows(
    configured: ScriptedServer, store: Store
) -> None:
    write_config(configured)
    configured.script("One what?")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await burst(pilot, "one", "enter", "two")
        await until(pilot, lambda: "One what?" in screen_text(app), "the reply")
        await until(pilot, lambda: composer(app).text == "two", "the draft to be what follows")
    assert [m["content"] for m in configured.chat_requests()[-1]["messages"][-2:-1]] == ["one"]


async def test_a_burst_in_the_persona_editor_keeps_its_order(configured: ScriptedServer) -> None:
    from tutor.ui.authoring.screen import PersonaEditorScreen

    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("f4")
        await until(pilot, lambda: isinstance(app.screen, PersonaEditorScreen), "the editor")
        yaml = app.screen.draft.yaml  # type: ignore[attr-defined]
        await until(pilot, lambda: app.focused is yaml, "the YAML to have the focus")
        yaml.move_cursor((0, 0))
        before = yaml.text
        await burst(pilot, "# ab", "backspace", "c", "enter")
        lines = before.count("\n") + 1
        await until(pilot, lambda: yaml.text.count("\n") == lines, "the burst's Enter")
        await pilot.pause()
        assert yaml.text == "# ac\n" + before  # Backspace took the b, not the c after it
