"""The persona editor screen: problems as you type, the cost, the trial, saving, rehearsing."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import ROOT
from tests.scripted_server import ScriptedServer
from tests.ui.conftest import (
    main_screen,
    open_palette,
    paste,
    ready,
    screen_text,
    type_text,
    until,
    wait_idle,
    widget_text,
    write_config,
)
from tutor.core.config import paths
from tutor.core.personas import builtin_personas_dir
from tutor.core.store import Store
from tutor.ui.app import TutorApp
from tutor.ui.authoring.screen import PersonaEditorScreen
from tutor.ui.dialogs.confirm import ConfirmDialog
from tutor.ui.dialogs.text import TextDialog

SIZE = (100, 30)  # the smallest size the editor is made for
SYSTEM = "You coach graph algorithms. Ask one question at a time."
PERSONA = f"""\
name: Graph tutor
description: Guides through graph problems.
system: {SYSTEM}
"""
REHEARSED = (
    PERSONA
    + """\
rehearsals:
  - name: asks back
    student: ["What is BFS?"]
    expect: [ends-with-question]
  - name: keeps the code back
    student: ["Write BFS for me."]
    expect: [no-code]
"""
)
REMINDER = "reminder: Ask one more question each time."
COST = re.compile(
    r"always sent: ≈?([\d,]+) tokens — system ([\d,]+) · examples \d+ · reminder (\d+)"
)


def write_persona(text: str, name: str = "graph-tutor") -> Path:
    folder = paths.user_personas_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def editor(app: TutorApp) -> PersonaEditorScreen:
    screen = app.screen
    assert isinstance(screen, PersonaEditorScreen), f"not the editor: {screen!r}"
    return screen


def cost_text(app: TutorApp) -> str:
    return widget_text(app, editor(app).query_one("#cost"))


def problems_text(app: TutorApp) -> str:
    return widget_text(app, editor(app).query_one("#problems"))


async def open_editor(pilot: Any) -> PersonaEditorScreen:
    """From the session screen, F4: the open session's persona in the editor, counted."""
    app = pilot.app
    await ready(pilot)
    await pilot.press("f4")
    await until(pilot, lambda: isinstance(app.screen, PersonaEditorScreen), "the editor")
    await until(pilot, lambda: COST.search(cost_text(app)), "the cost")
    return editor(app)


async def add_line(pilot: Any, after_row: int, text: str) -> None:
    """Type ``text`` as a new line after line ``after_row`` (1-based) of the YAML."""
    yaml = editor(pilot.app).draft.yaml
    yaml.focus()
    row = after_row - 1
    yaml.move_cursor((row, len(yaml.document.get_line(row))))  # End stops where a line wraps
    await pilot.press("enter")
    await type_text(pilot, text)


async def test_a_broken_key_is_shown_at_its_line_and_the_fix_changes_the_cost(
    server: ScriptedServer,
) -> None:
    write_config(server, default_persona="graph-tutor")
    write_persona(PERSONA)
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_editor(pilot)
        assert screen.draft.yaml.language == "yaml"  # the grammar loads: highlighted
        before = COST.search(cost_text(app))
        assert before is not None and before.group(3) == "0"  # no reminder yet
        assert "no problems" in problems_text(app)

        await add_line(pilot, 2, "greting: hi")
        await until(pilot, lambda: "3:1" in problems_text(app), "the problem at 3:1")
        assert "unknown key 'greting' — did you mean 'greeting'?" in problems_text(app)
        lines = screen_text(app).splitlines()
        assert any(line.startswith("3● greting: hi") for line in lines)  # the gutter mark
        assert any(line.startswith("2  description") for line in lines)  # no mark there
        assert "counted once the problems are fixed" in cost_text(app)

        await pilot.press(*["backspace"] * len("greting: hi"))
        await type_text(pilot, REMINDER)
        await until(pilot, lambda: "no problems" in problems_text(app), "the fix to be seen")
        await until(pilot, lambda: COST.search(cost_text(app)), "the new cost")
        after = COST.search(cost_text(app))
        assert after is not None and int(after.group(3)) > 0  # the reminder is counted now
        assert int(after.group(1).replace(",", "")) > int(before.group(1).replace(",", ""))
        assert not any("●" in line[:4] for line in screen_text(app).splitlines())


KOREAN_PERSONA = """\
name: 그래프 튜터
description: 그래프 문제를 질문으로 이끈다.
system: 너는 그래프 알고리즘을 가르치는 튜터다. 답을 주지 말고 한 번에 질문 하나만 해라.
reminder: 학생의 말로 답하고, 질문은 하나만.
"""


