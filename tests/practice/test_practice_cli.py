"""`tutor practice` without running code: list, show, start, stats, hint, ask, broken packs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.scripted_server import Reply, ScriptedServer
from tests.test_cli import cli, write_config
from tutor.core.store.withheld import HeldCounts

PACKS = Path(__file__).resolve().parent / "packs"
GOOD = str(PACKS / "good")
REFERENCE = "REFERENCE-MARKER-7f3a"  # a comment in add-two's accepted solution
HIDDEN_DATA = ("3000000000", "3000000007")  # the hidden case 'huge-second'

pytestmark = pytest.mark.usefixtures("without_builtin_pack")


def test_list_shows_titles_levels_concepts_and_status(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, "practice", "list", "--pack", GOOD)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "LEVEL", "CONCEPTS", "STATUS"]
    assert lines[1].split()[:5] == ["add-two", "Add", "two", "numbers", "1"]
    code, out, _ = cli(capsys, "practice", "list", "--pack", GOOD, "--lang", "ko", "--json")
    listed = {p["id"]: p for p in json.loads(out)}
    assert listed["sum-lines"]["title"] == "줄의 합" and listed["sum-lines"]["status"] == "new"
    assert listed["add-two"]["concepts"] == ["math"]
    cli(capsys, "practice", "start", "add-two", "--pack", GOOD)
    code, out, _ = cli(capsys, "practice", "list", "--pack", GOOD, "--status", "tried")
    assert code == 0 and "add-two" in out and "◐ tried" in out and "sum-lines" not in out
    code, out, _ = cli(capsys, "practice", "list", "--pack", GOOD, "--difficulty", "2")
    assert "sum-lines" in out and "add-two" not in out


def test_list_in_korean_from_the_locale(
    isolated_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    _code, out, _ = cli(capsys, "practice", "list", "--pack", GOOD)
    assert "두 수 더하기" in out


def test_a_broken_problem_is_one_warning_and_the_rest_still_list(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(
        capsys, "practice", "list", "--pack", GOOD, "--pack", str(PACKS / "broken")
    )
    assert code == 0 and "add-two" in out and "fine" in out
    warnings = err.splitlines()
    assert len(warnings) == 4 and all(
        w.startswith("tutor: warning: skipped a broken") for w in warnings
    )
    assert any("typo-key/problem.yaml:3:1: unknown key 'entry_piont'" in w for w in warnings)
    code, _, err = cli(capsys, "practice", "list", "--pack", GOOD, "--concept", "maht")
    assert code == 2 and "did you mean 'math'?" in err and err.count("\n") == 1


def test_show_gives_statement_samples_and_limits_never_hidden_parts(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(capsys, "practice", "show", "add-two", "--pack", GOOD)
    assert code == 0
    assert "# Add two numbers (add-two)" in out and "2 s per test, 256 MiB" in out
    assert "add_two(2, 3)  →  5" in out and "2 hidden tests" in out
    assert "write: add_two (python), addTwo (javascript)" in out
    assert REFERENCE not in out and not any(d in out for d in HIDDEN_DATA)
    assert "negatives" not in out  # hidden tests are not even named here
    code, out, _ = cli(
        capsys, "practice", "show", "add-two", "--pack", GOOD, "--lang", "ko", "--json"
    )
    data = json.loads(out)
    assert data["statement_language"] == "ko" and "돌려줘요" in data["statement"]
    assert data["samples"] == [
        {"name": "small", "args": [2, 3], "expected": 5},
        {"name": "zeros", "args": [0, 0], "expected": 0},
    ]
    assert data["hidden_tests"] == 2 and data["entry_points"]["javascript"] == "addTwo"
    assert REFERENCE not in out and not any(d in out for d in HIDDEN_DATA)
    code, _, err = cli(capsys, "practice", "show", "add-too", "--pack", GOOD)
    assert code == 2 and "did you mean 'add-two'?" in err


def test_start_writes_the_starter_once_and_never_overwrites(
    isolated_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = cli(capsys, "practice", "start", "add-two", "--pack", GOOD)
    path = Path(out.strip())
    assert code == 0 and path == isolated_home / "data" / "practice" / "add-two" / "solution.py"
    starter = PACKS / "good" / "add-two" / "starter" / "python.py"
    assert path.read_text() == starter.read_text() and "wrote the python starter" in err
    path.write_text("def add_two(a, b):\n    return a + b\n")
    code, out, err = cli(capsys, "practice", "start", "add-two", "--pack", GOOD)
    assert code == 0 and Path(out.strip()) == path and "kept as it is" in err
    assert path.read_text() == "def add_two(a, b):\n    return a + b\n"
    code, out, _ = cli(
        capsys,
        "practice",
        "start",
        "add-two",
        "--pack",
        GOOD,
        "--language",
        "javascript",
        "--dir",
        str(tmp_path / "mine"),
    )
    assert Path(out.strip()) == tmp_path / "mine" / "solution.js"
    code, _, err = cli(capsys, "practice", "start", "add-two", "--pack", GOOD, "--language", "rust")
    assert code == 2 and "no rust starter — starters: javascript, python" in err


def test_stats_counts_what_was_done(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(capsys, "practice", "stats", "--pack", GOOD)
    assert code == 0 and "solved 0 of 2 problems" in out and "nothing practised yet" in out
    cli(capsys, "practice", "start", "add-two", "--pack", GOOD)
    cli(capsys, "practice", "hint", "add-two", "--pack", GOOD)
    code, out, _ = cli(capsys, "practice", "stats", "--pack", GOOD, "--json")
    data = json.loads(out)
    assert (data["problems"], data["solved"], data["tried"]) == (2, 0, 1)
    row = data["per_problem"][0]
    assert (row["id"], row["status"], row["hints_used"], row["top_hint_rung"]) == (
        "add-two",
        "tried",
        1,
        1,
    )


def test_hint_gives_written_rungs_waits_for_an_edit_then_asks_the_tutor(
    server: ScriptedServer, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(isolated_home, server)
    code, out, _ = cli(capsys, "practice", "start", "add-two", "--pack", GOOD)
    work = Path(out.strip())
    code, out, _ = cli(capsys, "practice", "hint", "add-two", "--pack", GOOD)
    assert code == 0 and out.splitlines() == [
        "hint 1 of 6 — what have you tried / the goal",
        "What must add_two give back for 2 and 3?",
    ]
    assert server.chat_requests() == []  # a written hint needs no model
    code, _, err = cli(capsys, "practice", "hint", "add-two", "--pack", GOOD)
    assert code == 2 and "opens after you run your code or change it" in err
    work.write_text("def add_two(a, b):\n    return a * b  # STUDENT-EDIT\n")
    server.script(Reply(text="Which test did you look at first?"))
    code, out, _ = cli(capsys, "practice", "hint", "add-two", "--pack", GOOD)
    assert code == 0 and out == "Which test did you look at first?\n"
    sent = server.chat_requests()[-1]["messages"]
    system = [m["content"] for m in sent if m["role"] == "system"]
    briefs = [s for s in system if s.startswith("# Practice brief")]
    assert len(briefs) == 1
    assert "asks for a hint now: rung 2 of 6" in briefs[0] and "STUDENT-EDIT" in briefs[0]
    assert sent[-2]["content"].startswith("A hint, please — rung 2 of 6")
    code, out, _ = cli(capsys, "practice", "stats", "--pack", GOOD, "--json")
    assert json.loads(out)["per_problem"][0]["hints_used"] == 2
    work.write_text("def add_two(a, b):\n    return a + b + 0\n")
    code, out, _ = cli(capsys, "practice", "hint", "add-two", "--pack", GOOD, "--json")
    assert json.loads(out) == {
        "rung": 3,
        "name": "the concept",
        "source": "authored",
        "hint": "This is about one arithmetic operation.",
    }
    work.write_text("def add_two(a, b):\n    return b + a\n")
    server.script(Reply(text="What changes if both are negative?"))
    code, out, _ = cli(capsys, "practice", "hint", "add-two", "--pack", GOOD, "--json")
    data = json.loads(out)
    assert (data["rung"], data["source"], data["problem_id"]) == (4, "asked", "add-two")
    assert data["reply"] == "What changes if both are negative?"


def test_practice_alone_prints_its_help_and_exits_2(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, "practice")
    assert code == 2 and out == "" and "list" in err and "validate" in err


def test_ask_sends_the_brief_and_the_student_never_sees_it(
    server: ScriptedServer,
    isolated_home: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    write_config(isolated_home, server)
    code, out, _ = cli(capsys, "practice", "start", "add-two", "--pack", GOOD)
    Path(out.strip()).write_text("def add_two(a, b):\n    return a - b  # STUDENT-CODE\n")
    server.script(Reply(text="What does your function return for the first sample?"))
    code, out, err = cli(capsys, "practice", "ask", "add-two", "why is it wrong?", "--pack", GOOD)
    assert (code, out) == (0, "What does your function return for the first sample?\n"), err
    sent = server.chat_requests()[-1]["messages"]
    assert "coach for algorithm and data-structure practice" in sent[0]["content"]
    brief = next(m["content"] for m in sent if m["content"].startswith("# Practice brief"))
    assert REFERENCE in brief and "STUDENT-CODE" in brief and "Add two numbers" in brief
    assert sent[-2] == {"role": "user", "content": "why is it wrong?"}
    assert sent.index(next(m for m in sent if m["content"] == brief)) < len(sent) - 2
    code, out, _ = cli(capsys, "practice", "ask", "add-two", "and now?", "--pack", GOOD, "--json")
    again = json.loads(out)
    assert again["session_id"] == 1 and again["problem_id"] == "add-two"  # the same session
    code, out, _ = cli(capsys, "sessions", "show", "1")
    assert "why is it wrong?" in out and REFERENCE not in out
    assert not any(d in out for d in HIDDEN_DATA)
    code, out, _ = cli(capsys, "sessions", "show", "1", "--json")
    assert REFERENCE not in out and json.loads(out)["problem_id"] == "add-two"
    for form in ("md", "json"):
        code, out, _ = cli(capsys, "sessions", "export", "1", "--format", form)
        assert code == 0 and REFERENCE not in out and "Practice brief" not in out
        assert not any(d in out for d in HIDDEN_DATA) and "add-two" in out
    code, out, _ = cli(capsys, "sessions", "list", "--json")
    assert json.loads(out)[0]["title"] == "Practice: Add two numbers"


def test_ask_with_a_dash_reads_the_message_from_stdin(
    server: ScriptedServer, isolated_home: Path
) -> None:
    """`tutor practice ask ID -` in a real process, its stdin a pipe: several lines (Korean
    too) go to the tutor as one message; an empty stdin is one clear line and exit 2."""
    import subprocess
    import sys

    from tests.test_cli import subprocess_env

    write_config(isolated_home, server)
    server.script(Reply(text="What does add_two(2, 3) give now?"))
    asked = "my code returns -1 for 2 and 3\n왜 틀렸을까요?\n"
    argv = [sys.executable, "-m", "tutor", "practice", "ask", "add-two", "-", "--pack", GOOD]
    env = subprocess_env(isolated_home)
    done = subprocess.run(argv, input=asked, capture_output=True, text=True, env=env, timeout=60)
    assert (done.returncode, done.stdout) == (0, "What does add_two(2, 3) give now?\n")
    sent = server.chat_requests()[-1]["messages"]
    assert sent[-2] == {"role": "user", "content": asked}  # every line, as typed
    empty = subprocess.run(argv, input="  \n", capture_output=True, text=True, env=env, timeout=60)
    assert empty.returncode == 2 and empty.stdout == ""
    assert empty.stderr.strip() == "tutor: the message is empty — type what you want to ask"
    assert len(server.chat_requests()) == 1  # nothing sent for it


def test_validate_reports_broken_files_with_positions_and_exits_2(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = PACKS / "broken"
    code, out, _ = cli(
        capsys,
        "practice",
        "validate",
        str(broken / "bad-tests"),
        str(broken / "typo-key"),
        str(broken / "no-answer"),
    )
    assert code == 2
    assert f"{broken}/bad-tests/tests.yaml:3:11: 'args' must be a list" in out
    assert f"{broken}/typo-key/problem.yaml:3:1: unknown key 'entry_piont'" in out
    assert "first.in has no first.ans" in out and "no English statement" in out
    assert "solutions not run: fix the files above first" in out
    code, _, err = cli(capsys, "practice", "validate", str(isolated_home))
    assert code == 2 and "no problem here" in err


def test_import_refuses_a_broken_problem_and_copies_nothing(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(capsys, "practice", "import", str(PACKS / "broken" / "bad-hints"))
    assert code == 2 and "not imported" in out and "'7' is not a rung" in out
    assert not (isolated_home / "config" / "problems" / "bad-hints").exists()
    code, _, err = cli(capsys, "practice", "import", str(PACKS / "good"))
    assert code == 2 and "not a problem folder" in err


def test_ask_holds_back_a_reply_that_writes_the_solution_and_asks_again(
    server: ScriptedServer, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`practice ask` guards the reply on stdout as the app does: the leaking block never
    reaches the student, it is kept apart, and the tutor is asked once to say it as a question."""
    write_config(isolated_home, server)
    code, out, _ = cli(capsys, "practice", "start", "add-two", "--pack", GOOD)
    Path(out.strip()).write_text("def add_two(a, b):\n    return a - b\n")
    leak = "Here it is:\n\n```python\ndef add_two(first, second):\n    total = first + second\n"
    leak += "    return total\n```\n"
    server.script(Reply(text=leak, chunk_size=9), "What does + do that - does not?")
    code, out, err = cli(capsys, "practice", "ask", "add-two", "just fix it", "--pack", GOOD)
    assert code == 0, err
    assert "total = first + second" not in out and "held back" in out
    assert out.rstrip().endswith("What does + do that - does not?")
    assert "asking it to say that as a question" in err
    from tutor.core.config import paths
    from tutor.core.store import Store

    with Store.open(paths.store_file()) as store:
        session = store.latest_session()
        assert session is not None and session.problem_id == "add-two"
        (held,) = store.withheld_in(session.id)
        assert "total = first + second" in held.text
        assert all("first + second" not in m.content for m in store.messages(session.id))
    code, out, _ = cli(capsys, "practice", "stats", "--json", "--pack", GOOD)
    (row,) = json.loads(out)["per_problem"]
    assert row["held_back"] == 1  # counted in the problem's progress
    assert row["judged_walkthroughs"] == 0


