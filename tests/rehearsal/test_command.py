"""`tutor personas test`: what it runs for an id or a file, exit statuses, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.rehearsal.conftest import Cli, write
from tests.scripted_server import Fault, Reply, ScriptedServer
from tutor.core.config import paths

QUESTION = "What have you tried?"


def one_case(folder: Path, persona: str = "socratic", name: str = "r.yaml") -> Path:
    return write(
        folder,
        name,
        f"""
        persona: {persona}
        cases:
          - name: asks
            student: [help]
            expect: [ends-with-question]
        """,
    )


def test_all_passing_exits_0(
    config: Path, server: ScriptedServer, cli: Cli, tmp_path: Path
) -> None:
    server.script(QUESTION)
    code, out, err = cli("personas", "test", str(one_case(tmp_path)))
    assert (code, err) == (0, "")
    assert 'case "asks": passed' in out and "summary: 1 of 1 cases passed (100%)" in out


def test_a_failed_assertion_exits_3(
    config: Path, server: ScriptedServer, cli: Cli, tmp_path: Path
) -> None:
    server.script("No.")
    code, out, _ = cli("personas", "test", str(one_case(tmp_path)))
    assert code == 3 and 'case "asks": FAILED (1 of 1 checks)' in out


def test_an_endpoint_failure_exits_1_with_one_line_and_keeps_nothing(
    config: Path, server: ScriptedServer, cli: Cli, tmp_path: Path
) -> None:
    server.script(Reply(fault=Fault.http(401)))
    code, _, err = cli("personas", "test", str(one_case(tmp_path)))
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("tutor: ") and "Traceback" not in err
    assert "key" in err.lower()
    code, out, _ = cli("sessions", "list", "--json")
    assert json.loads(out) == []


def test_an_unreachable_judge_exits_1(
    config: Path, server: ScriptedServer, cli: Cli, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "r.yaml",
        """
        persona: socratic
        cases:
          - name: rubric
            student: [help]
            expect: [{rubric: "Is it a question?"}]
        """,
    )
    server.script(QUESTION)
    code, _, err = cli("personas", "test", str(path), "--judge", "http://127.0.0.1:9/v1")
    assert code == 1 and err.startswith("tutor: ") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["nobody"],
            "tutor: no persona 'nobody' — available: socratic, algorithm-coach, explainer",
        ),
        (["socratc"], "tutor: no persona 'socratc' — did you mean 'socratic'?"),
        (["missing.yaml"], "tutor: no file missing.yaml — give a persona id, or a persona or"),
        (["socratic", "--repeat", "0"], "tutor: --repeat wants 1 or more, got 0"),
    ],
)
def test_bad_usage_exits_2(config: Path, cli: Cli, args: list[str], message: str) -> None:
    code, out, err = cli("personas", "test", *args)
    assert code == 2 and out == ""
    assert err.startswith(message)


def test_a_broken_rehearsal_file_lists_every_problem_and_exits_2(
    config: Path, server: ScriptedServer, cli: Cli, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "broken.yaml",
        """
        persona: socratic
        cases:
          - name: one
            student: hi
            expect: [no-cod, {max-questions: two}]
            turns:
              - turn: 2
                expect: [no-code]
          - name: two
            simulate: {student: insists-on-answers, turns: 3}
          - name: three
            studnet: hello
        """,
    )
    code, out, err = cli("personas", "test", str(path))
    assert code == 2 and out == ""
    assert err.replace(f"{tmp_path}/", "").splitlines() == [
        "tutor: broken.yaml:5:14: unknown assertion 'no-cod' — did you mean 'no-code'?",
        "tutor: broken.yaml:5:38: 'max-questions' wants a whole number of 0 or more,"
        " e.g. {max-questions: 1}",
        "tutor: broken.yaml:7:15: turn 2 does not exist: this case has 1 tutor reply",
        "tutor: broken.yaml:10:25: no simulated student 'insists-on-answers'"
        " — did you mean 'insists-on-answer'?",
        "tutor: broken.yaml:11:5: a case needs 'student:' (the student's turns) or 'simulate:'",
        "tutor: broken.yaml:12:5: unknown key 'studnet' — did you mean 'student'?",
    ]
    assert server.chat_requests() == []


def test_a_persona_without_rehearsals_is_told_where_to_put_them(
    config: Path, cli: Cli, isolated_home: Path
) -> None:
    write(isolated_home / "config" / "personas", "plain.yaml", "name: P\nsystem: Ask.\n")
    code, _, err = cli("personas", "test", "plain")
    assert code == 2
    assert err.startswith("tutor: persona 'plain' has no rehearsals — add 'rehearsals:' cases")


def test_an_id_runs_its_own_cases_and_the_files_naming_it(
    config: Path, server: ScriptedServer, cli: Cli, isolated_home: Path
) -> None:
    write(
        isolated_home / "config" / "personas",
        "quiz.yaml",
        """
        name: Quiz
        system: Ask one question.
        rehearsals:
          - name: own case
            student: [hello]
            expect: [ends-with-question]
        """,
    )
    folder = isolated_home / "config" / "rehearsals"
    one_case(folder, "quiz", "quiz-more.yaml")
    one_case(folder, "socratic", "other.yaml")  # names another persona: not run
    write(folder, "broken.yaml", "persona: [\n")  # unreadable: warned about, not run
    server.script(QUESTION, QUESTION)
    code, data = cli.json("personas", "test", "quiz")
    assert code == 0
    assert [r["rehearsal"] for r in data["rehearsals"]] == ["quiz:(own)", "quiz:quiz-more"]
    assert [c["case"] for r in data["rehearsals"] for c in r["cases"]] == ["own case", "asks"]
    assert len(server.chat_requests()) == 2
    assert server.chat_requests()[0]["messages"][0] == {
        "role": "system",
        "content": "Ask one question.",
    }


def test_a_broken_file_naming_the_persona_stops_the_run(
    config: Path, server: ScriptedServer, cli: Cli, isolated_home: Path
) -> None:
    write(
        isolated_home / "config" / "rehearsals",
        "socratic-extra.yaml",
        "persona: socratic\ncases: [{name: x, student: hi, expect: [nope]}]\n",
    )
    code, _, err = cli("personas", "test", "socratic")
    assert code == 2 and "socratic-extra.yaml:2:41: unknown assertion 'nope'" in err
    assert server.chat_requests() == []


def test_a_user_file_replaces_the_built_in_one_of_the_same_name(
    config: Path, server: ScriptedServer, cli: Cli, isolated_home: Path
) -> None:
    one_case(isolated_home / "config" / "rehearsals", "socratic", "socratic.yaml")
    server.script(QUESTION)
    code, data = cli.json("personas", "test", "socratic")
    assert code == 0
    assert [c["case"] for c in data["rehearsals"][0]["cases"]] == ["asks"]
    assert data["rehearsals"][0]["source"] == str(
        paths.config_dir() / "rehearsals" / "socratic.yaml"
    )


def test_a_persona_file_is_tested_with_its_own_cases(
    config: Path, server: ScriptedServer, cli: Cli, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "draft.yaml",
        """
        extends: socratic
        name: Draft
        system: Draft instructions.
        rehearsals:
          - name: draft case
            student: [hello]
            expect: [ends-with-question]
        """,
    )
    server.script(QUESTION)
    code, data = cli.json("personas", "test", str(path))
    assert code == 0 and data["rehearsals"][0]["rehearsal"] == "draft:(own)"
    assert server.chat_requests()[0]["messages"][0]["content"] == "Draft instructions."


def test_rehearsal_flag_runs_a_file_against_another_persona(
    config: Path, server: ScriptedServer, cli: Cli, tmp_path: Path
) -> None:
    path = one_case(tmp_path, "socratic")
    server.script(QUESTION)
    code, data = cli.json("personas", "test", "explainer", "--rehearsal", str(path))
    assert code == 0
    assert data["rehearsals"][0]["persona"] == "explainer"
    assert data["rehearsals"][0]["rehearsal"] == "explainer:r"
    sent = server.chat_requests()[0]["messages"][0]["content"]
    assert sent.startswith("You are a clear, direct teacher.")


def test_persona_rehearsal_problems_are_found_by_validate(
    cli: Cli, isolated_home: Path, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "p.yaml",
        """
        name: P
        system: Ask.
        rehearsals:
          - name: x
            simulate: {student: confused-beginner, turns: 2}
            expect: [{max-words: -1}]
        """,
    )
    code, out, _ = cli("personas", "validate", str(path))
    assert code == 2
    assert out.replace(f"{tmp_path}/", "") == (
        "p.yaml:6:26: 'max-words' wants a whole number of 0 or more, e.g. {max-words: 1}\n"
    )


def test_an_unknown_persona_in_a_rehearsal_file_is_shown_where_it_is_named(
    config: Path, cli: Cli, tmp_path: Path
) -> None:
    path = one_case(tmp_path, "socratc")
    code, _, err = cli("personas", "test", str(path))
    assert code == 2
    assert err.replace(f"{tmp_path}/", "").startswith(
        "tutor: r.yaml:1:10: no persona 'socratc' — did you mean 'socratic'?"
    )


def test_a_persona_variable_the_rehearsal_must_give(
    config: Path, server: ScriptedServer, cli: Cli, isolated_home: Path, tmp_path: Path
) -> None:
    write(
        isolated_home / "config" / "personas",
        "topical.yaml",
        "name: T\nvariables: {topic: null}\nsystem: Teach {{topic}}.\n",
    )
    path = one_case(tmp_path, "topical")
    code, _, err = cli("personas", "test", str(path))
    assert code == 2 and server.chat_requests() == []
    assert "case 'asks': persona 'topical' needs --var topic=..." in err
    assert err.rstrip().endswith("give them under 'variables:' (the file's or the case's)")
    text = path.read_text().replace("cases:", "variables: {topic: graphs}\ncases:")
    path.write_text(text)
    server.script(QUESTION)
    code, _, err = cli("personas", "test", str(path))
    assert code == 0, err
    assert server.chat_requests()[0]["messages"][0]["content"] == "Teach graphs."


def test_validate_checks_rehearsal_files_beside_persona_files(
    cli: Cli, isolated_home: Path, tmp_path: Path
) -> None:
    persona = write(tmp_path, "graph-tutor.yaml", "name: G\nsystem: Ask about graphs.\n")
    folder = tmp_path / "rehearsals"
    one_case(folder, "graph-tutor", "fine.yaml")
    one_case(folder, "grahp-tutor", "typo.yaml")
    write(
        folder,
        "broken.yaml",
        "persona: socratic\ncases: [{name: x, student: hi, expect: [nope]}]\n",
    )
    code, out, _ = cli("personas", "validate", str(persona), str(folder))
    assert code == 2
    assert out.replace(f"{tmp_path}/", "").splitlines() == [
        "rehearsals/broken.yaml:2:41: unknown assertion 'nope' — known: contains, regex,"
        " max-questions, min-questions, ends-with-question, no-code, max-code-lines, language,"
        " max-words, no-leak, rubric",
        "rehearsals/typo.yaml:1:10: no persona 'grahp-tutor' — did you mean 'graph-tutor'?",
    ]
    (folder / "broken.yaml").unlink()
    (folder / "typo.yaml").unlink()
    code, out, _ = cli("personas", "validate", str(persona), str(folder / "fine.yaml"))
    assert (code, out) == (0, "ok: 2 checked, no problems\n")
    # the built-in rehearsals are valid as shipped
    code, out, _ = cli("personas", "validate", str(ROOT / "rehearsals"))
    assert (code, out) == (0, "ok: 1 checked, no problems\n")
