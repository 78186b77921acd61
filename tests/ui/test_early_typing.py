"""A student who types at once: keys typed before the app is ready reach the tutor, in order.

The first frame shows a stand-in for the composer and the model server is found afterwards;
a message typed into that first frame, and Enter pressed at once, must still be sent — whole,
not cut where the composer took over, and not lost because Enter outran the characters.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.scripted_server import Reply, ScriptedServer
from tests.terminal import Terminal, child_env
from tests.ui.conftest import write_config
from tutor.core.config import paths
from tutor.core.store import Store

MESSAGE = "급해요 quick: what is a base case? " * 8  # long enough that keys queue up
ANSWER = "What would make the function stop?"


def test_a_message_typed_and_sent_in_the_first_frame_is_sent_whole(
    server: ScriptedServer, isolated_home: Path
) -> None:
    write_config(server)
    for attempt in range(4):  # the race is timing-dependent: try it a few times, afresh
        server.script(Reply(text=ANSWER))
        data = isolated_home / f"data-{attempt}"
        env = child_env(isolated_home, COLUMNS="100", LINES="30", TUTOR_DATA_DIR=str(data))
        with Terminal([sys.executable, "-m", "tutor"], env=env) as term:
            term.wait_for("the tutor", 20)
            term.type(MESSAGE)  # one burst, as fast as tmux can deliver it
            term.keys("Enter")
            term.wait_for(ANSWER, 15)
            term.keys("C-q")
            term.wait_for("[exited 0]", 10)
        with Store.open(data / paths.store_file().name) as store:
            sessions = store.list_sessions()
            first = store.messages(sessions[0].id)[0]
        assert first.content == MESSAGE.strip() or first.content == MESSAGE, (
            f"attempt {attempt}: {first.content!r}"
        )
        sent = server.chat_requests()[-1]["messages"]
        assert [m["content"] for m in sent if m["role"] == "user"][-1] == first.content
