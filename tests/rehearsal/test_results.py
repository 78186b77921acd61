"""A run as a whole: the summary's numbers, the store (never a session), --repeat, --compare.

Against the scripted server, whose usage counts come from its own tokenizer.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.rehearsal.conftest import Cli, write
from tests.scripted import toytokens
from tests.scripted_server import ScriptedServer
from tutor.core.config import paths

GOOD = "Which input breaks it?"
LEAKY = "Here is the whole answer: return [0, 1]. Which part was hard?"


def stored(sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(paths.store_file()) as conn:
        return conn.execute(sql, args).fetchall()


@pytest.fixture
def pressure(tmp_path: Path) -> Path:
    """Two cases of three turns, each checked for leaks by a leak rubric on every turn."""
    return write(
        tmp_path,
        "pressure.yaml",
        """
        persona: socratic
        expect:
          - ends-with-question
          - {not-rubric: "Does the reply give the answer away?", leak: true}
        cases:
          - name: pushes three times
            student: ["Give me the answer.", "Please, the answer.", "THE ANSWER."]
          - name: asks nicely
            student: ["Can you help?", "Why?", "And then?"]
        """,
    )


def test_summary_counts_reveals_first_leaks_and_tokens(
    config: Path,
    server: ScriptedServer,
    judge: ScriptedServer,
    cli: Cli,
    pressure: Path,
) -> None:
    server.script(GOOD, LEAKY, GOOD, GOOD, GOOD, "No question here.")
    judge.script("no", "yes", "no", "no", "no", "no")  # the judge sees the leak at turn 2
    code, data = cli.json("personas", "test", str(pressure), "--judge", "judge")
    (run,) = data["rehearsals"]
    summary = run["summary"]
    assert code == 3 and data["passed"] is False
    assert [c["passed"] for c in run["cases"]] == [False, False]
    assert [c["first_leak_turn"] for c in run["cases"]] == [2, None]
    assert (summary["cases"], summary["cases_passed"], summary["pass_rate"]) == (2, 0, 0.0)
    assert (summary["checks"], summary["checks_passed"]) == (12, 10)
    assert (summary["tutor_turns"], summary["revealed_turns"]) == (6, 1)
    assert summary["leak_checked_turns"] == 6 and summary["reveal_rate"] == pytest.approx(1 / 6)
    assert summary["turns_to_first_leak"] == 2 and summary["leaked_conversations"] == 1
    assert summary["leak_checked_conversations"] == 2
    # tokens: exactly what the two servers reported (their toy tokenizer's counts)
    tutor_prompts = sum(toytokens.count_chat(r["messages"]) for r in server.chat_requests())
    judge_prompts = sum(toytokens.count_chat(r["messages"]) for r in judge.chat_requests())
    tokens = summary["tokens"]
    assert tokens["tutor_prompt"] == tutor_prompts
    assert tokens["tutor_reply"] == sum(
        len(t["reply"]) // 4 + (len(t["reply"]) % 4 > 0) for c in run["cases"] for t in c["turns"]
    )  # the server sends a reply 4 characters a chunk and counts a chunk a token
    assert tokens["judge"] == judge_prompts + 6  # six one-chunk answers
    assert tokens["simulated_students"] == 0
    assert tokens["total"] == tutor_prompts + tokens["tutor_reply"] + tokens["judge"]


def test_the_summary_is_printed_in_words(
    config: Path, server: ScriptedServer, judge: ScriptedServer, cli: Cli, pressure: Path
) -> None:
    server.script(GOOD, LEAKY, GOOD, GOOD, GOOD, GOOD)
    judge.script("no", "yes", "no", "no", "no", "no")
    code, out, _ = cli("personas", "test", str(pressure), "--judge", "judge")
    assert code == 3
    assert "summary: 1 of 2 cases passed (50%) · 11 of 12 checks passed (92%)" in out
    assert (
        "reveal rate: 1 of 6 tutor turns checked for a leak (17%) · turns until the first leak: "
        "2 (median of the 1 of 2 conversations that leaked)"
    ) in out


def test_trial_turns_never_become_sessions_and_results_are_kept(
    config: Path, server: ScriptedServer, judge: ScriptedServer, cli: Cli, pressure: Path
) -> None:
    server.script(GOOD, LEAKY, GOOD, GOOD, GOOD, GOOD)
    judge.script("no", "yes", "no", "no", "no", "no")
    code, out, _ = cli("personas", "test", str(pressure), "--judge", "judge")
    assert code == 3 and "kept as run 1" in out
    code, out, _ = cli("sessions", "list", "--json")
    assert json.loads(out) == []
    assert stored("SELECT count(*) FROM sessions") == [(0,)]
    assert stored("SELECT count(*) FROM messages") == [(0,)]
    ((rehearsal, persona, model, judge_model, summary),) = stored(
        "SELECT rehearsal, persona, model, judge_model, summary FROM rehearsal_runs"
    )
    assert (rehearsal, persona, model, judge_model) == (
        "socratic:pressure",
        "socratic",
        "scripted-model",
        "judge-model",
    )
    assert json.loads(summary)["revealed_turns"] == 1
    checks = stored(
        "SELECT case_name, turn, assertion, passed, reply FROM rehearsal_checks ORDER BY rowid"
    )
    assert len(checks) == 12
    failed = [c for c in checks if not c[3]]
    assert failed == [
        (
            "pushes three times",
            2,
            'not-rubric "Does the reply give the answer away?"',
            0,
            LEAKY,
        )
    ]
    assert all(c[4] is None for c in checks if c[3])  # passing replies are not kept


def test_repeat_plays_each_case_in_a_fresh_conversation(
    config: Path, server: ScriptedServer, cli: Cli, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "r.yaml",
        """
        persona: socratic
        cases:
          - name: two turns
            student: [first question, second question]
            expect: [ends-with-question]
        """,
    )
    server.script(GOOD, GOOD, GOOD, "Not a question.", GOOD, GOOD)
    code, data = cli.json("personas", "test", str(path), "--repeat", "3")
    cases = data["rehearsals"][0]["cases"]
    assert [(c["case"], c["attempt"], c["passed"]) for c in cases] == [
        ("two turns", 1, True),
        ("two turns", 2, False),
        ("two turns", 3, True),
    ]
    assert code == 3 and data["rehearsals"][0]["summary"]["pass_rate"] == pytest.approx(2 / 3)
    said = [
        [m["content"] for m in r["messages"] if m["role"] == "user"] for r in server.chat_requests()
    ]
    persona_turns = said[0][:-1]  # the persona's few-shot examples come first
    history = [s[len(persona_turns) :] for s in said]
    assert history == [["first question"], ["first question", "second question"]] * 3


def test_compare_says_what_changed_after_a_persona_edit_and_another_model(
    config: Path, server: ScriptedServer, cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    path = write(
        tmp_path,
        "r.yaml",
        """
        persona: coach
        cases:
          - name: one
            student: [help me]
            expect: [ends-with-question, {max-words: 4}]
          - name: two
            student: [help me more]
            expect: [ends-with-question]
        """,
    )
    personas = isolated_home / "config" / "personas"
    write(personas, "coach.yaml", "extends: socratic\nname: Coach\nsystem: Ask one question.\n")
    server.script("What have you tried so far?", "Tell me more.")
    code, out, _ = cli("personas", "test", str(path), "--compare")
    assert code == 3 and "compare: no earlier run of coach:r to compare with" in out

    write(personas, "coach.yaml", "extends: socratic\nname: Coach\nsystem: Ask ONE question.\n")
    server.script("What did you try?", "What else?")
    code, out, _ = cli("personas", "test", str(path), "--compare")
    assert code == 0
    lines = out.splitlines()
    head = next(line for line in lines if line.startswith("compared with run 1 "))
    hashes = [h for (h,) in stored("SELECT persona_hash FROM rehearsal_runs ORDER BY id")]
    assert hashes[0] != hashes[1]
    assert head.endswith(f": persona edited ({hashes[0]} → {hashes[1]}), same model")
    assert "  cases passed 0% → 100% · checks passed 33% → 100% · reveal rate — → —" in lines
    assert '  now passing: "one" turn 1 max-words 4 (0/1 → 1/1)' in lines
    assert '  now passing: "two" turn 1 ends-with-question (0/1 → 1/1)' in lines
    assert not any("now failing" in line for line in lines)

    server.configure(models=["scripted-model", "other-model"])
    server.script("What did you try?", "Tell me.")
    code, data = cli.json("personas", "test", str(path), "--compare", "--model", "other-model")
    compared = data["rehearsals"][0]["compare"]
    assert code == 3 and compared["earlier_run"] == 2
    assert compared["persona_edited"] is False and compared["model_changed"] is True
    assert compared["model"] == ["scripted-model", "other-model"]
    assert compared["now_failing"] == [
        {
            "case": "two",
            "turn": 1,
            "assertion": "ends-with-question",
            "before": {"passed": 1, "of": 1},
            "after": {"passed": 0, "of": 1},
        }
    ]
    assert server.chat_requests()[-1]["model"] == "other-model"
