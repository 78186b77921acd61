"""The store with real processes: a writer that dies mid-reply, a live one, two writing at once."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT
from tutor.core.store import Store
from tutor.core.store.liveness import process_start, writer_is_dead

STREAM_A_REPLY = """
import os, sys
from pathlib import Path
from tutor.core.store import Store

store = Store.open(Path(sys.argv[1]))
sid = store.create_session("socratic", "local", "tiny").id
store.add_message(sid, "user", "재귀가 뭐예요?")
rid = store.begin_reply(sid, "tiny")
store.update_reply(rid, "좋은 질문이에요. 먼저")
store.update_reply(rid, "좋은 질문이에요. 먼저 함수가 자기 자신을")
print(rid, flush=True)
then = sys.argv[2]
if then == "crash":
    os._exit(0)  # no cleanup at all, like a killed terminal
line = sys.stdin.readline()  # stay alive, mid-reply, until told
if line.strip() == "finish":
    store.finish_reply(rid, "좋은 질문이에요. 먼저 함수가 자기 자신을 부르면?", "complete")
print("done", flush=True)
"""


def spawn(code: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def test_a_crashed_writer_leaves_an_interrupted_reply_with_its_text(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    child = spawn(STREAM_A_REPLY, str(path), "crash")
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    rid = int(out.split()[0])
    with Store.open(path) as store:
        assert store.interrupted == [rid]
        reply = store.get_message(rid)
        assert reply.status == "interrupted"
        assert reply.content == "좋은 질문이에요. 먼저 함수가 자기 자신을"
        assert [m.role for m in store.messages(reply.session_id)] == ["user", "assistant"]
        assert [h.message_id for h in store.search("자기 자신")] == [rid]  # now searchable


def test_a_live_writer_is_left_alone_and_can_finish(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    child = spawn(STREAM_A_REPLY, str(path), "wait")
    try:
        assert child.stdout is not None and child.stdin is not None
        rid = int(child.stdout.readline())
        with Store.open(path) as store:
            assert store.interrupted == []
            assert store.get_message(rid).status == "streaming"
            child.stdin.write("finish\n")
            child.stdin.flush()
            assert child.stdout.readline().strip() == "done"
            child.wait(timeout=60)
            finished = store.get_message(rid)
        assert finished.status == "complete"
        assert finished.content.endswith("부르면?")
    finally:
        child.kill()
        child.wait()


def test_a_killed_writer_is_found_dead_on_the_next_open(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    child = spawn(STREAM_A_REPLY, str(path), "wait")
    assert child.stdout is not None
    rid = int(child.stdout.readline())
    with Store.open(path) as store:
        assert store.get_message(rid).status == "streaming"
    child.kill()
    child.wait()
    with Store.open(path) as store:
        assert store.get_message(rid).status == "interrupted"
        assert store.get_message(rid).content.startswith("좋은 질문이에요")


def test_writer_tags_judged_by_host_pid_and_start_time(tmp_path: Path) -> None:
    host, me = socket.gethostname(), os.getpid()
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)  # fmt: skip
    gone = int(finished.stdout)
    assert writer_is_dead(f"{host}:{gone}:")
    assert not writer_is_dead(f"{host}:{me}:{process_start(me)}")
    assert not writer_is_dead(f"another-laptop:{gone}:123")  # cannot know: leave it
    assert not writer_is_dead(f"{host}:1:")  # alive (init), start time unknown
    if process_start(me):
        assert writer_is_dead(f"{host}:{me}:1")  # same pid, another process: pid reused


HAMMER = """
import sys
from pathlib import Path
from tutor.core.store import Store

store = Store.open(Path(sys.argv[1]))
sid = store.create_session("socratic", "local", sys.argv[2]).id
print(sid, flush=True)
while not Path(sys.argv[3]).exists():
    pass
for i in range(int(sys.argv[4])):
    store.add_message(sid, "user", f"{sys.argv[2]} question {i} 질문")
    rid = store.begin_reply(sid, "tiny")
    store.update_reply(rid, "part")
    store.finish_reply(rid, f"{sys.argv[2]} answer {i}", "complete")
print("ok", flush=True)
"""


def test_two_processes_writing_at_once_never_see_a_locked_database(tmp_path: Path) -> None:
    path, go, rounds = tmp_path / "s.sqlite3", tmp_path / "go", 300
    Store.open(path).close()
    children = [spawn(HAMMER, str(path), name, str(go), str(rounds)) for name in ("ann", "bo")]
    sids = [int(child.stdout.readline()) for child in children if child.stdout]
    go.touch()
    with Store.open(path) as reader:  # a third party reading all along
        while any(child.poll() is None for child in children):
            reader.list_sessions()
            reader.search("question")
            time.sleep(0.01)
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        assert "locked" not in err and out.strip() == "ok"
    with Store.open(path) as store:
        for sid in sids:
            assert store.message_count(sid) == 2 * rounds
            assert {m.status for m in store.messages(sid)} == {"complete"}
        assert len(store.search("question", limit=1000)) == 2 * rounds
