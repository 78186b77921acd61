"""Setting up: first run, switching models, the token meter, themes, keymap, the palette."""

from __future__ import annotations

import re
import stat

import yaml

from tests.scripted_server import ScriptedServer
from tests.ui.conftest import (
    import_example,
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
    write_config,
)
from tutor.core.config import paths
from tutor.core.config.preferences import Preferences
from tutor.core.store import Store
from tutor.ui.app import TutorApp
from tutor.ui.dialogs.first_run import FirstRunScreen
from tutor.ui.widgets.header_bar import HeaderBar
from tutor.ui.widgets.session_list import SessionList
from tutor.ui.widgets.turns import OUTSIDE_NOTE, PINNED_NOTE, Turn

SIZE = (110, 34)


def squeezed(text: str) -> str:
    return "".join(text.split())


async def test_first_run_tries_tests_saves_and_starts(server: ScriptedServer, store: Store):
    server.configure(require_key="sk-test-123", models=["tiny-tutor", "other"])
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "No model server answered" in screen_text(app), "first run")
        assert isinstance(app.screen, FirstRunScreen)
        shown = screen_text(app)
        assert "No model server answered" in shown
        tried = str(app.screen.query_one("#first-run-tried").render())  # the text, not its wrap
        assert f"the config file {paths.config_file()} (there is none yet)" in tried
        assert "OPENAI_BASE_URL" in shown and "127.0.0.1:1 (Ollama)" in shown
        await paste(pilot, server.base_url)
        await pilot.press("tab")
        await paste(pilot, "sk-test-123")
        assert "sk-test-123" not in screen_text(app)  # the key is masked
        await pilot.press("ctrl+t")
        await until(pilot, lambda: "✓" in screen_text(app), "the test to pass")
        assert "tiny-tutor, other" in screen_text(app)
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert "tiny-tutor" in widget_text(app, app.screen.query_one(HeaderBar))
        server.script("What shall we work on?")
        await paste(pilot, "hello")
        await pilot.press("enter")
        await wait_idle(pilot)
        assert "What shall we work on?" in screen_text(app)
    config = paths.config_file()
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    saved = yaml.safe_load(config.read_text(encoding="utf-8"))
    assert saved == {
        "endpoints": {
            "local": {"base_url": server.base_url, "model": "tiny-tutor", "api_key": "sk-test-123"}
        },
        "default_endpoint": "local",
    }
    chat = [r for r in server.requests if r.path == "/v1/chat/completions"][-1]
    assert chat.headers["authorization"] == "Bearer sk-test-123"


async def test_first_run_says_what_failed_and_saves_nothing(server: ScriptedServer):
    server.configure(require_key="right-key")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "No model server answered" in screen_text(app), "first run")
        await paste(pilot, server.base_url)
        await pilot.press("tab")
        await paste(pilot, "wrong-key")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "✗" in screen_text(app), "the failure")
        assert "401" in screen_text(app)
        assert isinstance(app.screen, FirstRunScreen)
        await pilot.press("escape")  # quit
    assert not paths.config_file().exists()


async def test_switch_model_from_the_list_the_endpoint_gives(
    configured: ScriptedServer, store: Store
):
    configured.configure(models=["scripted-model", "bigger-model"])
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+o")
        await until(pilot, lambda: "Use which model?" in screen_text(app), "the model list")
        await pilot.press("down", "enter")
        header = app.screen.query_one(HeaderBar)
        await until(pilot, lambda: "bigger-model" in widget_text(app, header), "the header")
        configured.script("Which model am I?")
        await paste(pilot, "hi")
        await pilot.press("enter")
        await wait_idle(pilot)
        assert configured.chat_requests()[-1]["model"] == "bigger-model"
    session = store.latest_session()
    assert session is not None and session.model == "bigger-model"


