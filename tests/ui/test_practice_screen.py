"""The practice screen: the list and its filters, the code typed and run, the stored run, the
brief in the request (and never on screen), the hint ladder, progress marks, Korean, $EDITOR."""

from __future__ import annotations

import re
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.scripted_server import Reply, ScriptedServer
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
from tutor.core.config import paths
from tutor.core.store import Store
from tutor.ui.app import TutorApp
from tutor.ui.practice.screen import PracticeScreen
from tutor.ui.widgets.turns import Turn

SIZE = (100, 30)  # the smallest size the screen is made for
PACK = ROOT / "tests" / "practice" / "packs" / "good"
REFERENCE = "REFERENCE-MARKER-7f3a"  # a line of add-two's hidden reference solution
HIDDEN_INPUT = "3000000000"  # an argument of add-two's hidden test 'huge-second'
RIGHT = "def add_two(a, b):\n    return a + b\n"
WRONG = "def add_two(a, b):\n    return a - b\n"
HINT_1 = "What must add_two give back for 2 and 3?"


@pytest.fixture
def packs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The user's pack holds the test packs' add-two and sum-lines; the built-in pack is
    left out (an empty folder), so the list holds exactly those two."""
    from tutor.core.practice import library

    empty = tmp_path / "no-builtin-pack"
    empty.mkdir()
    monkeypatch.setattr(library, "builtin_problems_dir", lambda: empty)
    folder = paths.user_problems_dir()
    for name in ("add-two", "sum-lines"):
        shutil.copytree(PACK / name, folder / name)
    return folder


def practice(app: TutorApp) -> PracticeScreen:
    screen = app.screen
    assert isinstance(screen, PracticeScreen), f"not the practice screen: {screen!r}"
    return screen


def list_text(app: TutorApp) -> str:
    return widget_text(app, practice(app).catalogue_pane.options)


def card_text(app: TutorApp) -> str:
    """The hint card's words (its left border left out)."""
    shown = widget_text(app, practice(app).chat.query_one("#hint-card"))
    return " ".join(shown.replace("█", " ").split())


def last_student(request: list[dict[str, Any]]) -> str:
    """The newest student message of a request (the persona's reminder comes after it)."""
    return str([m for m in request if m["role"] == "user"][-1]["content"])


async def open_practice(pilot: Any) -> PracticeScreen:
    """From the session screen, F5: the practice screen with its list read."""
    app = pilot.app
    await ready(pilot)
    await pilot.press("f5")
    await until(pilot, lambda: isinstance(app.screen, PracticeScreen), "the practice screen")
    screen = practice(app)
    await until(pilot, lambda: screen.catalogue is not None, "the problems")
    await pilot.pause(0.05)
    return screen


async def open_problem(pilot: Any, title: str) -> PracticeScreen:
    """Search for ``title`` in the list and press Enter on it."""
    screen = practice(pilot.app)
    screen.query_one("#problem-search").focus()
    await paste(pilot, title)
    await pilot.press("enter", "enter")  # on to the list, then pick the highlighted problem
    await until(pilot, lambda: screen.code.work is not None, "the problem's file")
    await until(pilot, lambda: screen.chat.conversation is not None, "the practice session")
    return screen


async def write_code(pilot: Any, text: str) -> None:
    """Select all of the code and paste ``text`` over it."""
    screen = practice(pilot.app)
    screen.code.editor.focus()
    await pilot.press("f7")
    await paste(pilot, text)


async def run_code(pilot: Any) -> None:
    screen = practice(pilot.app)
    before = list(screen.results.rows)
    await pilot.press("f5")
    await until(pilot, lambda: screen.results.rows and screen.results.rows != before, "a run")
    await until(pilot, lambda: not screen.results.running, "the run to end")
    await pilot.pause(0.1)


