"""The practice screen in a real terminal (tmux): opened with F5, a problem picked, code typed
into the editor, run with F5, the verdicts on screen and the run in the store.

tmux is required: `make test` installs it. Without it this test fails (it does not skip).
"""

from __future__ import annotations

import re
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.conftest import ROOT
from tests.scripted_server import ScriptedServer
from tests.terminal import Terminal, child_env
from tests.ui.conftest import write_config
from tutor.core.config import paths
from tutor.core.store import Store

WIDTH, HEIGHT = 100, 30
PACK = ROOT / "tests" / "practice" / "packs" / "good"


def until_shown(term: Terminal, seen: Callable[[str], object], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not seen(screen := term.screen()):
        assert time.monotonic() < deadline, f"not seen in {timeout} s:\n{screen}"
        time.sleep(0.05)


def test_a_problem_is_picked_typed_and_run_in_the_terminal(
    server: ScriptedServer, isolated_home: Path
) -> None:
    write_config(server)
    shutil.copytree(PACK / "add-two", paths.user_problems_dir() / "add-two")
    env = child_env(isolated_home, COLUMNS=str(WIDTH), LINES=str(HEIGHT))
    with Terminal([sys.executable, "-m", "tutor"], env=env, width=WIDTH, height=HEIGHT) as term:
        term.wait_for(" tokens · ", timeout=20)  # connected, the session counted
        term.keys("F5")  # nothing practised yet: the list, easiest first
        term.wait_for("1 Add two numbers")
        term.wait_for("Write add_two(a, b)")  # the highlighted problem's statement
        term.keys("Enter")
        screen = term.wait_for("practice · Add two numbers (add-two)")
        assert "1  def add_two(a, b):" in screen  # the starter, in the editor
        term.wait_for("not run yet")

        term.keys("Down", "Down", "End", *["BSpace"] * len("pass"))  # the starter's `pass`
        # Keys bound to actions act once they have bubbled up to the app, while letters are
        # typed by the editor at once: wait for the cursor keys before typing.
        until_shown(term, lambda screen: re.search(r"^3 +▏", screen, re.MULTILINE))
        term.type("return a + b")
        term.wait_for("3      return a + b")
        term.keys("F5")
        screen = term.wait_for("passed 4 of 4 tests")
        assert screen.count("✓ passed") == 4
        screen = term.wait_for("(add-two) · ✓ solved")  # the header follows the store
        assert "3000000000" not in screen  # a hidden test's input

        term.keys("Escape")  # back to the session
        term.wait_for(" tokens · ")
        term.keys("C-q")
        term.wait_for("[exited 0]", timeout=15)
    with Store.open(paths.store_file()) as store:
        run = store.latest_run("add-two")
    assert run is not None and (run.passed, run.total) == (4, 4)
    saved = (paths.practice_dir() / "add-two" / "solution.py").read_text(encoding="utf-8")
    assert saved == 'def add_two(a, b):\n    """Return the sum of a and b."""\n    return a + b\n'