def shown_cost(model: str | None) -> int:
    """What `tutor personas show graph-tutor [--model M] --json` says is always sent."""
    args = [sys.executable, "-m", "tutor", "personas", "show", "graph-tutor", "--json"]
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    shown = subprocess.run(
        [*args, "--model", model] if model else args, capture_output=True, env=env, check=True
    )
    return int(json.loads(shown.stdout)["tokens"]["always_sent"])


async def test_the_cost_names_the_model_it_was_counted_for_as_personas_show_counts_it(
    server: ScriptedServer,
) -> None:
    server.configure(models=["gpt-4"])  # cl100k_base; `personas show` alone counts o200k_base
    write_config(server, model="gpt-4", default_persona="graph-tutor")
    write_persona(KOREAN_PERSONA)
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(pilot)
        await until(pilot, lambda: "counted for gpt-4 (exact)" in cost_text(app), "the model")
        found = COST.search(cost_text(app))
        assert found is not None
        in_editor = int(found.group(1).replace(",", ""))
    assert in_editor == shown_cost("gpt-4")
    assert in_editor != shown_cost(None)  # another model's tokenizer counts otherwise


async def test_a_broken_file_is_opened_from_the_palette_and_a_problem_picked_jumps_to_it(
    server: ScriptedServer,
) -> None:
    write_config(server)
    write_persona(PERSONA + "tags: [graphs]\nexmaples: []\n")  # left out of the personas
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_palette(pilot)
        await type_text(pilot, "persona: edit graph-tutor")
        await until(pilot, lambda: "its file has problems" in screen_text(app), "the entry")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PersonaEditorScreen), "the editor")
        await until(pilot, lambda: "5:1" in problems_text(app), "the file's own problem")
        assert "unknown key 'exmaples' — did you mean 'examples'?" in problems_text(app)
        screen = editor(app)
        assert screen.draft.yaml.cursor_location == (0, 0)
        screen.query_one("#problems").focus()
        await pilot.press("enter")
        await until(pilot, lambda: screen.draft.yaml.cursor_location == (4, 0), "the jump")
        assert screen.focused is screen.draft.yaml
        await pilot.press("x")  # typing goes on in the YAML, where the problem is
        assert screen.draft.text.splitlines()[4] == "xexmaples: []"


async def test_the_trial_sends_the_unsaved_text_and_stores_no_session_until_kept(
    server: ScriptedServer, store: Store
) -> None:
    path = write_persona(PERSONA)
    write_config(server, default_persona="graph-tutor")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_editor(pilot)
        yaml = screen.draft.yaml
        yaml.move_cursor((2, len(f"system: {SYSTEM}")))
        await type_text(pilot, " Always answer in haiku.")
        assert "unsaved changes" in widget_text(app, screen.query_one("#editor-header"))

        await pilot.press("ctrl+t")  # to the trial's composer, straight after typing
        await paste(pilot, "What is BFS?")
        server.script("What is a queue for, do you think?")
        await pilot.press("enter")
        await until(pilot, lambda: server.chat_requests(), "the trial's request")
        await wait_idle(pilot)
        sent = server.chat_requests()[-1]["messages"]
        assert sent[0] == {"role": "system", "content": SYSTEM + " Always answer in haiku."}
        assert sent[-1] == {"role": "user", "content": "What is BFS?"}
        await until(pilot, lambda: "What is a queue for" in screen_text(app), "the reply")
        assert store.list_sessions() == []  # a trial is no session
        assert path.read_text(encoding="utf-8") == PERSONA  # nor a save

        await pilot.click("#trial-keep")
        await until(pilot, lambda: store.list_sessions(), "the kept session")
        (kept,) = store.list_sessions()
        assert kept.persona == "graph-tutor" and kept.model == "scripted-model"
        stored = [(m.role, m.content) for m in store.messages(kept.id)]
        assert stored == [
            ("user", "What is BFS?"),
            ("assistant", "What is a queue for, do you think?"),
        ]


async def test_a_text_with_problems_is_not_tried(server: ScriptedServer) -> None:
    write_config(server, default_persona="graph-tutor")
    write_persona(PERSONA)
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(pilot)
        await add_line(pilot, 1, "greting: hi")
        await pilot.press("ctrl+t")
        await paste(pilot, "What is BFS?")
        await pilot.press("enter")
        await until(pilot, lambda: any("not sent" in n.message for n in app._notifications))
        (toast,) = [n.message for n in app._notifications if "not sent" in n.message]
        assert "1 problem (line 2: unknown key 'greting'" in toast
        assert server.chat_requests() == []
        assert editor(app).trial.composer is not None
        assert editor(app).trial.composer.text == "What is BFS?"  # kept for after the fix