async def test_the_list_opens_from_the_key_and_filters_by_concept_status_and_words(
    server: ScriptedServer, packs: Path
) -> None:
    write_config(server)
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_practice(pilot)
        shown = list_text(app)
        assert "Add two numbers" in shown and "Sum of the lines" in shown
        assert "2 problems · 0 solved" in screen_text(app)
        assert "Write add_two(a, b)" in widget_text(app, screen.statement)  # the first, read

        concept = screen.query_one("#concept-filter")
        concept.focus()
        await pilot.press("enter")  # the drop-down: math, simulation
        await pilot.press("down", "down", "enter")
        await until(pilot, lambda: "Add two numbers" not in list_text(app), "the filter")
        assert "Sum of the lines" in list_text(app)
        assert "1 of 2 problems" in screen_text(app)

        status = screen.query_one("#status-filter")
        status.focus()
        await pilot.press("enter", "down", "down", "enter")  # any status, new, tried
        await until(pilot, lambda: "no problem matches" in list_text(app), "tried: none yet")

        await pilot.press("x")  # a letter on a filter is no command: it goes to the search
        assert screen.query_one("#problem-search").value == "x"  # type: ignore[attr-defined]
        assert screen.focused is screen.query_one("#problem-search")


async def test_the_difficulty_filter_keeps_the_problems_of_one_level(
    server: ScriptedServer, packs: Path
) -> None:
    write_config(server)
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_practice(pilot)
        level = screen.query_one("#difficulty-filter")
        level.focus()
        await pilot.press("enter", "down", "down", "enter")  # any level, 1, 2
        await until(pilot, lambda: "Add two numbers" not in list_text(app), "level 2 only")
        assert "Sum of the lines" in list_text(app)  # difficulty 2; Add two is 1
        assert "1 of 2 problems" in screen_text(app)
        await pilot.press("enter", "up", "enter")  # level 1
        await until(pilot, lambda: "Sum of the lines" not in list_text(app), "level 1 only")
        assert "Add two numbers" in list_text(app)
        await pilot.press("enter", "up", "enter")  # any level again
        await until(pilot, lambda: "Sum of the lines" in list_text(app), "every level")
        assert "Add two numbers" in list_text(app) and "2 problems · 0 solved" in screen_text(app)


async def test_keys_move_between_the_panes_and_hide_the_list(
    server: ScriptedServer, packs: Path
) -> None:
    write_config(server)
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_practice(pilot)
        await open_problem(pilot, "Add two")
        pane = screen.catalogue_pane
        assert not pane.display  # below 120 columns the list steps aside once a problem opens
        await pilot.press("f4")
        assert screen.focused is screen.chat.composer
        await pilot.press("f3")
        assert screen.focused is screen.code.editor
        await pilot.press("f9")  # the list comes back, the code keeps the focus
        assert pane.display and screen.focused is screen.code.editor
        assert "Add two numbers" in list_text(app)
        await pilot.press("f9")
        assert not pane.display
        await pilot.press("f2")  # shown and focused
        assert pane.display and screen.focused is pane.options
        await pilot.press("f9")  # hidden while it has the focus: the code gets it
        assert not pane.display and screen.focused is screen.code.editor
        await pilot.press("f4", "x")  # typed in the tutor's composer, not the code
        assert screen.chat.composer is not None and screen.chat.composer.text == "x"
        assert "x" not in screen.code.editor.text


async def test_a_practice_key_remapped_in_the_config_keymap(
    server: ScriptedServer, packs: Path, store: Store
) -> None:
    write_config(server, keymap={"hint": "f10"})
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_practice(pilot)
        await open_problem(pilot, "Add two")
        said = [n.message for n in app._notifications if n.message.startswith("keymap:")]
        assert said == []
        footer = screen_text(app).splitlines()[-1]
        assert "f10 Hint" in footer and "f8 Hint" not in footer
        await pilot.press("f8")  # the old key gives nothing now
        await until(pilot, lambda: not any(w.group == "hint" for w in app.workers), "idle")
        assert store.hints_given("add-two") == []
        assert not screen.chat.query_one("#hint-card").display
        await pilot.press("f10")
        await until(pilot, lambda: HINT_1 in card_text(app), "the hint")
        assert [(h.rung, h.source) for h in store.hints_given("add-two")] == [(1, "authored")]


