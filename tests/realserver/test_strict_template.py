"""A real llama.cpp server whose model's chat template refuses system messages (as Gemma's
does, and Mistral's refuses turns out of alternation).

Streamed, llama-cpp-python answers such a request with an empty ``200``; asked again without
streaming it says why (a ``500``, "System role not supported"). `tutor ask` must then send the
persona folded into the student's turns, say so once, and remember it for this model.
"""

from __future__ import annotations

from pathlib import Path

from tests.realserver.conftest import RealServer
from tests.realserver.proxy import RecordingProxy
from tests.realserver.student import EXAMPLES, REMINDER, SYSTEM, Student


def test_ask_folds_the_persona_into_the_turns_and_remembers_it(
    isolated_home: Path, strict_server: RealServer
) -> None:
    with RecordingProxy(strict_server.root_url) as proxy:
        student = Student(isolated_home, proxy.base_url, strict_server.model)
        assert "takes only user/assistant" not in student.ok("doctor").stdout  # not learned yet
        done = student.ok("ask", "Why is my loop off by one?")
        assert "chat template takes only your turns" in done.stderr
        refused, folded = proxy.chats()
        assert refused.json["messages"][0] == {"role": "system", "content": SYSTEM}
        assert refused.status == 200 and not refused.streamed_events()  # the empty stream
        briefly = proxy.probes()[0]  # the same request unstreamed: the server says why
        assert briefly.status == 500 and b"System role not supported" in briefly.response
        assert folded.status == 200 and folded.streamed_text(), "the model answered"
        sent = folded.json["messages"]
        assert [m["role"] for m in sent] == ["user", "assistant", "user"]
        assert sent[0]["content"] == f"{SYSTEM}\n\n{EXAMPLES[0]['content']}"
        assert sent[1]["content"] == EXAMPLES[1]["content"]
        assert sent[2]["content"] == f"Why is my loop off by one?\n\n{REMINDER}"
        stored = student.json("sessions", "show", "1")["messages"]
        assert [(m["role"], m["status"]) for m in stored] == [
            ("user", "complete"),
            ("assistant", "complete"),
        ]
        assert stored[1]["content"] == folded.streamed_text()
        # the next run sends the folded shape straight away, and says nothing about it
        proxy.clear()
        again = student.ok("ask", "--continue", "It starts at 1.")
        assert "chat template" not in again.stderr
        (chat,) = proxy.chats()
        assert all(e.status == 200 for e in proxy.all_chats())
        roles = [m["role"] for m in chat.json["messages"]]
        assert "system" not in roles and roles[-3:] == ["user", "assistant", "user"]
        assert "template   takes only user/assistant turns" in student.ok("doctor").stdout