async def test_the_meter_counts_and_marks_messages_outside_the_window(
    server: ScriptedServer, store: Store
):
    write_config(server, endpoint={"context_window": 2400})
    long = "Let me explain my whole attempt in detail. " * 40
    pairs = [(f"Attempt {i}. {long}", f"Go on ({i}).") for i in range(6)]
    store.import_json(session_json("Crowded", pairs), source="test")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        meter = app.screen.query_one("#meter")
        line = str(meter.render())  # in a student's words; the details are in the tooltip
        assert re.fullmatch(
            r"this request: [\d,]+ of 2,400 tokens · \d+ older messages left out to fit",
            line,
        ), line
        assert squeezed(line) in squeezed(widget_text(app, meter))  # shown, wrapping aside
        tooltip = str(meter.tooltip)
        assert "Counted by o200k_base (estimate:" in tooltip and ": an estimate." in tooltip
        assert "2,400-token window (set in the config); 800 kept for the reply" in tooltip
        outside = [t for t in app.screen.query(Turn) if t.outside]
        inside = [t for t in app.screen.query(Turn) if not t.outside]
        assert outside and inside
        assert all(t.has_class("-outside") for t in outside)
        app.screen.query_one("#conversation").scroll_home(animate=False, immediate=True)
        await pilot.pause(0.05)
        assert OUTSIDE_NOTE in screen_text(app)
        server.script("Which part is unclear?")
        await paste(pilot, "next")
        await pilot.press("enter")
        await wait_idle(pilot)
        sent = {m["content"] for m in server.chat_requests()[-1]["messages"]}
        assert not any(t.message.content in sent for t in outside)
        assert all(t.message.content in sent for t in inside)


async def test_the_theme_choice_is_remembered(configured: ScriptedServer):
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_palette(pilot)
        await paste(pilot, "theme: nord")
        await until(pilot, lambda: "switch theme" in screen_text(app), "the theme command")
        await pilot.press("enter")
        await until(pilot, lambda: app.theme == "nord", "the theme to change")
    assert Preferences().text("theme") == "nord"
    again = TutorApp()
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert again.theme == "nord"


async def test_the_config_keymap_remaps_bindings_by_id(server: ScriptedServer):
    write_config(server, keymap={"toggle-sidebar": "f9", "regenerate": "f8", "no-such-id": "f4"})
    server.script("First.", "Second.")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        warnings = [n.message for n in app._notifications]
        assert any("no binding has the id 'no-such-id'" in w for w in warnings)
        await pilot.press("f9")
        assert not app.screen.query_one("#sidebar").display
        await pilot.press("ctrl+s")  # the old key does nothing now
        assert not app.screen.query_one("#sidebar").display
        await paste(pilot, "go")
        await pilot.press("enter")
        await wait_idle(pilot)
        await pilot.press("f8")
        await wait_idle(pilot)
        assert "Second." in screen_text(app)
        assert "f8" in screen_text(app).lower()  # the footer shows the new key


async def test_the_config_theme_wins_when_it_changes_and_the_choice_in_between(
    server: ScriptedServer,
):
    write_config(server, theme="nord")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.theme == "nord"  # the config's, the first time
        app.theme = "gruvbox"  # the student picks another in the app
    again = TutorApp()
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert again.theme == "gruvbox"  # the config did not change: the choice is kept
    write_config(server, theme="textual-light")  # the config changes
    third = TutorApp()
    async with third.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert third.theme == "textual-light"


async def test_the_readme_keymap_example_works_while_typing(server: ScriptedServer):
    """`keymap: {regenerate: ctrl+e}` — Ctrl+E is also the composer's end-of-line; the app says
    so at start-up, and Ctrl+E in the composer regenerates (End still ends the line)."""
    write_config(server, keymap={"regenerate": "ctrl+e"})
    server.script("First.", "Second.")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        warnings = [n.message for n in app._notifications]
        assert any("ctrl+e is the composer's 'line end' too" in w for w in warnings), warnings
        await paste(pilot, "go")
        await pilot.press("enter")
        await wait_idle(pilot)
        composer = app.screen.query_one("#composer")
        assert app.focused is composer
        await paste(pilot, "draft")
        await pilot.press("home", "end")  # End still moves to the end of the line
        assert composer.cursor_location == (0, 5)  # type: ignore[attr-defined]
        await pilot.press("ctrl+e")
        await wait_idle(pilot)
        assert "Second." in screen_text(app)
        assert len(server.chat_requests()) == 2