async def test_code_typed_and_run_shows_each_test_and_the_run_is_stored(
    server: ScriptedServer, packs: Path, store: Store
) -> None:
    write_config(server)
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await open_practice(pilot)
        screen = await open_problem(pilot, "Add two")
        work = screen.code.work
        assert work is not None and work.path == paths.practice_dir() / "add-two" / "solution.py"
        assert screen.code.editor.language == "python"  # the grammar loads: highlighted
        assert "pass" in work.path.read_text(encoding="utf-8")  # the starter, as `start` writes

        await write_code(pilot, "def add_two(a, b):\n    return a + ")
        await pilot.press("b")  # typed, key by key
        await until(pilot, lambda: work.path.read_text(encoding="utf-8") == RIGHT.rstrip("\n"))
        await run_code(pilot)

        table = widget_text(app, screen.results)
        assert "passed 4 of 4 tests" in table and "solved — every test passes" in table
        assert table.count("✓ passed") == 4
        assert "add_two(2, 3)" in table  # a sample shows its input
        assert "hidden: a second number" in table  # a hidden one, by its description
        screen.results.table.move_cursor(row=3)
        detail = screen.query_one("#result-detail")
        await until(pilot, lambda: "huge-second" in widget_text(app, detail), "its detail")
        assert "a second number in the billions — its input and answer are not shown" in (
            widget_text(app, detail)
        )
        assert HIDDEN_INPUT not in screen_text(app)
        run = store.latest_run("add-two")
        assert run is not None and (run.passed, run.total) == (4, 4)
        assert {r["name"] for r in run.results} == {"small", "zeros", "negatives", "huge-second"}
        assert "✓ solved" in screen_text(app)  # the header

        await write_code(pilot, WRONG)
        await run_code(pilot)
        table = widget_text(app, screen.results)
        assert "passed 1 of 4 tests" in table  # 0 - 0 is right
        assert "expected 5 · got -1" in widget_text(app, screen.query_one("#result-detail"))
        assert HIDDEN_INPUT not in screen_text(app)
        latest = store.latest_run("add-two")
        assert latest is not None and latest.passed == 1 and latest.id > run.id


async def test_the_brief_reaches_the_model_and_the_reference_never_shows(
    server: ScriptedServer, packs: Path, store: Store
) -> None:
    write_config(server)
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await open_practice(pilot)
        screen = await open_problem(pilot, "Add two")
        await write_code(pilot, WRONG)
        await run_code(pilot)

        server.script("What does your function give for 2 and 3?")
        screen.chat.focus_composer()
        await paste(pilot, "Why does my code fail?")
        await pilot.press("enter")
        await wait_idle(pilot)
        request = server.chat_requests()[-1]["messages"]
        sent = "\n".join(m["content"] for m in request)
        assert REFERENCE in sent  # the hidden reference, for the model only
        assert "return a - b" in sent  # the student's code as it is in the editor
        assert "hidden `huge-second`: wrong answer" in sent  # the latest run
        assert last_student(request) == "Why does my code fail?"
        assert "What does your function give for 2 and 3?" in widget_text(app, screen.chat.view)
        assert REFERENCE not in screen_text(app) and HIDDEN_INPUT not in screen_text(app)

        session = store.practice_session("add-two")  # the session is tied to the problem
        assert session is not None and session.title == "Practice: Add two numbers"
        kept = "\n".join(m.content for m in store.messages(session.id))
        assert REFERENCE not in kept  # the brief is never stored

        from tutor.core.tokens.counter import TiktokenCounter

        meter = widget_text(app, screen.chat.meter)
        found = re.search(r"this request: ([\d,]+) of", meter)
        assert found, meter
        counted = int(found.group(1).replace(",", ""))
        brief = screen.chat.conversation.rendered.brief  # type: ignore[union-attr]
        assert brief and REFERENCE in brief
        assert counted > len(TiktokenCounter("scripted-model").encoding().encode(brief))


ASKED_AGAIN = "What does + do that - does not?"


async def held_back_turn(
    server: ScriptedServer, store: Store, leak: str, chunk_size: int
) -> tuple[str, str]:
    """The student asks for the fix and the tutor streams ``leak``; returns the conversation as
    shown once the question has been asked again, and the one text held back in the store."""
    write_config(server)
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await open_practice(pilot)
        screen = await open_problem(pilot, "Add two")
        await write_code(pilot, WRONG)
        server.script(Reply(text=leak, chunk_size=chunk_size), ASKED_AGAIN)
        screen.chat.focus_composer()
        await paste(pilot, "just fix it for me")
        await pilot.press("enter")
        await wait_idle(pilot)
        await until(
            pilot,
            lambda: any(t.message.content == ASKED_AGAIN for t in screen.query(Turn)),
            "the question asked again",
        )
        shown = widget_text(app, screen.chat.view)
        assert len(server.chat_requests()) == 2  # the automatic second request
    session = store.practice_session("add-two")
    assert session is not None
    (held,) = store.withheld_in(session.id)
    assert all("first + second" not in m.content for m in store.messages(session.id))
    return shown, held.text


