"""Keys in a real terminal (tmux): code typed into the composer stays code, whatever the speed;
letters are never commands; Esc comes back to the composer; deleting needs the Delete key and the
button, and can be undone; a burst of keys lands in the order it was sent.

Each sequence is sent twice: as one burst (a single ``tmux send-keys``, as a paste without
bracketed paste or a script delivers it) and at typing speed (one key at a time). What is proven
is what happened — the text the server received, the rows in the store, the config file written
— never how long it took.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.scripted_server import Fault, Reply, ScriptedServer
from tests.terminal import Terminal
from tests.ui.conftest import import_example, write_config
from tests.ui.inert_checks import tutor_terminal
from tutor.core.config import paths
from tutor.core.store import Store

SIDEBAR = 32  # cells: the conversation and the composer start right of this
KEY_PAUSE = 0.04  # between keys "at typing speed" (pacing only; nothing asserts on time)
CODE = "for day in days:\n    d = day * 2"
CODE_KEYS = ["for day in days:", "C-j", "Tab", "d = day * 2"]  # the exact keys
NAMED = {"C-j", "C-z", "Tab", "BTab", "Enter", "Escape", "DC", "Down", "Up"}  # tmux key names


def send(term: Terminal, keys: list[str], *, burst: bool) -> None:
    """``keys`` (tmux key names, or literal text) as one burst, or one key at a time."""
    if burst:
        term.keys(*keys)
        return
    for key in keys:
        for each in [key] if key in NAMED else list(key):
            if key in NAMED:
                term.keys(each)
            else:
                term.type(each)
            time.sleep(KEY_PAUSE)


def composer_lines(screen: str) -> list[str]:
    """The composer's lines as shown (right of the sidebar): between its top rule and the
    footer, trailing blanks dropped."""
    lines = [line[SIDEBAR:].rstrip() for line in screen.splitlines()]
    rules = [i for i, line in enumerate(lines) if line.strip().startswith("────")]
    assert rules, screen
    shown = lines[rules[-1] + 1 : -1]
    while shown and not shown[-1].strip():
        shown.pop()
    return shown


def sent_and_answered(term: Terminal, server: ScriptedServer, answer: str) -> str:
    """Press Enter and wait for ``answer``; the student's text the server received."""
    server.script(Reply(text=answer))
    before = len(server.chat_requests())
    term.keys("Enter")
    term.wait_for(answer)
    assert len(server.chat_requests()) == before + 1
    return str(server.chat_requests()[-1]["messages"][-2]["content"])


def store_rows() -> tuple[list[tuple[int, str]], list[int]]:
    """(id, title) of every stored session, and the ids of pinned messages."""
    with Store.open(paths.store_file()) as store:
        sessions = [(s.id, s.title) for s in store.list_sessions(limit=100)]
        pinned = [m.id for sid, _title in sessions for m in store.messages(sid) if m.pinned]
    return sessions, pinned


@pytest.mark.parametrize("burst", [True, False], ids=["burst", "typing-speed"])
def test_code_typed_with_tab_stays_in_the_composer_and_nothing_is_deleted(
    burst: bool, server: ScriptedServer, tmp_path: Path
) -> None:
    write_config(server)
    with Store.open(paths.store_file()) as store:
        other = import_example(store, "recursion-socratic")
        opened = import_example(store, "two-sum-ko")  # the newest: the app opens it
    _sessions, pinned_before = store_rows()
    with tutor_terminal(tmp_path) as term:
        term.wait_for(" tokens · ")
        send(term, CODE_KEYS, burst=burst)
        screen = term.wait_for("d = day * 2")
        shown = composer_lines(screen)
        assert [line.strip() for line in shown] == ["for day in days:", "d = day * 2"], screen
        indent = [len(line) - len(line.lstrip()) for line in shown]
        assert indent[1] - indent[0] == 4, screen  # the Tab indented the second line
        assert "Delete the session" not in screen and "Rename" not in screen
        assert sent_and_answered(term, server, "What does d hold?") == CODE
        term.keys("C-q")
        term.wait_for("[exited 0]")
    sessions, pinned = store_rows()
    assert {sid for sid, _ in sessions} == {other.id, opened.id}  # both still there
    with Store.open(paths.store_file()) as store:
        assert store.messages(opened.id)[-2].content == CODE  # sent in the open session
    assert pinned == pinned_before