async def test_palette_commands_for_personas_sessions_and_models(
    configured: ScriptedServer, store: Store
):
    recursion = import_example(store, "recursion-socratic")
    import_example(store, "two-sum-ko")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        header = app.screen.query_one(HeaderBar)
        await open_palette(pilot)
        await paste(pilot, "session: Recursion")
        await until(pilot, lambda: "open (socratic)" in screen_text(app), "the session command")
        await pilot.press("enter")
        await until(pilot, lambda: "Recursion" in widget_text(app, header), "the session")
        assert app.screen.query_one(SessionList).current == recursion.id
        await open_palette(pilot)
        await paste(pilot, "persona: Explainer")
        await until(pilot, lambda: "Explains a concept" in screen_text(app), "the persona command")
        await pilot.press("enter")
        await until(pilot, lambda: "Explainer" in widget_text(app, header), "the new session")
        assert "New session" in widget_text(app, header)


async def test_pinning_a_message_outside_the_window_sends_it_with_every_request(
    server: ScriptedServer, store: Store
):
    write_config(server, endpoint={"context_window": 2400})
    long = "Let me explain my whole attempt in detail. " * 40
    pairs = [(f"Attempt {i}. {long}", f"Go on ({i}).") for i in range(6)]
    pairs[0] = ("The problem: merge two sorted lists in O(n).", "What does 'sorted' give you?")
    session = store.import_json(session_json("Crowded", pairs), source="test")
    problem = store.messages(session.id)[0]
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        meter = app.screen.query_one("#meter")
        first = next(t for t in app.screen.query(Turn) if t.message_id == problem.id)
        assert first.outside
        before = widget_text(app, meter)
        first.focus()
        await pilot.press("ctrl+t")
        await until(pilot, lambda: not first.outside, "the pinned message to count as sent")
        assert first.message.pinned and store.get_message(problem.id).pinned
        app.screen.query_one("#conversation").scroll_home(animate=False, immediate=True)
        await until(pilot, lambda: PINNED_NOTE in screen_text(app), "the pin on screen")
        await until(pilot, lambda: widget_text(app, meter) != before, "the meter to re-count")
        sent = await send_from_composer(pilot, server, "next", "Which list do you take first?")
        contents = [m["content"] for m in sent]
        at = contents.index(problem.content)  # after the persona, before the newest turns
        assert sent[0]["role"] == "system" and not any("Attempt" in c for c in contents[:at])
        assert "What does 'sorted' give you?" not in contents  # its reply was not pinned
        assert [m["content"] for m in sent if m["role"] == "user"][-1] == "next"
        first.focus()
        await pilot.press("ctrl+t")  # unpinned: it leaves the request again
        await until(pilot, lambda: first.outside, "the unpinned message to fall outside")
        assert not store.get_message(problem.id).pinned
        sent = await send_from_composer(pilot, server, "again", "Go on.")
        assert problem.content not in [m["content"] for m in sent]


async def test_a_model_name_typed_in_ctrl_o_is_used_for_the_session_and_the_next_request(
    configured: ScriptedServer, store: Store
):
    """The server lists two models; the student types a third (some servers list few or none)."""
    configured.configure(models=["scripted-model", "bigger-model"])
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+o")
        await until(pilot, lambda: "Type a model name…" in screen_text(app), "the model list")
        await pilot.press("down", "down", "enter")  # past both listed models: the last entry
        await until(pilot, lambda: "Model name" in screen_text(app), "the name dialog")
        await type_text(pilot, "my-own-model")  # the old name starts selected: typing replaces
        await pilot.press("enter")
        header = app.screen.query_one(HeaderBar)
        await until(pilot, lambda: "my-own-model" in widget_text(app, header), "the header")
        configured.script("Which model am I?")
        await paste(pilot, "hi")
        await pilot.press("enter")
        await wait_idle(pilot)
        assert configured.chat_requests()[-1]["model"] == "my-own-model"
    session = store.latest_session()
    assert session is not None and session.model == "my-own-model"