def test_ask_holds_back_a_solution_written_without_fences(
    server: ScriptedServer, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(isolated_home, server)
    code, out, _ = cli(capsys, "practice", "start", "add-two", "--pack", GOOD)
    Path(out.strip()).write_text("def add_two(a, b):\n    return a - b\n")
    leak = "Here it is:\n\ndef add_two(first, second):\n    total = first + second\n"
    leak += "    return total\n\nTry it."
    server.script(Reply(text=leak, chunk_size=5), "What does + do that - does not?")
    code, out, err = cli(capsys, "practice", "ask", "add-two", "just fix it", "--pack", GOOD)
    assert code == 0, err
    assert "first + second" not in out and "def add_two(first" not in out
    assert "held back" in out and "Try it." in out
    assert out.rstrip().endswith("What does + do that - does not?")
    from tutor.core.config import paths
    from tutor.core.store import Store

    with Store.open(paths.store_file()) as store:
        session = store.latest_session()
        assert session is not None
        (held,) = store.withheld_in(session.id)
        assert held.text.startswith("def add_two(first, second):")
        assert all("first + second" not in m.content for m in store.messages(session.id))


@pytest.mark.parametrize("where", ["message", "file"])
def test_ask_releases_a_reply_that_quotes_the_students_own_code(
    where: str, server: ScriptedServer, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Code from the student's message or their code file is theirs: quoted back, it is shown."""
    write_config(isolated_home, server)
    mine = "def add_two(a, b):\n    result = b + a\n    return result\n"
    code, out, _ = cli(capsys, "practice", "start", "add-two", "--pack", GOOD)
    Path(out.strip()).write_text(mine if where == "file" else "def add_two(a, b):\n    pass\n")
    review = f"You wrote:\n\n```python\n{mine}```\n\nWhy did you swap a and b?"
    server.script(Reply(text=review, chunk_size=6))
    message = "is this right?" + (f"\n```python\n{mine}```" if where == "message" else "")
    code, out, err = cli(capsys, "practice", "ask", "add-two", message, "--pack", GOOD)
    assert code == 0, err
    assert out == review + "\n" and "held back" not in out
    assert len(server.chat_requests()) == 1
    from tutor.core.config import paths
    from tutor.core.store import Store

    with Store.open(paths.store_file()) as store:
        session = store.latest_session()
        assert session is not None and store.withheld_in(session.id) == []


def test_ask_says_when_the_guard_cannot_run_code(
    server: ScriptedServer,
    isolated_home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TUTOR_STRICT_SANDBOX", "none-such")  # no such sandbox: no isolation
    write_config(isolated_home, server)
    server.script(Reply(text="What must add_two give back?"))
    code, out, err = cli(capsys, "practice", "ask", "add-two", "help", "--pack", GOOD)
    assert code == 0 and out == "What must add_two give back?\n"
    (line,) = [x for x in err.splitlines() if "does not run code" in x]
    assert "the guard does not run code found in replies here" in line
    assert "TUTOR_STRICT_SANDBOX=none-such" in line


GUARD_PERSONAS = {
    "unguarded.yaml": "extends: algorithm-coach\nname: Unguarded\nguard: {enabled: false}\n",
    "judging.yaml": "extends: algorithm-coach\nname: Judging\nguard: {judge: true}\n",
    "judging-child.yaml": "extends: judging\nname: Judging child\n",  # inherits the judge
    "judging-off.yaml": "extends: judging\nname: Judging guard-off\nguard: {enabled: false}\n",
}


def write_guard_personas() -> None:
    from tutor.core.config import paths

    folder = paths.user_personas_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in GUARD_PERSONAS.items():
        (folder / name).write_text(text)


def test_guard_settings_merge_through_extends(isolated_home: Path) -> None:
    write_guard_personas()
    from tutor.core.personas import PersonaLibrary

    library = PersonaLibrary.load()
    seen = {
        p: (library.get(p).guarded, library.get(p).judged)
        for p in ("algorithm-coach", "unguarded", "judging", "judging-child", "judging-off")
    }
    assert seen == {
        "algorithm-coach": (True, False),  # practice sessions: on, no judge
        "unguarded": (False, False),
        "judging": (True, True),
        "judging-child": (True, True),  # through extends
        "judging-off": (False, True),  # its own key, the parent's other one
    }


def test_a_persona_with_the_guard_off_gets_no_guard_in_practice(
    server: ScriptedServer, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(isolated_home, server)
    write_guard_personas()
    leak = "```python\ndef add_two(first, second):\n    return first + second\n```\n"
    server.script(Reply(text=leak, chunk_size=9))
    code, out, err = cli(
        capsys, "practice", "ask", "add-two", "fix it", "--pack", GOOD, "--persona", "unguarded"
    )
    assert code == 0, err
    assert out == leak and "held back" not in out  # nothing checks it: the persona says so
    assert "the answer-leak guard is off: persona 'unguarded' says so" in err
    assert len(server.chat_requests()) == 1
    from tutor.core.config import paths
    from tutor.core.store import Store

    with Store.open(paths.store_file()) as store:
        session = store.latest_session()
        assert session is not None and store.withheld_in(session.id) == []


def test_a_judging_persona_asks_the_judge_and_records_its_yes_apart(
    server: ScriptedServer, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``judge: true`` (here inherited through extends): after a reply with no code the judge
    is asked through the endpoint; its yes is stored with judged=1 and said."""
    write_config(isolated_home, server)
    write_guard_personas()
    walk = "Keep a running total: start at the first number, add the second, give that back."
    server.script(Reply(text=walk), "YES - it spells out every step of the solution.")
    code, out, err = cli(
        capsys, "practice", "ask", "add-two", "how?", "--pack", GOOD, "--persona", "judging-child"
    )
    assert code == 0, err
    assert out == walk + "\n"  # already shown: recorded, not hidden
    assert "the judge found this reply walks through the solution — recorded" in err
    requests = server.chat_requests()
    assert len(requests) == 2  # the reply, then the judge; no question asked again
    from tutor.core.guard.judge import QUESTION

    judged = requests[1]["messages"]
    assert judged[0] == {"role": "system", "content": QUESTION}
    assert walk in judged[1]["content"] and REFERENCE in judged[1]["content"]
    from tutor.core.config import paths
    from tutor.core.store import Store

    with Store.open(paths.store_file()) as store:
        session = store.latest_session()
        assert session is not None
        (held,) = store.withheld_in(session.id)
        assert held.judged and held.kind == "walkthrough" and held.text == walk
        assert store.withheld_by_problem() == {"add-two": HeldCounts(code=0, judged=1)}
    code, out, _ = cli(capsys, "practice", "stats", "--json", "--pack", GOOD)
    (row,) = json.loads(out)["per_problem"]
    assert (row["held_back"], row["judged_walkthroughs"]) == (0, 1)  # reported apart
    code, out, _ = cli(capsys, "practice", "stats", "--pack", GOOD)
    header, line = out.splitlines()[1:3]  # a left-aligned table: values under their heads
    held, judged = header.index("HELD"), header.index("JUDGED")
    assert (line[held:judged].strip(), line[judged:].split()[0]) == ("0", "1")