@pytest.mark.parametrize("burst", [True, False], ids=["burst", "typing-speed"])
def test_a_burst_of_lines_arrives_in_order(
    burst: bool, server: ScriptedServer, tmp_path: Path
) -> None:
    write_config(server)
    with tutor_terminal(tmp_path) as term:
        term.wait_for(" tokens · ")
        send(term, ["abc", "C-j", "def", "C-j", "ghi"], burst=burst)
        screen = term.wait_for("ghi")
        assert [line.strip() for line in composer_lines(screen)] == ["abc", "def", "ghi"]
        assert sent_and_answered(term, server, "Three lines?") == "abc\ndef\nghi"
        # Enter in the middle of a burst sends what came before it; what follows is the draft
        server.script(Reply(text="Only one?"))
        send(term, ["one", "Enter", "two"], burst=burst)
        term.wait_for("Only one?")
        wait_until(term, lambda screen: composer_lines(screen)[-1:] == [" two"], "the draft")
        term.keys("C-q")
        term.wait_for("[exited 0]")
    asked = [r["messages"][-2]["content"] for r in server.chat_requests()]
    assert asked == ["abc\ndef\nghi", "one"]


@pytest.mark.parametrize("burst", [True, False], ids=["burst", "typing-speed"])
def test_the_first_run_fields_take_url_tab_key_tab_model_in_order(
    burst: bool, server: ScriptedServer, tmp_path: Path
) -> None:
    server.configure(require_key="sk-burst", models=["tiny-tutor", "other-model"])
    with tutor_terminal(tmp_path) as term:
        term.wait_for("No model server answered")
        send(term, [server.base_url, "Tab", "sk-burst", "Tab", "other-model"], burst=burst)
        term.wait_for("other-model")
        term.keys("Enter")  # Enter in the model field: test and save
        term.wait_for(" tokens · ")
        term.keys("C-q")
        term.wait_for("[exited 0]")
    saved = yaml.safe_load(paths.config_file().read_text(encoding="utf-8"))
    assert saved["endpoints"]["local"] == {
        "base_url": server.base_url,
        "api_key": "sk-burst",
        "model": "other-model",
    }


def footer(screen: str) -> str:
    """The last line: the footer lists the keys of whatever has the focus."""
    return screen.rstrip("\n").splitlines()[-1]


def wait_for_footer(term: Terminal, words: str) -> None:
    """Wait until the footer shows ``words`` (so the focus is where they belong)."""
    deadline = time.monotonic() + 15
    while words not in footer(term.screen()):
        assert time.monotonic() < deadline, f"{words!r} not in the footer:\n{term.screen()}"
        time.sleep(0.05)


def wait_until(term: Terminal, holds: Callable[[str], bool], what: str) -> str:
    """Wait until ``holds(screen)``; return the screen."""
    deadline = time.monotonic() + 15
    while not holds(screen := term.screen()):
        assert time.monotonic() < deadline, f"no {what} on screen:\n{screen}"
        time.sleep(0.05)
    return screen


def wait_gone(term: Terminal, text: str) -> str:
    """Wait until ``text`` has left the screen; return the screen."""
    deadline = time.monotonic() + 15
    while text in (screen := term.screen()):
        assert time.monotonic() < deadline, f"{text!r} still on screen:\n{screen}"
        time.sleep(0.05)
    return screen


