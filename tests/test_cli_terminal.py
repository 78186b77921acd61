"""On a terminal, nothing from outside reaches it as a control: titles, persona names, model ids,
server errors — every CLI place that prints them, run on real pseudo-terminals.

The same commands through a pipe print the exact bytes, which shows the terminal's output is
inert because tutor made it so, not because the text never got there.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.reliability.processes import tutor_command, tutor_env, write_config
from tests.scripted_server import Fault, Reply, ScriptedServer
from tests.tty import OnTerminal, run_on_terminal
from tutor.core.config import paths
from tutor.core.store import Store

ESCAPES = "\x1b]0;pwned\x07 \x1b[31mred\x1b[0m \x9b2J \x1b[2J"
MARKUP = "dp[i][j] meaning? [@click=app.quit] a [/] b [bold]x"
TITLE = f"{MARKUP} {ESCAPES}"
MODEL = f"evil-{ESCAPES}"
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SHOWN = "␛]0;pwned␇"  # what the retitling sequence looks like once inert


def on_terminal(*argv: str) -> OnTerminal:
    return run_on_terminal(tutor_command(*argv), tutor_env())


def piped(*argv: str) -> str:
    done = subprocess.run(tutor_command(*argv), capture_output=True, text=True, env=tutor_env())
    return done.stdout + done.stderr


def assert_inert(shown: OnTerminal, *visible: str) -> None:
    text = shown.text
    assert CONTROLS.findall(text) == [], text
    assert SHOWN in text and "␛[31mred␛[0m" in text, text
    for words in visible:
        assert words in text, (words, text)


@pytest.fixture
def hostile_store(isolated_home: Path) -> None:
    """A session as an imported file could make it: every text field hostile."""
    with Store.open(paths.store_file()) as store:
        info = store.create_session(f"persona {ESCAPES}", "local", MODEL, title=TITLE)
        store.add_message(info.id, "user", f"what does dp mean? {ESCAPES}")
        reply = store.begin_reply(info.id, MODEL)
        store.finish_reply(reply, f"dp means {ESCAPES}", "error", error=f"boom {ESCAPES}")


@pytest.mark.usefixtures("hostile_store")
@pytest.mark.parametrize(
    "argv",
    [("sessions", "list"), ("sessions", "show", "1"), ("sessions", "search", "dp")],
    ids=" ".join,
)
def test_sessions_print_titles_personas_and_models_inert(argv: tuple[str, ...]) -> None:
    shown = on_terminal(*argv)
    assert shown.code == 0
    assert_inert(shown, "[@click=app.quit] a [/] b [bold]x")
    assert ESCAPES.split()[0] in piped(*argv)


def test_an_import_and_a_removal_name_the_title_inert(
    hostile_store: None, tmp_path: Path, isolated_home: Path
) -> None:
    target = tmp_path / "s.json"
    assert on_terminal("sessions", "export", "1", "--format", "json", "-o", str(target)).code == 0
    assert_inert(on_terminal("sessions", "import", str(target)), "imported as session 2: dp[i]")
    assert_inert(on_terminal("sessions", "rm", "2"), "deleted session 2: dp[i][j]")


@pytest.fixture
def hostile_server(isolated_home: Path) -> ScriptedServer:
    with ScriptedServer(models=[MODEL, "plain-model"]) as server:
        write_config(isolated_home, server.base_url, "api_key_env: NOT_SET_ANYWHERE")
        config = isolated_home / "config" / "config.yaml"
        text = config.read_text().replace("    model: scripted-model\n", "")
        config.write_text(text.replace("    api_key_env: NOT_SET_ANYWHERE\n", ""))
        yield server


def test_models_and_doctor_print_model_ids_inert(hostile_server: ScriptedServer) -> None:
    assert_inert(on_terminal("models"), "evil-␛]0;pwned␇", "plain-model")
    shown = on_terminal("doctor")
    assert_inert(shown, "evil-␛]0;pwned␇")
    assert ESCAPES.split()[0] in piped("models")


def test_a_server_error_body_is_inert_on_stderr(hostile_server: ScriptedServer) -> None:
    hostile_server.script(Reply(fault=Fault.http(403, f"no access {TITLE}")))
    shown = on_terminal("ask", "--model", "plain-model", "hello")
    assert shown.code == 1 and shown.out == b""
    assert shown.err.decode().startswith("tutor: access denied (403)")
    assert_inert(shown, "no access dp[i][j] meaning? [@click=app.quit]")


def test_personas_print_names_and_descriptions_inert(isolated_home: Path) -> None:
    folder = isolated_home / "config" / "personas"
    folder.mkdir()
    (folder / "evil.yaml").write_text(
        'name: "Evil \\e]0;pwned\\a \\e[31mred\\e[0m [@click=app.quit]"\n'
        'description: "Sneaky \\x9b2J [bold]x"\n'
        "extends: socratic\n",
        encoding="utf-8",
    )
    for argv in (("personas", "list"), ("personas", "show", "evil")):
        shown = on_terminal(*argv)
        assert shown.code == 0
        assert_inert(shown, "Evil ␛]0;pwned␇", "[@click=app.quit]", "Sneaky �2J [bold]x")