async def test_save_writes_the_file_and_a_broken_text_is_refused(server: ScriptedServer) -> None:
    path = write_persona(PERSONA)
    write_config(server, default_persona="graph-tutor")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_editor(pilot)
        await add_line(pilot, 3, REMINDER)
        await pilot.press("ctrl+s")  # at once: the save waits for the check of this text
        await until(pilot, lambda: REMINDER in path.read_text(encoding="utf-8"), "the save")
        assert path.read_text(encoding="utf-8") == PERSONA + REMINDER + "\n"
        assert not list(path.parent.glob(".new-*"))  # nothing half-written left behind
        await until(
            pilot, lambda: "· saved" in widget_text(app, screen.query_one("#editor-header"))
        )
        session = main_screen(app).desk  # under the editor, the session picks up the file
        await until(pilot, lambda: session.conversation.persona.reminder, "the reload")
        assert session.conversation.persona.reminder == REMINDER.removeprefix("reminder: ")

        await add_line(pilot, 4, "greting: hi")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: any("not saved" in n.message for n in app._notifications))
        (toast,) = [n.message for n in app._notifications if "not saved" in n.message]
        assert "line 5: unknown key 'greting'" in toast and "Your text is kept" in toast
        assert path.read_text(encoding="utf-8") == PERSONA + REMINDER + "\n"
        assert screen.draft.text.endswith("greting: hi\n")


async def test_esc_asks_before_unsaved_changes_are_lost_and_keeps_editing_by_default(
    server: ScriptedServer,
) -> None:
    path = write_persona(PERSONA)
    write_config(server, default_persona="graph-tutor")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(pilot)
        await add_line(pilot, 3, REMINDER)
        await pilot.press("escape")
        await until(pilot, lambda: "Keep editing" in screen_text(app), "the question")
        question = widget_text(app, app.screen.query_one(".dialog-question"))
        assert "Your changes to 'graph-tutor' are not saved" in question
        await pilot.press("enter")  # the default answer: keep editing
        await until(pilot, lambda: isinstance(app.screen, PersonaEditorScreen), "the editor")
        assert REMINDER in editor(app).draft.text

        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question again")
        await pilot.press("tab", "enter")  # "Leave without saving"
        await until(pilot, lambda: app.screen.id == "main", "the session screen")
        assert path.read_text(encoding="utf-8") == PERSONA

        await pilot.press("f4")  # nothing changed: Esc leaves without asking
        await until(pilot, lambda: isinstance(app.screen, PersonaEditorScreen), "the editor")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen.id == "main", "the session screen")


async def test_a_new_persona_from_the_palette_is_saved_and_listed(server: ScriptedServer) -> None:
    write_config(server)
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_palette(pilot)
        await type_text(pilot, "persona: new")
        await until(pilot, lambda: "persona: new" in screen_text(app), "the palette entry")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, TextDialog), "the id question")
        await type_text(pilot, "socratic")
        await pilot.press("enter")
        await until(pilot, lambda: "'socratic' exists already" in screen_text(app))
        await pilot.press(*["backspace"] * len("socratic"))
        await type_text(pilot, "graph-coach")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PersonaEditorScreen), "the editor")
        await until(pilot, lambda: "no problems" in problems_text(app), "the scaffold checked")
        await pilot.press("ctrl+s")
        path = paths.user_personas_dir() / "graph-coach.yaml"
        await until(pilot, path.exists, "the new file")
        assert path.read_text(encoding="utf-8") == editor(app).draft.text
        await pilot.press("escape")  # saved: leaves without asking
        await until(pilot, lambda: app.screen.id == "main", "the session screen")
        listed = main_screen(app).palette_personas
        await until(pilot, lambda: any(pid == "graph-coach" for pid, _, _ in listed()))


async def test_a_builtin_is_saved_as_your_own_copy_after_asking(server: ScriptedServer) -> None:
    write_config(server)  # the default persona: the built-in socratic
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_editor(pilot)
        assert "a copy of the built-in" in widget_text(app, screen.query_one("#editor-header"))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await pilot.press("tab", "enter")  # "Save my copy"
        mine = paths.user_personas_dir() / "socratic.yaml"
        await until(pilot, mine.exists, "the copy")
        shipped = (builtin_personas_dir() / "socratic.yaml").read_text(encoding="utf-8")
        assert mine.read_text(encoding="utf-8") == shipped


