"""`tutor personas test` with simulated students against a real llama.cpp server (tiny model).

The model's words are noise, so what is checked is the loop itself, through a recording
proxy: the student's model and the tutor take turns in order, each side hears exactly what the
other said, the tutor gets its persona every time, and nothing becomes a session.
"""

from __future__ import annotations

from pathlib import Path

from tests.realserver.conftest import RealServer
from tests.realserver.proxy import RecordingProxy
from tests.realserver.student import PERSONA_ID, SYSTEM, Student
from tutor.core.rehearsal.speakers import KICK_OFF
from tutor.core.rehearsal.students import STUDENTS

TURNS = 3
REHEARSAL = f"""\
persona: {PERSONA_ID}
cases:
  - name: pushy, simulated
    simulate: {{student: insists-on-answer, turns: {TURNS}, seed: 11}}
    expect: [{{max-words: 100000}}, {{not-contains: "never in a random reply 7f3a"}}]
"""


def test_the_simulated_student_and_the_tutor_take_turns(
    isolated_home: Path, roomy_server: RealServer
) -> None:
    with RecordingProxy(roomy_server.root_url) as proxy:
        student = Student(isolated_home, proxy.base_url, roomy_server.model)
        folder = student.config_file.parent / "rehearsals"
        folder.mkdir()
        (folder / "pushy.yaml").write_text(REHEARSAL, encoding="utf-8")
        data = student.json("personas", "test", PERSONA_ID)

        (run,) = data["rehearsals"]
        assert run["rehearsal"] == f"{PERSONA_ID}:pushy" and run["model"] == roomy_server.model
        (case,) = run["cases"]
        assert case["passed"] and len(case["turns"]) == TURNS
        chats = proxy.chats()
        assert len(chats) == 2 * TURNS and all(c.status == 200 for c in chats)
        system = STUDENTS["insists-on-answer"].system()
        for turn in range(TURNS):
            asked, answered = chats[2 * turn], chats[2 * turn + 1]
            # the student's model speaks first each turn, and is told who to play
            sent = asked.json["messages"]
            assert sent[0] == {"role": "system", "content": system}
            assert sent[1] == {"role": "user", "content": KICK_OFF}
            said = asked.streamed_text().strip()
            assert said and case["turns"][turn]["student"] == said
            # the tutor hears exactly that, with its persona first
            tutor_sent = answered.json["messages"]
            assert tutor_sent[0] == {"role": "system", "content": SYSTEM}
            assert [m for m in tutor_sent if m["role"] == "user"][-1]["content"] == said
            assert case["turns"][turn]["reply"] == answered.streamed_text()
            if turn:  # and the student heard the tutor's last reply as the other side
                before = chats[2 * turn - 1].streamed_text()
                assert sent[-1] == {"role": "user", "content": before}
                assert sent[-2] == {
                    "role": "assistant",
                    "content": case["turns"][turn - 1]["student"],
                }
        tokens = run["summary"]["tokens"]
        assert tokens["simulated_students"] > 0 and tokens["tutor_prompt"] > 0
        assert student.json("sessions", "list") == []