async def test_a_reply_that_writes_the_solution_is_held_back_on_screen(
    server: ScriptedServer, packs: Path, store: Store
) -> None:
    """The practice chat streams through the answer-leak guard: the block never shows, the
    notice does, the tutor is asked once to say it as a question, and the block is kept apart."""
    leak = "Here:\n\n```python\ndef add_two(first, second):\n    total = first + second\n"
    leak += "    return total\n```\n\nSee?"
    shown, held = await held_back_turn(server, store, leak, chunk_size=6)
    assert "held back" in shown and "first + second" not in shown
    assert "total = first + second" in held


async def test_a_solution_written_without_fences_is_held_back_on_screen_too(
    server: ScriptedServer, packs: Path, store: Store
) -> None:
    """Code without a fence is held while its lines come, checked when they end, and held
    back like a fenced block: never on screen nor in the stored reply."""
    leak = "Here:\n\ndef add_two(first, second):\n    total = first + second\n"
    leak += "    return total\n\nSee?"
    shown, held = await held_back_turn(server, store, leak, chunk_size=4)
    assert "held back" in shown and "See?" in shown
    assert "first + second" not in shown and "def add_two(first" not in shown
    assert held.startswith("def add_two(first, second):")


async def test_a_reply_quoting_the_code_in_the_message_being_sent_is_released(
    server: ScriptedServer, packs: Path, store: Store
) -> None:
    """The message being sent is the student's own: its code, quoted back, is not a leak."""
    write_config(server)
    mine = "def add_two(a, b):\n    result = b + a\n    return result\n"
    review = f"You wrote:\n\n```python\n{mine}```\n\nWhy did you swap a and b?"
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await open_practice(pilot)
        screen = await open_problem(pilot, "Add two")
        await write_code(pilot, WRONG)
        server.script(Reply(text=review, chunk_size=6))
        screen.chat.focus_composer()
        await paste(pilot, f"Is this right?\n```python\n{mine}```")
        await pilot.press("enter")
        await wait_idle(pilot)
        await until(
            pilot,
            lambda: any("swap a and b" in t.message.content for t in screen.query(Turn)),
            "the review",
        )
        assert "result = b + a" in widget_text(app, screen.chat.view)
        assert len(server.chat_requests()) == 1  # nothing held, nobody asked again
    session = store.practice_session("add-two")
    assert session is not None and store.withheld_in(session.id) == []
    assert store.messages(session.id)[-1].content == review


