"""What the CLI says, checked word by word: which --help to read, the role words, title search,
windows, estimates, persona details, where the user's personas go, every config problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.scripted_server import Reply, ScriptedServer
from tests.test_cli import cli, write_config
from tutor.core.config import paths
from tutor.core.store import Store


def test_a_wrong_option_points_to_the_help_of_its_own_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for argv, helped in (
        (["ask", "--bogus", "hi"], "tutor ask"),
        (["sessions", "list", "--newest"], "tutor sessions list"),
        (["personas", "show", "socratic", "--colour"], "tutor personas show"),
        (["--verbose"], "tutor"),
    ):
        code, out, err = cli(capsys, *argv)
        wrong = next(arg for arg in argv if arg.startswith("--"))
        assert (code, out) == (2, "")
        assert err == f"tutor: unrecognized arguments: {wrong} — see `{helped} --help`\n"


@pytest.mark.parametrize(
    ("group", "actions"),
    [
        ("sessions", "list, show, search, export, import or rm"),
        ("personas", "list, show or validate"),
    ],
)
def test_a_command_group_without_its_action_shows_its_help_and_exits_2(
    capsys: pytest.CaptureFixture[str], group: str, actions: str
) -> None:
    code, out, err = cli(capsys, group)
    assert (code, out) == (2, "")
    assert err.startswith(f"usage: tutor {group} [-h] ACTION ...")
    assert err.endswith(f"tutor: `tutor {group}` needs an action: {actions}\n")


def conversation(server: ScriptedServer, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_config(home, server)
    server.script(Reply(text="What does the loop invariant say?"))
    assert cli(capsys, "ask", "Why is my binary search off by one?")[0] == 0
    server.script(Reply(text="Which index does the loop look at last?"))
    assert cli(capsys, "ask", "--continue", "the loop ends too early")[0] == 0


def test_people_are_student_and_tutor_in_show_search_and_exports(
    server: ScriptedServer, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    conversation(server, isolated_home, capsys)
    _code, shown, _ = cli(capsys, "sessions", "show", "1")
    headings = [line for line in shown.splitlines() if line.startswith("## ")]
    assert headings == ["## student", "## tutor", "## student", "## tutor"]
    _code, found, _ = cli(capsys, "sessions", "search", "loop")
    said = [line.split(":")[0].strip() for line in found.splitlines() if line.startswith("    ")]
    assert said == ["tutor", "student", "tutor"]  # newest first
    _code, markdown, _ = cli(capsys, "sessions", "export", "1")
    assert [h.split(" · ")[0] for h in markdown.splitlines() if h.startswith("## ")] == [
        "## Student",
        "## Tutor",
        "## Student",
        "## Tutor",
    ]
    _code, raw, _ = cli(capsys, "sessions", "show", "1", "--json")
    assert [m["role"] for m in json.loads(raw)["messages"]] == ["user", "assistant"] * 2


def test_search_finds_titles_and_says_so(
    server: ScriptedServer, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    conversation(server, isolated_home, capsys)
    with Store.open(paths.store_file()) as store:
        store.rename_session(1, "이진 탐색 off-by-one")
    code, out, _ = cli(capsys, "sessions", "search", "탐색")  # in no message, only the title
    assert code == 0
    assert out.splitlines()[1:] == ["    (the title matches)"]
    assert out.splitlines()[0].endswith("  이진 탐색 off-by-one")
    _code, raw, _ = cli(capsys, "sessions", "search", "ONE", "--json")
    hits = json.loads(raw)
    assert [(h["in"], h["message_id"], h["spans"]) for h in hits] == [
        ("title", None, [[13, 16]]),  # "one" at the end of "이진 탐색 off-by-one"
        ("message", 1, [[31, 34]]),  # "Why is my binary search off by one?"
    ]
    _code, out, _ = cli(capsys, "sessions", "search", "nowhere-at-all")
    assert out == "nothing found for 'nowhere-at-all' in the titles or the messages\n"


def test_models_shows_the_window_that_doctor_knows(
    server: ScriptedServer, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.configure(flavour="llamacpp", window=4096, models=["scripted-model", "gpt-4o"])
    path = write_config(isolated_home, server)
    path.write_text(path.read_text().replace("    model: scripted-model\n", ""))
    _code, out, _ = cli(capsys, "doctor", "--json")
    told = next(c["detail"] for c in json.loads(out) if c["name"] == "window")
    assert told == "4,096 tokens (reported by the server)"
    code, out, _ = cli(capsys, "models")
    lines = out.splitlines()
    assert code == 0 and lines[2].split()[0] == "scripted-model" and lines[2].endswith(told)
    assert lines[3].split()[0] == "gpt-4o" and lines[3].endswith("(known for this model)")
    _code, out, _ = cli(capsys, "models", "--json")
    windows = [(m["context_window"], m["window_source"]) for m in json.loads(out)["models"]]
    assert windows == [(4096, "server"), (128_000, "table")]


def test_tokens_says_estimate_once(
    isolated_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "m.json"
    path.write_text(json.dumps([{"role": "user", "content": "hello there"}]))
    _code, out, _ = cli(capsys, "tokens", str(path), "--model", "llama3.1:8b")
    last = out.splitlines()[-1]
    assert last.count("estimate") == 1 and "not an OpenAI model" in last
    _code, out, _ = cli(capsys, "tokens", str(path), "--model", "gpt-4o")
    assert out.splitlines()[-1].count("exact") == 1


def test_a_persona_is_shown_as_key_value_pairs_and_your_folder_is_named(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = isolated_home / "config" / "personas"
    folder.mkdir()
    (folder / "quiz.yaml").write_text(
        "extends: socratic\n"
        "params: {temperature: 0.2, max_tokens: 700, stop: ['END']}\n"
        "variables: {topic: null, level: beginner}\n"
        "system: Quiz a {{level}} on {{topic}}.\n"
    )
    code, out, _ = cli(capsys, "personas", "show", "quiz", "--model", "llama3.1:8b")
    lines = out.splitlines()
    assert code == 0
    assert 'params: temperature: 0.2, max_tokens: 700, stop: ["END"]' in lines[2]
    assert lines[2].endswith("reply reserve 700 tokens") and "{" not in lines[2]
    assert 'variables: level: "beginner", topic: (required: --var topic=...)' in lines
    always = next(line for line in lines if line.startswith("always sent:"))
    assert always.count("estimate") == 1
    _code, out, _ = cli(capsys, "personas", "list")
    assert out.splitlines()[-1] == f"your personas: {folder} (1 file(s))"
    _code, out, _ = cli(capsys, "doctor", "--json")
    personas = next(c["detail"] for c in json.loads(out) if c["name"] == "personas")
    assert personas.endswith(f"your personas: {folder} (1 file(s))")


def test_a_config_error_lists_every_problem(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = isolated_home / "config" / "config.yaml"
    path.write_text(
        "default_endpoint: nowhere\nendpoints:\n  local:\n    base_url: http://x/v1\n"
        "    modle: m\n    timeout: soon\n"
    )
    code, out, err = cli(capsys, "ask", "hi")
    lines = err.splitlines()
    assert (code, out, len(lines)) == (2, "", 3)
    places = sorted(line.removeprefix(f"tutor: {path}:").split(": ")[0] for line in lines)
    assert places == ["1:19", "5:5", "6:14"]  # default_endpoint, modle, timeout
    assert "(and" not in err and "did you mean 'model'" in err and "'timeout'" in err
