"""Outside text in the app is shown as it is: never markup, never an action, never an escape.

A session title, a persona's name and description, a model id, a server's error text and a
file name typed by the student carry Textual markup (``[@click=app.quit]``, ``[bold]``, a stray
``[/]``) and terminal escapes (OSC 0 retitles the window, OSC 52 writes the clipboard, SGR
colours). Every place that shows one — the sidebar, the header, the palette, the search
results, the persona picker, the model picker, the rename, delete and export dialogs, toasts,
error rows, the meter's note and tooltip, a persona's greeting — must show the literal text
with controls as symbols (``␛``, ``␇``), and nothing raw may reach the terminal. Checked under
Pilot here and in a real terminal (tmux) at the end.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from tests.scripted_server import Fault, Reply, ScriptedServer
from tests.terminal import Terminal
from tests.ui.conftest import (
    main_screen,
    open_palette,
    paste,
    ready,
    screen_text,
    until,
    wait_idle,
    widget_text,
    write_config,
)
from tests.ui.inert_checks import UNHARMED, allow_clipboard_writes, damage, raw_controls
from tests.ui.inert_checks import tutor_terminal as terminal
from tutor.core.config import paths
from tutor.core.inert import inert
from tutor.core.store import Store
from tutor.ui.app import TutorApp
from tutor.ui.widgets.header_bar import HeaderBar
from tutor.ui.widgets.session_list import SessionList
from tutor.ui.widgets.turns import ErrorRow, Greeting

SIZE = (160, 44)
ESCAPES = "\x1b]0;PWNED\x07\x1b[31mred\x1b]52;c;cHduZWQ=\x07"
TITLE = "dp[i][j] meaning? [@click=app.quit] a [/] b [bold]x " + ESCAPES
NAME = "Evil [b]name[/b] [@click=app.quit]q " + ESCAPES
DESCRIPTION = "Asks [red]in red[/red] [@click=app.bell]ring[/] " + ESCAPES
GREETING = "Hi [bold]there[/]\nsecond line [@click=app.quit]x " + ESCAPES
MODEL = "model[bold]x[/] [@click=app.quit]q" + ESCAPES
ERROR = "overloaded [bold]now[/] [@click=app.quit]x " + ESCAPES


BORDERS = re.compile(r"[\s▊▎│▕▏▌▐]")  # whitespace, and the frames a wrapped line crosses


def squeezed(text: str) -> str:
    """Without whitespace and frame glyphs: what is shown, whatever the wrapping."""
    return BORDERS.sub("", text)


def shows(app: TutorApp, text: str) -> bool:
    """``text`` (made inert) is on the screen, word for word, wrapping aside."""
    return squeezed(inert(text)) in squeezed(screen_text(app))


def shows_in(app: TutorApp, selector: str, text: str) -> bool:
    """``text`` (made inert) is shown inside one widget matching ``selector``, wrapping aside."""
    wanted = squeezed(inert(text))
    return any(wanted in squeezed(widget_text(app, w)) for w in app.screen.query(selector))


def toasted(app: TutorApp, text: str) -> bool:
    """A toast on screen shows ``text`` (made inert), wrapping aside."""
    return shows_in(app, "Toast", text)


def yaml_quoted(text: str) -> str:
    """A YAML double-quoted scalar holding ``text`` (controls as escapes)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + escaped.replace("\x1b", "\\e").replace("\x07", "\\a") + '"'


def write_evil_persona() -> None:
    folder = paths.user_personas_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "evil.yaml").write_text(
        f"name: {yaml_quoted(NAME)}\ndescription: {yaml_quoted(DESCRIPTION)}\n"
        f"greeting: {yaml_quoted(GREETING)}\nvariables:\n  topic: null\n"
        "system: You coach {{topic}}.\n",
        encoding="utf-8",
    )


def hostile_store(store: Store) -> int:
    """A session titled TITLE (as another tutor or a paste would leave it), with one turn."""
    info = store.create_session("socratic", "local", "scripted-model", title=TITLE)
    store.add_message(info.id, "user", "what does dp[i][j] mean?")
    store.add_message(info.id, "assistant", "What would dp[0][0] hold?")
    return info.id