async def test_without_strict_isolation_the_screen_says_once_that_code_is_not_run(
    server: ScriptedServer, packs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUTOR_STRICT_SANDBOX", "none-such")  # no such sandbox: no isolation
    write_config(server)
    said = "the guard does not run code found in replies here"
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await open_practice(pilot)
        screen = await open_problem(pilot, "Add two")
        await until(pilot, lambda: notes(screen), "the note")
        (line,) = notes(screen)  # one line, as the CLI says it
        assert line.startswith(said) and "TUTOR_STRICT_SANDBOX=none-such" in line
        screen = await open_problem(pilot, "Sum lines")
        await until(pilot, lambda: screen.chat.problem.id == "sum-lines", "the second problem")
        await pilot.pause(0.1)
        assert notes(screen) == []  # said once, not for every problem


def notes(screen: PracticeScreen) -> list[str]:
    """The notice lines in the practice chat, as their text (not as wrapped on screen)."""
    from tutor.ui.widgets.turns import NoticeLine

    return [str(n.render()) for n in screen.chat.view.query(NoticeLine)]


async def test_an_authored_hint_needs_no_model_and_the_next_opens_after_an_edit(
    server: ScriptedServer, packs: Path, store: Store
) -> None:
    write_config(server)
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await open_practice(pilot)
        screen = await open_problem(pilot, "Add two")
        asked = len(server.chat_requests())

        await pilot.press("f8")
        await until(pilot, lambda: HINT_1 in card_text(app), "the authored hint")
        assert "hint 1 of 6" in card_text(app)
        assert len(server.chat_requests()) == asked  # shown as written: no model call
        given = store.hints_given("add-two")
        assert [(h.rung, h.source) for h in given] == [(1, "authored")]

        await pilot.press("f8")  # nothing run or changed since: the next rung is closed
        await until(
            pilot,
            lambda: "the next rung opens after a new run or an edit" in card_text(app),
            "the refusal",
        )
        assert len(store.hints_given("add-two")) == 1
        assert len(server.chat_requests()) == asked

        await write_code(pilot, "def add_two(a, b):\n    return 0\n")  # an edit opens rung 2
        server.script("Try add_two(2, 3) by hand: what should come back?")
        await pilot.press("f8")
        await until(pilot, lambda: len(store.hints_given("add-two")) == 2, "the asked hint")
        await until(pilot, lambda: len(server.chat_requests()) == asked + 1, "the hint's request")
        await wait_idle(pilot)
        request = server.chat_requests()[-1]["messages"]
        sent = "\n".join(m["content"] for m in request)
        assert "The student asks for a hint now: rung 2 of 6" in sent
        assert last_student(request).startswith("A hint, please — rung 2 of 6")
        assert "Try add_two(2, 3) by hand" in widget_text(app, screen.chat.view)
        latest = store.hints_given("add-two")[-1]
        assert (latest.rung, latest.source) == (2, "asked") and latest.session_id is not None


async def test_the_list_marks_a_problem_tried_then_solved(
    server: ScriptedServer, packs: Path
) -> None:
    write_config(server)
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await open_practice(pilot)
        assert "◐" not in list_text(app) and "✓" not in list_text(app)
        screen = await open_problem(pilot, "Add two")
        await write_code(pilot, WRONG)
        await run_code(pilot)
        await pilot.press("f2")  # the list comes back (it steps aside below 120 columns)
        await until(pilot, lambda: "◐ 1 Add two numbers" in list_text(app), "tried")
        assert "1 of 2 problems · 0 solved" in screen_text(app)  # (the search is still on)

        await write_code(pilot, RIGHT)
        await run_code(pilot)
        await pilot.press("f2")
        await until(pilot, lambda: "✓ 1 Add two numbers" in list_text(app), "solved")
        assert "1 of 2 problems · 1 solved" in screen_text(app)
        assert screen.problem is not None


async def test_the_progress_on_a_problem_is_read_on_screen_after_a_run(
    server: ScriptedServer, packs: Path, store: Store
) -> None:
    """Runs, versions run, the best result, hints, time spent and when it was solved: the
    statement pane says what the store holds (7 minutes spent earlier, then the gap to the
    next action, capped at 10 minutes)."""
    import time

    from tutor.ui.practice.statement_pane import spent

    earlier = time.time() - 3600
    store.note_practice("add-two", [earlier])
    store.note_practice("add-two", [earlier + 420])
    write_config(server)
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await open_practice(pilot)
        screen = await open_problem(pilot, "Add two")
        progress = screen.query_one("#statement-progress")
        await until(pilot, lambda: "no run yet" in widget_text(app, progress), "no run yet")
        await pilot.press("f8")  # the authored rung 1
        await until(pilot, lambda: HINT_1 in card_text(app), "the hint")
        await until(pilot, lambda: "1 hint (rung 1)" in widget_text(app, progress), "counted")
        await write_code(pilot, WRONG)
        await run_code(pilot)
        await until(pilot, lambda: "1 run of 1 version" in widget_text(app, progress), "a run")
        assert "best 1/4 tests" in widget_text(app, progress)
        assert "solved" not in widget_text(app, progress)
        await write_code(pilot, RIGHT)
        await run_code(pilot)
        await write_code(pilot, WRONG)  # the first code again: a run, not another version
        await run_code(pilot)
        await until(pilot, lambda: "3 runs of 2 versions" in widget_text(app, progress), "runs")
        shown = widget_text(app, progress)
        stored = store.problem_progress("add-two")
        assert stored is not None and stored.solved_at is not None
        # from the stored moments, not the clock: 420 s between the two earlier ones, and the
        # hour before this visit counts as the idle cap (600 s) — the earlier minutes count
        assert stored.seconds_spent >= 420 + 600
        assert "best 4/4 tests" in shown and "1 hint (rung 1)" in shown  # the best, not the last
        assert f"{spent(stored.seconds_spent)} spent" in shown
        solved = time.strftime("%Y-%m-%d %H:%M", time.localtime(stored.solved_at))
        assert f"solved {solved}" in shown


async def test_titles_and_statements_in_korean(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    write_config(server)
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await open_practice(pilot)  # the built-in pack
        assert "합이 되는 두 수" in list_text(app)
        screen = await open_problem(pilot, "합이 되는")
        assert "합이 되는 두 수" in screen_text(app)  # the header
        statement = widget_text(app, screen.statement)
        assert "write pair_sum" in statement and "민지는 등산 동아리의" in statement  # Korean
        await pilot.press("f8")  # the pack's rung 1, in Korean
        await until(pilot, lambda: "먼저 문제를 자기 말로" in card_text(app), "the hint")


async def test_a_save_in_the_students_own_editor_is_read_back(
    server: ScriptedServer, packs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text(f"#!/bin/sh\nprintf '{RIGHT}' > \"$1\"\n", encoding="utf-8")
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(editor))
    write_config(server)
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await open_practice(pilot)
        screen = await open_problem(pilot, "Add two")
        await pilot.press("ctrl+o")  # no terminal to hand over here: it runs beside the app
        await until(pilot, lambda: screen.code.editor.text == RIGHT, "the file read again")
        assert "read again" in widget_text(app, screen.query_one("#code-bar"))
        await run_code(pilot)
        assert "passed 4 of 4 tests" in widget_text(app, screen.results)


async def test_the_palette_opens_a_problem_by_its_title(
    server: ScriptedServer, packs: Path
) -> None:
    write_config(server)
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_palette(pilot)
        await paste(pilot, "practice: Sum of the")
        await until(pilot, lambda: "difficulty 2" in screen_text(app), "the entry")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen), "the practice screen")
        screen = practice(app)
        await until(pilot, lambda: screen.code.work is not None, "the problem's file")
        assert screen.problem is not None and screen.problem.id == "sum-lines"
        assert "Sum of the lines (sum-lines)" in screen_text(app)
        await pilot.press("escape")  # back to the session
        await until(pilot, lambda: not isinstance(app.screen, PracticeScreen), "the session")


