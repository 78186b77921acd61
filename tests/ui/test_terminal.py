"""The app in a real terminal (tmux): Korean typed and sent, the reply streamed in, a clean quit.

tmux is required: `make test` installs it. Without it these tests fail (they do not skip), with
the message `tests.terminal.Terminal` raises.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.scripted_server import Reply, ScriptedServer
from tests.terminal import Terminal, child_env
from tests.ui.conftest import write_config
from tutor.core.config import paths
from tutor.core.store import Store

WIDTH, HEIGHT = 100, 30
SIDEBAR = 32  # cells: a line of the conversation starts to the right of this
QUESTION = "재귀 함수는 언제 멈추나요? base case가 뭔지 잘 모르겠어요"
REPLY = (
    "## 좋은 질문이에요\n\n"
    "Before the answer, look at what happens to **n** on each call:\n\n"
    "```python\n"
    "def countdown(n):\n"
    "    print(n)\n"
    "    countdown(n - 1)\n"
    "```\n\n"
    "- What value does `n` have on the third call?\n"
    "- 이 함수가 스스로 멈출 수 있을까요?\n\n"
    "어떤 조건에서 멈춰야 할지 한 문장으로 말해 볼래요?\n"
)
# How the reply reads on screen (Markdown rendered: no fences, no ** or backticks).
SHOWN = [
    "좋은 질문이에요",
    "Before the answer, look at what happens to n on each call:",
    "def countdown(n):",
    "countdown(n - 1)",
    "What value does n have on the third call?",
    "이 함수가 스스로 멈출 수 있을까요?",
]
FIRST, LAST = SHOWN[0], "어떤 조건에서 멈춰야 할지 한 문장으로 말해 볼래요?"


def terminal_env(home: Path) -> dict[str, str]:
    """``child_env`` with COLUMNS/LINES equal to the pane's size (Textual believes them over the
    terminal; a stray pair in the environment once made it draw at 80x24)."""
    return child_env(home, COLUMNS=str(WIDTH), LINES=str(HEIGHT))


def conversation_lines(screen: str) -> list[str]:
    """The lines of the screen that lie right of the sidebar, stripped."""
    return [line[SIDEBAR:].strip() for line in screen.splitlines() if len(line) > SIDEBAR]


def sane_terminal(term: Terminal) -> dict[str, str]:
    """The pane's modes after the app left, and the tty's line discipline (stty -a)."""
    flags = (
        "alternate_on",
        "cursor_flag",
        "mouse_any_flag",
        "mouse_all_flag",
        "mouse_button_flag",
        "mouse_standard_flag",
        "mouse_sgr_flag",
        "wrap_flag",
        "insert_flag",
        "origin_flag",
        "pane_tty",
    )
    fmt = " ".join("#{" + flag + "}" for flag in flags)
    shown = subprocess.run(
        ["tmux", "-L", term.socket, "display-message", "-p", "-t", term.name, fmt],
        capture_output=True,
        text=True,
        timeout=10,
        check=True,
    ).stdout.split()
    state = dict(zip(flags, shown, strict=True))
    stty = subprocess.run(
        ["stty", "-a", "-F", state["pane_tty"]], capture_output=True, text=True, timeout=10
    )
    state["stty"] = stty.stdout
    return state


def test_a_student_types_korean_and_reads_the_streamed_reply(
    server: ScriptedServer, isolated_home: Path
) -> None:
    write_config(server)
    server.script(Reply(text=REPLY, chunk_size=3, delay=0.01))  # ~170 chunks over ~2 s
    command = [sys.executable, "-m", "tutor"]
    env = terminal_env(isolated_home)
    with Terminal(command, env=env, width=WIDTH, height=HEIGHT) as term:
        term.wait_for("the tutor", timeout=20)
        term.wait_for(" tokens · ", timeout=20)  # connected, session open, request counted

        term.type(QUESTION)
        typed = term.wait_for(QUESTION)
        assert any(line == QUESTION for line in conversation_lines(typed)), typed
        term.keys("Enter")

        streaming = term.wait_for(FIRST)
        assert LAST not in streaming, "the whole reply came at once: nothing was streamed"
        done = term.wait_for(LAST, timeout=20)
        lines = conversation_lines(done)
        assert QUESTION in " ".join(lines)  # the student's turn, in full, in the conversation
        for expected in SHOWN:
            assert any(expected in line for line in lines), f"{expected!r} missing:\n{done}"
        assert "```" not in done and "**" not in done

        term.keys("C-q")
        left = term.wait_for("[exited 0]", timeout=15)
        assert QUESTION not in left and LAST not in left  # the app's screen is gone
        state = sane_terminal(term)
        assert state["alternate_on"] == "0"  # back on the normal screen
        assert state["cursor_flag"] == "1"  # cursor shown again
        assert state["wrap_flag"] == "1"
        for mode in ("mouse_any_flag", "mouse_all_flag", "mouse_button_flag", "mouse_sgr_flag"):
            assert state[mode] == "0", f"{mode} left on"
        assert state["mouse_standard_flag"] == "0"
        assert state["insert_flag"] == "0" and state["origin_flag"] == "0"
        discipline = state["stty"].split()
        for setting in ("icanon", "echo", "isig", "icrnl", "opost"):
            assert setting in discipline, f"tty left with -{setting}:\n{state['stty']}"

    sent = [m for m in server.chat_requests()[-1]["messages"] if m["role"] == "user"]
    assert sent[-1] == {"role": "user", "content": QUESTION}
    with Store.open(paths.store_file()) as store:
        session = store.latest_session()
        assert session is not None
        stored = [(m.role, m.content, m.status) for m in store.messages(session.id)]
    assert stored == [("user", QUESTION, "complete"), ("assistant", REPLY, "complete")]


# Modules that cost tens or hundreds of milliseconds to import, none needed for the first frame.
SLOW_MODULES = (
    "openai",
    "httpx",
    "pydantic",
    "yaml",
    "tiktoken",
    "markdown_it",
    "pygments",
    "sqlite3",
    "argparse",
    "textual.widgets._text_area",
    "textual.widgets._markdown",
)
FIRST_FRAME_PROBE = """
import json, sys
from textual.app import App

def first_frame(app):
    slow = [name for name in json.loads(sys.argv[2]) if name in sys.modules]
    with open(sys.argv[1], "w") as out:
        json.dump(slow, out)
    App.post_display_hook = lambda app: None
    app.exit()

App.post_display_hook = first_frame
from tutor.cli.main import run
sys.exit(run([]))
"""


def test_nothing_slow_is_imported_before_the_first_frame(
    server: ScriptedServer, isolated_home: Path
) -> None:
    write_config(server)
    found = isolated_home / "slow-modules.json"
    command = [sys.executable, "-c", FIRST_FRAME_PROBE, str(found), json.dumps(SLOW_MODULES)]
    with Terminal(command, env=terminal_env(isolated_home), width=WIDTH, height=HEIGHT) as term:
        term.wait_for("[exited 0]", timeout=20)
    assert json.loads(found.read_text()) == []
