"""The persona editor in a real terminal (tmux): opened with Ctrl+T, typed into, saved, left.

tmux is required: `make test` installs it. Without it this test fails (it does not skip).
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.scripted_server import ScriptedServer
from tests.terminal import Terminal, child_env
from tests.ui.conftest import write_config
from tutor.core.config import paths

WIDTH, HEIGHT = 100, 30
PERSONA = """\
name: Graph tutor
description: Guides through graph problems.
system: |
  You coach graph algorithms.
  Ask one question at a time.
"""
REMINDER = "reminder: Ask one more question each time."


def test_the_editor_opens_takes_typing_saves_and_refuses_a_broken_text(
    server: ScriptedServer, isolated_home: Path
) -> None:
    write_config(server, default_persona="graph-tutor")
    folder = paths.user_personas_dir()
    folder.mkdir(parents=True)
    path = folder / "graph-tutor.yaml"
    path.write_text(PERSONA, encoding="utf-8")
    env = child_env(isolated_home, COLUMNS=str(WIDTH), LINES=str(HEIGHT))
    with Terminal([sys.executable, "-m", "tutor"], env=env, width=WIDTH, height=HEIGHT) as term:
        term.wait_for(" tokens · ", timeout=20)  # connected, the session counted
        term.keys("F4")
        term.wait_for("persona graph-tutor · saved")
        term.wait_for("always sent: ")
        term.wait_for("no problems")

        term.type(REMINDER)  # the cursor starts at the top of the file
        term.keys("Enter")
        screen = term.wait_for("unsaved changes")
        assert f"1  {REMINDER}" in screen and "2  name: Graph tutor" in screen
        term.keys("C-s")
        term.wait_for("persona graph-tutor · saved")
        assert path.read_text(encoding="utf-8") == f"{REMINDER}\n{PERSONA}"

        term.type("greting: hi")
        term.keys("Enter")
        screen = term.wait_for("2:1  unknown key 'greting'")
        assert "2● greting: hi" in screen  # the mark beside the line
        term.keys("C-s")
        term.wait_for("not saved")
        assert path.read_text(encoding="utf-8") == f"{REMINDER}\n{PERSONA}"

        term.keys("Escape")
        term.wait_for("Keep editing")
        term.keys("Tab", "Enter")  # leave without saving
        term.wait_for(" tokens · ")
        term.keys("C-q")
        term.wait_for("[exited 0]", timeout=15)
    assert path.read_text(encoding="utf-8") == f"{REMINDER}\n{PERSONA}"