async def test_a_judging_persona_asks_the_configured_judge_endpoint_not_the_tutors(
    server: ScriptedServer, packs: Path, store: Store
) -> None:
    """``judge_endpoint: grader`` in the config: the practice session of a persona with
    ``guard: {judge: true}`` sends its reply's judge question to the grader's server only."""
    from tutor.core.guard.judge import QUESTION
    from tutor.core.practice.folder import files_hash

    walk = "Keep a running total: start at the first number, add the second, give that back."
    with ScriptedServer(models=["grader-model"]) as grader:
        paths.config_file().write_text(
            "judge_endpoint: grader\ndefault_endpoint: local\nendpoints:\n"
            f"  local: {{base_url: {server.base_url}, model: scripted-model}}\n"
            f"  grader: {{base_url: {grader.base_url}, model: grader-model}}\n",
            encoding="utf-8",
        )
        personas = paths.user_personas_dir()
        personas.mkdir(parents=True, exist_ok=True)
        (personas / "judging.yaml").write_text(
            "extends: algorithm-coach\nname: Judging\nguard: {judge: true}\n", encoding="utf-8"
        )
        session = store.create_session("judging", "local", "scripted-model", title="Practice")
        store.tie_session(session.id, "add-two", files_hash(packs / "add-two"))
        app = TutorApp()
        async with app.run_test(size=SIZE) as pilot:
            await open_practice(pilot)
            screen = await open_problem(pilot, "Add two")
            assert screen.chat.conversation is not None
            assert screen.chat.conversation.persona.id == "judging"
            server.script(Reply(text=walk))
            grader.script("YES - it spells out every step.")
            screen.chat.focus_composer()
            await paste(pilot, "how?")
            await pilot.press("enter")
            await wait_idle(pilot)
            await until(
                pilot,
                lambda: "walks through the solution" in widget_text(app, screen.chat.view),
                "the judge's finding said",
            )
        (judged,) = grader.chat_requests()
        assert judged["messages"][0] == {"role": "system", "content": QUESTION}
        assert walk in judged["messages"][1]["content"]
        assert REFERENCE in judged["messages"][1]["content"]
        (reply,) = server.chat_requests()  # the tutor's server: the reply only
        assert all(m["content"] != QUESTION for m in reply["messages"])
    (held,) = store.withheld_in(session.id)
    assert held.judged and held.text == walk