async def test_a_hostile_title_is_literal_in_the_sidebar_header_palette_search_and_dialogs(
    configured: ScriptedServer, store: Store
) -> None:
    session_id = hostile_store(store)
    app = TutorApp()
    async with app.run_test(size=SIZE, notifications=True, tooltips=True) as pilot:
        await ready(pilot)
        sidebar = app.screen.query_one(SessionList)
        shown = inert(TITLE)
        assert widget_text(app, app.screen.query_one(HeaderBar)).startswith(" ".join(shown.split()))
        assert widget_text(app, sidebar).startswith(shown[:20])  # cut to the sidebar's width
        assert raw_controls(app) == []
        # the palette's session: entry
        await open_palette(pilot)
        await paste(pilot, "session: dp")
        await until(pilot, lambda: shows(app, "session: " + TITLE), "the palette entry")
        assert raw_controls(app) == [] and app.is_running
        await pilot.press("escape")
        # search results name the session
        await pilot.press("ctrl+f")
        await paste(pilot, "dp")
        await until(pilot, lambda: "found" in screen_text(app), "the search")
        assert shows_in(app, "OptionList", TITLE) and raw_controls(app) == []
        await pilot.press("escape")
        # rename: the old title, inert, in the field; saving it unchanged changes nothing
        sidebar.focus()
        await pilot.press("f2")
        await until(pilot, lambda: "Rename the session" in screen_text(app), "the rename dialog")
        assert app.focused.value == inert(TITLE).strip()  # type: ignore[union-attr]
        assert raw_controls(app) == []
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.id == "main", "the dialog to close")
        assert store.get_session(session_id).title == TITLE
        # the delete question quotes it
        sidebar.focus()
        await pilot.press("delete")
        await until(pilot, lambda: "Delete the session" in screen_text(app), "the question")
        assert shows_in(app, ".dialog-question", f"Delete the session “{TITLE}”?")
        assert raw_controls(app) == []
        await pilot.press("escape")
        # export: a typed path with markup and escapes is said back literally
        sidebar.focus()
        await pilot.press("f3")
        await until(pilot, lambda: "Export as" in screen_text(app), "the format choice")
        await pilot.press("enter")
        await until(pilot, lambda: "Enter writes the file" in screen_text(app), "the path")
        assert "[" not in app.focused.value  # type: ignore[union-attr]  # the default name
        folder = "/nowhere/[bold]x[/] " + ESCAPES
        app.focused.value = folder + "/out.md"  # type: ignore[union-attr]
        await pilot.press("enter")
        await until(
            pilot, lambda: shows_in(app, "#dialog-hint", f"the folder {folder} does not exist")
        )
        assert raw_controls(app) == [] and app.is_running
        await pilot.press("escape")
    assert store.get_session(session_id).title == TITLE  # nothing renamed or deleted


async def test_hostile_persona_text_is_literal_in_the_palette_picker_dialog_and_greeting(
    configured: ScriptedServer, store: Store
) -> None:
    write_evil_persona()
    app = TutorApp()
    async with app.run_test(size=SIZE, notifications=True, tooltips=True) as pilot:
        await ready(pilot)
        await open_palette(pilot)
        await paste(pilot, "persona: Evil")
        await until(pilot, lambda: shows(app, "persona: " + NAME), "the palette entry")
        assert shows(app, DESCRIPTION)  # its help line
        assert raw_controls(app) == []
        await pilot.press("escape")
        await pilot.press("ctrl+n")
        await until(pilot, lambda: "New session with which persona?" in screen_text(app))
        assert shows_in(app, "OptionList", NAME) and shows_in(app, "OptionList", DESCRIPTION)
        assert raw_controls(app) == []
        picker = app.screen
        ids = [p.id for p in picker.personas]  # type: ignore[attr-defined]
        await pilot.press(*["down"] * ids.index("evil"), "enter")
        await until(pilot, lambda: shows_in(app, ".dialog-title", f"{NAME} needs 'topic'"))
        assert raw_controls(app) == []
        await paste(pilot, "graphs")
        await pilot.press("enter")
        await until(pilot, lambda: bool(app.screen.query(Greeting)), "the greeting")
        header = widget_text(app, app.screen.query_one(HeaderBar))
        assert squeezed(inert(NAME)) in squeezed(header)
        greeting = widget_text(app, app.screen.query_one(Greeting))
        assert squeezed(inert(GREETING)) == squeezed(greeting)
        assert raw_controls(app) == [] and app.is_running