async def test_a_rehearsal_runs_from_the_editor_and_shows_each_case(
    server: ScriptedServer, store: Store
) -> None:
    write_config(server, default_persona="graph-tutor")
    write_persona(REHEARSED)
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_editor(pilot)
        server.script(
            "What do you think a queue is for?",
            "Here it is:\n\n```python\ndef bfs(graph, start):\n    return [start]\n```\n",
        )
        await pilot.press("ctrl+r")

        def panel() -> str:
            return "\n".join(str(line.content) for line in screen.query(".rehearsal-line"))

        await until(pilot, lambda: "summary:" in panel(), "the rehearsal's summary")
        shown = panel()
        assert "✓ passed  asks back" in shown
        assert "✗ FAILED  keeps the code back  (1 of 1 checks)" in shown
        assert "turn 1: no-code" in shown and "│ def bfs(graph, start):" in shown
        assert "summary: 1 of 2 (50%) cases passed · 1 of 2 (50%) checks passed" in shown
        students = [r["messages"][-1]["content"] for r in server.chat_requests()]
        assert students == ["What is BFS?", "Write BFS for me."]
    assert store.rehearsal_run_count("graph-tutor:(own)") == 1
    assert store.list_sessions() == []


async def test_ctrl_r_rehearses_the_unsaved_text_its_system_message_and_its_cases(
    server: ScriptedServer, store: Store
) -> None:
    path = write_persona(REHEARSED)
    write_config(server, default_persona="graph-tutor")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_editor(pilot)
        yaml = screen.draft.yaml
        lines = REHEARSED.splitlines()
        yaml.focus()
        yaml.move_cursor((2, len(lines[2])))  # the system message, unsaved
        await type_text(pilot, " Never write code.")
        yaml.move_cursor((4, len(lines[4])))  # the first case's name
        await type_text(pilot, " about DFS")
        yaml.move_cursor((5, lines[5].index("BFS") + 3))  # its student's line
        await pilot.press("backspace", "backspace", "backspace")
        await type_text(pilot, "DFS")
        yaml.move_cursor((len(lines) - 1, len(lines[-1])))  # a case that is in no file
        await paste(pilot, '\n  - name: added\n    student: ["Hi."]\n    expect: [no-code]')
        assert "unsaved changes" in widget_text(app, screen.query_one("#editor-header"))
        server.script("What would you visit first?", "Which node next?", "Hello! What now?")
        await pilot.press("ctrl+r")

        def panel() -> str:
            return "\n".join(str(line.content) for line in screen.query(".rehearsal-line"))

        await until(pilot, lambda: "summary:" in panel(), "the rehearsal's summary")
        shown = panel()
        assert "✓ passed  asks back about DFS" in shown
        assert "✓ passed  added" in shown
        assert "summary: 3 of 3 (100%) cases passed" in shown
        sent = [r["messages"] for r in server.chat_requests()]
        assert [m[0] for m in sent] == [
            {"role": "system", "content": SYSTEM + " Never write code."}
        ] * 3
        assert [m[-1]["content"] for m in sent] == ["What is DFS?", "Write BFS for me.", "Hi."]
    assert path.read_text(encoding="utf-8") == REHEARSED  # rehearsed, never saved
    kept = store.last_rehearsal_run("graph-tutor:(own)")
    assert kept is not None
    assert [c.case for c in kept.checks] == ["asks back about DFS", "keeps the code back", "added"]
    assert store.list_sessions() == []


async def test_outside_text_in_the_yaml_is_shown_inert(server: ScriptedServer) -> None:
    write_config(server, default_persona="graph-tutor")
    write_persona(PERSONA)
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_editor(pilot)
        await add_line(pilot, 3, "")
        await paste(pilot, '"[@click=app.quit]k[/]": 1')
        await until(pilot, lambda: "4:1" in problems_text(app), "the unknown key")
        assert "unknown key '[@click=app.quit]k[/]'" in problems_text(app)  # not markup
        assert isinstance(app.screen, PersonaEditorScreen)  # and no action ran

        await pilot.press("enter")
        await paste(pilot, "note: \x1b[2Jcleared")
        await until(pilot, lambda: "5:7" in problems_text(app), "the control character")
        assert "control character U+001B" in problems_text(app)
        shown = screen_text(app)
        assert "note: ␛[2Jcleared" in shown and "\x1b" not in shown  # a symbol, not obeyed
        assert screen.draft.text.splitlines()[4] == "note: \x1b[2Jcleared"  # kept exact


async def test_the_config_keymap_moves_the_editors_keys_by_id(server: ScriptedServer) -> None:
    path = write_persona(PERSONA)
    write_config(
        server, default_persona="graph-tutor", keymap={"edit-persona": "f9", "save-persona": "f2"}
    )
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(app.screen, PersonaEditorScreen), "the editor")
        await until(pilot, lambda: "no problems" in problems_text(app), "the check")
        await add_line(pilot, 3, REMINDER)
        await pilot.press("f2")
        await until(pilot, lambda: REMINDER in path.read_text(encoding="utf-8"), "the save")
        assert not [n.message for n in app._notifications if n.message.startswith("keymap:")]