def test_letters_after_shift_tab_a_search_jump_and_retry_go_to_the_composer(
    server: ScriptedServer, tmp_path: Path
) -> None:
    write_config(server)
    with Store.open(paths.store_file()) as store:
        import_example(store, "recursion-socratic")
    with tutor_terminal(tmp_path) as term:
        term.wait_for(" tokens · ")
        # Shift+Tab puts the focus on a message; "help" (p used to pin it) is typed instead
        send(term, ["BTab", "help"], burst=True)
        assert sent_and_answered(term, server, "Help with which part?") == "help"
        # a search jump focuses the message found; letters still go to the composer
        term.keys("C-f")
        term.wait_for("Search all sessions")
        term.type("base case")
        term.wait_for("3 messages found — Enter or ↓ goes to the results")
        term.keys("Enter")
        term.wait_for("Enter opens it")  # the results have the focus
        term.keys("Enter")
        wait_for_footer(term, "Pin")  # the message found has the focus
        send(term, ["help me"], burst=True)
        assert sent_and_answered(term, server, "With the base case?") == "help me"
        # Retry: the server fails, Retry is pressed from the keyboard, then the student types
        server.script(*[Reply(fault=Fault.http(500))] * 4)
        term.type("why")
        term.keys("Enter")
        term.wait_for("Retry")
        server.script(Reply(text="Because it stops."))
        send(term, ["BTab", "Enter"], burst=True)  # the Retry button is just before the composer
        term.wait_for("Because it stops.")
        send(term, ["help again"], burst=True)
        assert sent_and_answered(term, server, "Again?") == "help again"
        # Esc from a message comes back to the composer
        send(term, ["BTab", "BTab"], burst=True)
        wait_for_footer(term, "Pin")
        term.keys("Escape")
        wait_for_footer(term, "Send")
        send(term, ["x", "C-j", "y"], burst=True)
        assert sent_and_answered(term, server, "An x?") == "x\ny"
        term.keys("C-q")
        term.wait_for("[exited 0]")
    _sessions, pinned = store_rows()
    assert pinned == []  # "help" pinned nothing


@pytest.mark.parametrize("burst", [True, False], ids=["burst", "typing-speed"])
def test_deleting_needs_the_delete_key_and_the_button_and_can_be_undone(
    burst: bool, server: ScriptedServer, tmp_path: Path
) -> None:
    write_config(server)
    with Store.open(paths.store_file()) as store:
        kept = import_example(store, "recursion-socratic")
    title = "Recursion, from a queue"
    with tutor_terminal(tmp_path) as term:
        term.wait_for(" tokens · ")
        term.keys("C-n")  # a new session: nothing focusable between the composer and the list
        term.wait_for("New session with which persona?")
        term.keys("Enter")
        wait_gone(term, "New session with which persona?")
        wait_until(term, lambda screen: screen.startswith(" New session "), "the new session")
        # d, r and e typed on the sidebar used to delete, rename and export
        send(term, ["BTab", "dry"], burst=burst)
        screen = term.wait_for("dry")
        assert [line.strip() for line in composer_lines(screen)] == ["dry"]
        send(term, ["BTab", "Down"], burst=burst)
        wait_for_footer(term, "Delete")
        screen = term.screen()
        assert "Delete the session" not in screen and "Rename the session" not in screen
        # Delete asks, with Cancel focused: Enter alone deletes nothing
        send(term, ["DC"], burst=burst)
        term.wait_for("Delete the session")
        send(term, ["Enter"], burst=burst)
        assert title in wait_gone(term, "Delete the session")  # still listed
        assert store_rows()[0] == [(kept.id, kept.title)]
        # Delete, Tab to the button, Enter: gone from the list, kept for Ctrl+Z
        send(term, ["DC"], burst=burst)
        term.wait_for("Delete the session")
        send(term, ["Tab", "Enter"], burst=burst)
        term.wait_for("Ctrl+Z brings it back")
        wait_gone(term, title)  # left the list
        assert store_rows()[0] == [(kept.id, kept.title)]  # but not the store, yet
        term.keys("C-z")
        screen = term.wait_for("session restored")
        screen = term.wait_for(title)
        drafted = composer_lines(screen)[0].split("▌")[0]  # a toast may sit beside it
        assert drafted.strip() == "dry"  # the draft stays
        term.keys("C-q")
        term.wait_for("[exited 0]")
    assert store_rows()[0] == [(kept.id, kept.title)]  # restored: still there after quitting