async def test_a_hostile_model_id_and_error_text_are_literal_everywhere(
    server: ScriptedServer, store: Store
) -> None:
    server.configure(models=["scripted-model", MODEL])
    write_config(server)
    app = TutorApp()
    async with app.run_test(size=SIZE, notifications=True, tooltips=True) as pilot:
        await ready(pilot)
        await open_palette(pilot)
        await paste(pilot, "model: model")
        await until(  # the entries come from the server's model list: slow on a busy machine
            pilot, lambda: shows(app, "model: " + MODEL), "the palette entry", timeout=30
        )
        assert raw_controls(app) == []
        await pilot.press("escape")
        await pilot.press("ctrl+o")
        await until(pilot, lambda: "Use which model?" in screen_text(app), "the model picker")
        assert shows_in(app, "OptionList", MODEL) and raw_controls(app) == []
        await pilot.press("down", "enter")
        header = app.screen.query_one(HeaderBar)
        await until(pilot, lambda: toasted(app, "model: " + MODEL), "the toast")
        assert squeezed(inert(MODEL)) in squeezed(widget_text(app, header))
        # the meter's tooltip names the counter, which quotes the model
        meter = app.screen.query_one("#meter")
        await until(pilot, lambda: meter.tooltip is not None and "Counted" in str(meter.tooltip))
        tooltip = meter.tooltip
        assert not isinstance(tooltip, str)  # a str tooltip is read as markup
        literal = "model[bold]x[/] [@click=app.quit]q"  # quoted by the counter (escapes as \\x1b)
        assert literal in getattr(tooltip, "plain", "")
        await pilot.hover("#meter")
        await until(pilot, lambda: shows_in(app, "Tooltip", literal), "the tooltip")
        assert raw_controls(app) == []
        # a server error quoting markup and escapes, in the error row and a toast
        server.script(*[Reply(fault=Fault.http(500, message=ERROR))] * 4)
        await paste(pilot, "hello")
        await pilot.press("enter")
        await wait_idle(pilot)
        assert app.screen.query(ErrorRow)
        assert shows_in(app, ".error-text", ERROR)
        app.notify(ERROR, title=NAME)
        await until(pilot, lambda: toasted(app, NAME) and toasted(app, ERROR), "the toast")
        app.clear_notifications()  # toasts sit over the meter
        main_screen(app).chat.meter.show_note(ERROR)
        await pilot.pause(0.1)
        assert squeezed(inert(ERROR)) in squeezed(widget_text(app, meter))
        assert raw_controls(app) == [] and app.is_running


async def test_a_pasted_escape_is_shown_and_sent_as_symbols(
    configured: ScriptedServer, store: Store
) -> None:
    pasted = "my output was " + ESCAPES + " [bold]odd[/]"
    configured.script("What did you expect?")
    app = TutorApp()
    async with app.run_test(size=SIZE, notifications=True, tooltips=True) as pilot:
        await ready(pilot)
        await paste(pilot, pasted)
        composer = main_screen(app).chat.composer
        assert composer.text == inert(pasted)  # what the student sees is what is sent
        assert raw_controls(app) == []
        await pilot.press("enter")
        await wait_idle(pilot)
        assert raw_controls(app) == []
    assert configured.chat_requests()[-1]["messages"][-2]["content"] == inert(pasted)


# --- in a real terminal -------------------------------------------------------------------------


def close(term: Terminal, shown: str) -> None:
    """Esc, then wait until ``shown`` has gone (an Esc and the next key read together would be
    Alt+key)."""
    term.keys("Escape")
    deadline = time.monotonic() + 15
    while shown in term.screen():
        assert time.monotonic() < deadline, term.screen()
        time.sleep(0.05)


def test_in_a_real_terminal_hostile_titles_names_and_models_leave_the_terminal_unharmed(
    server: ScriptedServer, store: Store, tmp_path: Path
) -> None:
    server.configure(models=["scripted-model", MODEL])
    write_config(server)
    write_evil_persona()
    hostile_store(store)
    with terminal(tmp_path) as term:
        allow_clipboard_writes(term)
        title = term.title()
        term.wait_for(" tokens · ")
        header = term.screen().splitlines()[0]
        assert header.startswith(" dp[i][j] meaning? [@click=app.quit] a [/] b [bold]x")
        term.keys("C-p")
        term.type("session: dp")
        term.wait_for("session: dp[i][j] meaning? [@click=app.quit] a [/] b [bold]x ␛]0;PWNED␇")
        close(term, "🔎")
        term.keys("C-n")
        term.wait_for("Evil [b]name[/b] [@click=app.quit]q ␛]0;PWNED␇")
        close(term, "New session with which persona?")
        term.keys("C-o")
        term.wait_for("[@click=app.quit]q␛]0;PWNED␇")  # the model id (wrapped)
        close(term, "Use which model?")
        term.keys("C-f")
        term.type("dp")
        term.wait_for("found")
        close(term, "Search all sessions")
        time.sleep(0.3)  # let anything the terminal would obey arrive
        assert damage(term) == {"title": title, **UNHARMED}
        term.keys("C-q")
        term.wait_for("[exited 0]")
        assert term.title() == title
