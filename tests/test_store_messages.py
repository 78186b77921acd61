"""Messages in the store: replies written while they stream, statuses, paging, token counts."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tutor.core.store import MessageNotFound, Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "sessions.sqlite3") as opened:
        yield opened


@pytest.fixture
def sid(store: Store) -> int:
    return store.create_session("socratic", "local", "tiny").id


def test_student_message_is_committed_on_add(store: Store, sid: int, tmp_path: Path) -> None:
    added = store.add_message(sid, "user", "What is a base case?", pinned=True)
    with Store.open(tmp_path / "sessions.sqlite3") as other:  # a second connection sees it
        seen = other.get_message(added.id)
    assert seen == added
    assert (seen.role, seen.status, seen.pinned, seen.model, seen.writer) == (
        "user", "complete", True, None, None,
    )  # fmt: skip


def test_reply_lifecycle_streaming_to_complete(store: Store, sid: int) -> None:
    rid = store.begin_reply(sid, "tiny")
    begun = store.get_message(rid)
    assert (begun.role, begun.status, begun.content, begun.model) == (
        "assistant", "streaming", "", "tiny",
    )  # fmt: skip
    host, pid, start = (begun.writer or "").rsplit(":", 2)
    assert (host, int(pid)) == (socket.gethostname(), os.getpid())
    if Path("/proc/self/stat").exists():
        assert start.isdigit()
    assert store.update_reply(rid, "What do you")
    assert store.get_message(rid).content == "What do you"
    assert store.finish_reply(
        rid, "What do you think?", "complete", finish_reason="stop",
        prompt_tokens=120, completion_tokens=5,
    )  # fmt: skip
    done = store.get_message(rid)
    assert (done.content, done.status, done.finish_reason) == (
        "What do you think?",
        "complete",
        "stop",
    )
    assert (done.prompt_tokens, done.completion_tokens, done.error) == (120, 5, None)


def test_error_reply_keeps_partial_text_and_reason(store: Store, sid: int) -> None:
    rid = store.begin_reply(sid, "tiny")
    store.update_reply(rid, "Let's think about")
    store.finish_reply(rid, "Let's think about", "error", error="server closed the stream")
    got = store.get_message(rid)
    assert (got.status, got.content, got.error) == (
        "error", "Let's think about", "server closed the stream",
    )  # fmt: skip


def test_reply_writes_to_a_deleted_session_report_false(store: Store, sid: int) -> None:
    rid = store.begin_reply(sid, "tiny")
    store.delete_session(sid)
    assert store.update_reply(rid, "more") is False
    assert store.finish_reply(rid, "more", "complete") is False


def test_a_finished_reply_is_never_overwritten_by_a_late_writer(store: Store, sid: int) -> None:
    rid = store.begin_reply(sid, "tiny")
    store.finish_reply(rid, "final words", "complete")
    assert store.update_reply(rid, "late partial") is False
    assert store.finish_reply(rid, "late final", "error", error="x") is False
    got = store.get_message(rid)
    assert (got.content, got.status, got.error) == ("final words", "complete", None)


def test_a_live_writer_takes_back_a_reply_marked_interrupted(store: Store, sid: int) -> None:
    rid = store.begin_reply(sid, "tiny")
    store.set_status(rid, "interrupted")  # what a process that misjudged us would do
    assert store.update_reply(rid, "still here")
    assert store.get_message(rid).status == "streaming"
    assert store.finish_reply(rid, "still here, done", "complete")
    assert store.get_message(rid).status == "complete"


def test_bad_status_or_role_is_refused(store: Store, sid: int) -> None:
    with pytest.raises(ValueError, match="role"):
        store.add_message(sid, "system", "x")
    rid = store.begin_reply(sid, "tiny")
    with pytest.raises(ValueError, match="a reply ends as"):
        store.finish_reply(rid, "x", "streaming")
    with pytest.raises(ValueError, match="status"):
        store.set_status(rid, "gone")


def test_replacing_a_failed_reply_keeps_its_error_text(store: Store, sid: int) -> None:
    rid = store.begin_reply(sid, "tiny")
    store.finish_reply(rid, "", "error", error="timed out after 60 s")
    store.set_status(rid, "replaced")
    assert (store.get_message(rid).status, store.get_message(rid).error) == (
        "replaced", "timed out after 60 s",
    )  # fmt: skip


def test_replaced_reply_is_kept_but_not_current(store: Store, sid: int) -> None:
    store.add_message(sid, "user", "Explain recursion")
    old = store.add_message(sid, "assistant", "old answer")
    store.set_status(old.id, "replaced")
    new = store.begin_reply(sid, "tiny")
    store.finish_reply(new, "new answer", "complete")
    assert [m.content for m in store.messages(sid)] == ["Explain recursion", "new answer"]
    everything = store.messages(sid, include_replaced=True)
    assert [m.content for m in everything] == ["Explain recursion", "old answer", "new answer"]
    assert store.message_count(sid) == 2
    assert store.message_count(sid, include_replaced=True) == 3
    assert store.get_message(old.id).status == "replaced"


def test_pin_and_edit(store: Store, sid: int) -> None:
    m = store.add_message(sid, "user", "My code: print(1)")
    store.set_pinned(m.id, True)
    assert store.get_message(m.id).pinned is True
    store.set_pinned(m.id, False)
    store.edit_message(m.id, "My code: print(2)")
    got = store.get_message(m.id)
    assert (got.pinned, got.content) == (False, "My code: print(2)")
    with pytest.raises(MessageNotFound, match="no message 999"):
        store.edit_message(999, "x")


def test_an_edit_keeps_what_the_message_said_before(store: Store, sid: int) -> None:
    m = store.add_message(sid, "user", "첫 번째 생각")
    store.edit_message(m.id, "두 번째 생각")
    store.edit_message(m.id, "두 번째 생각")  # no change: nothing to keep
    store.edit_message(m.id, "세 번째")
    assert store.get_message(m.id).content == "세 번째"
    assert store.earlier_versions(m.id) == ["첫 번째 생각", "두 번째 생각"]
    store.delete_session(sid)
    assert store.earlier_versions(m.id) == []


def test_messages_page_backwards_in_chronological_order(store: Store, sid: int) -> None:
    ids = [store.add_message(sid, "user", f"m{i}").id for i in range(10)]
    assert [m.id for m in store.messages(sid)] == ids
    assert [m.id for m in store.messages(sid, limit=3)] == ids[7:]
    assert [m.id for m in store.messages(sid, before_id=ids[7], limit=3)] == ids[4:7]
    assert [m.id for m in store.messages(sid, before_id=ids[2], limit=5)] == ids[:2]
    assert store.messages(sid, before_id=ids[0]) == []
    other = store.create_session("p", "e", "m").id
    store.add_message(other, "user", "elsewhere")
    assert store.message_count(sid) == 10


def test_lone_surrogates_from_a_server_are_stored_as_replacement_chars(
    store: Store, sid: int
) -> None:
    rid = store.begin_reply(sid, "tiny")
    store.update_reply(rid, "bad \ud83d half")
    store.finish_reply(rid, "bad \ud83d half", "complete")
    assert store.get_message(rid).content == "bad \ufffd half"


# --- token counts --------------------------------------------------------------------------


def test_counts_are_cached_per_counter(store: Store, sid: int) -> None:
    a = store.add_message(sid, "user", "one").id
    b = store.add_message(sid, "user", "two").id
    store.save_counts("tiktoken:o200k_base", {a: 3, b: 4})
    store.save_counts("llama:tokenize", {a: 9})
    assert store.cached_counts([a, b, 12345], "tiktoken:o200k_base") == {a: 3, b: 4}
    assert store.cached_counts([a, b], "llama:tokenize") == {a: 9}
    store.save_counts("llama:tokenize", {a: 10})
    assert store.cached_counts([a], "llama:tokenize") == {a: 10}


def test_counts_are_dropped_when_content_changes(store: Store, sid: int) -> None:
    a = store.add_message(sid, "user", "one").id
    b = store.add_message(sid, "user", "two").id
    store.save_counts("k", {a: 3, b: 4})
    store.edit_message(a, "one, edited")
    store.set_pinned(b, True)  # not a content change
    assert store.cached_counts([a, b], "k") == {b: 4}


def test_counts_of_streaming_replies_are_not_cached(store: Store, sid: int) -> None:
    rid = store.begin_reply(sid, "tiny")
    store.save_counts("k", {rid: 2})
    assert store.cached_counts([rid], "k") == {}
    store.finish_reply(rid, "done now", "complete")
    store.save_counts("k", {rid: 3})
    assert store.cached_counts([rid], "k") == {rid: 3}
    store.edit_message(rid, "changed after all")
    assert store.cached_counts([rid], "k") == {}


def test_counts_for_thousands_of_ids_in_one_call(store: Store, sid: int) -> None:
    with store.conn:  # one transaction for the set-up rows
        store.conn.execute("BEGIN")
        store.conn.executemany(
            "INSERT INTO messages (session_id, role, content, status, created_at) "
            "VALUES (?, 'user', 'x', 'complete', 0)",
            [(sid,)] * 40_000,
        )
    ids = [m.id for m in store.messages(sid)]
    counts = {mid: n % 7 for n, mid in enumerate(ids)}
    store.save_counts("k", counts)
    assert store.cached_counts(counts, "k") == counts
