"""The session store on real SQLite files: sessions, messages, replies, counts, errors."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tutor.core.errors import TutorError
from tutor.core.store import MessageNotFound, SessionNotFound, Store, StoreError


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "store" / "sessions.sqlite3"


@pytest.fixture
def store(path: Path) -> Iterator[Store]:
    with Store.open(path) as opened:
        yield opened


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


# --- opening -----------------------------------------------------------------------------


def test_open_sets_wal_foreign_keys_and_busy_timeout(store: Store, path: Path) -> None:
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert raw(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # kept in the file


def test_data_survives_close_and_reopen(path: Path) -> None:
    with Store.open(path) as store:
        sid = store.create_session("socratic", "local", "llama3").id
        store.add_message(sid, "user", "hello")
    with Store.open(path) as store:
        assert [m.content for m in store.messages(sid)] == ["hello"]


def test_a_closed_store_says_so(path: Path) -> None:
    store = Store.open(path)
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.list_sessions()


# --- sessions ----------------------------------------------------------------------------


def test_create_and_get_session_keeps_every_field(store: Store) -> None:
    made = store.create_session(
        "socratic", "openai", "gpt-4o-mini", title="Recursion", variables={"level": "초급"}
    )
    got = store.get_session(made.id)
    assert got == made
    assert (got.title, got.persona, got.endpoint, got.model) == (
        "Recursion", "socratic", "openai", "gpt-4o-mini",
    )  # fmt: skip
    assert got.variables == {"level": "초급"}
    assert got.created_at == got.updated_at > 0


@pytest.mark.parametrize(
    ("first", "title"),
    [
        ("\n\n   재귀 함수가   뭔가요?  \n두 번째 줄", "재귀 함수가 뭔가요?"),
        ("가" * 60, "가" * 60),
        ("가나다라마바사아자차" * 7, ("가나다라마바사아자차" * 6)),  # one long word: cut at 60
        (
            "How does binary search decide which half to keep when the middle equals the target?",
            "How does binary search decide which half to keep when the",  # whole words, no "…"
        ),
        ("함수가 " * 20, ("함수가 " * 15).rstrip()),  # Korean words, cut between two
        ("ab " * 19 + "abc more", "ab " * 19 + "abc"),  # the 60th character ends a word
        ("ab " * 19 + "ab, fgh", "ab " * 19 + "ab"),  # no comma left dangling
        ("x " * 29 + "yy" + "z" * 10, "x " * 28 + "x"),  # a word past 60 is left out
        ("two  sum\tproblem, please", "two sum problem, please"),
        ("   \n\t\n", ""),
    ],
)
def test_first_user_message_titles_an_untitled_session(
    store: Store, first: str, title: str
) -> None:
    sid = store.create_session("socratic", "local", "m").id
    store.add_message(sid, "user", first)
    got = store.get_session(sid).title
    assert got == title
    assert len(got) <= 60
    assert "…" not in got


def test_title_is_set_once_and_not_by_replies(store: Store) -> None:
    sid = store.create_session("socratic", "local", "m").id
    store.add_message(sid, "assistant", "Welcome! What shall we study?")
    assert store.get_session(sid).title == ""
    store.add_message(sid, "user", "Binary search")
    store.add_message(sid, "user", "Something else")
    assert store.get_session(sid).title == "Binary search"
    named = store.create_session("socratic", "local", "m", title="Chosen").id
    store.add_message(named, "user", "hello")
    assert store.get_session(named).title == "Chosen"


def test_sessions_list_newest_updated_first_with_paging(store: Store) -> None:
    ids = [store.create_session("p", "e", "m").id for _ in range(5)]
    store.add_message(ids[1], "user", "bump")  # now the newest
    listed = [s.id for s in store.list_sessions()]
    assert listed == [ids[1], ids[4], ids[3], ids[2], ids[0]]
    assert [s.id for s in store.list_sessions(limit=2, offset=1)] == [ids[4], ids[3]]
    latest = store.latest_session()
    assert latest is not None and latest.id == ids[1]


def test_latest_session_of_an_empty_store_is_none(store: Store) -> None:
    assert store.latest_session() is None
    assert store.list_sessions() == []


def test_every_message_moves_updated_at(store: Store) -> None:
    sid = store.create_session("p", "e", "m").id
    before = store.get_session(sid).updated_at
    store.add_message(sid, "user", "q")
    after_user = store.get_session(sid).updated_at
    reply = store.begin_reply(sid, "m")
    store.finish_reply(reply, "a", "complete")
    assert before < after_user < store.get_session(sid).updated_at


def test_rename_update_and_delete_session(store: Store) -> None:
    sid = store.create_session("p", "e", "m").id
    store.rename_session(sid, "  New   name ")
    assert store.get_session(sid).title == "New name"
    updated = store.update_session(sid, persona="strict", model="gpt-4o", variables={"lang": "ko"})
    assert (updated.persona, updated.model, updated.endpoint) == ("strict", "gpt-4o", "e")
    assert updated.variables == {"lang": "ko"}
    with pytest.raises(TypeError, match="title"):
        store.update_session(sid, title="no")
    store.delete_session(sid)
    with pytest.raises(SessionNotFound):
        store.get_session(sid)


def test_missing_session_is_a_one_line_error_with_exit_code_2(store: Store) -> None:
    for action in (
        lambda: store.get_session(42),
        lambda: store.rename_session(42, "x"),
        lambda: store.delete_session(42),
        lambda: store.update_session(42, model="x"),
        lambda: store.add_message(42, "user", "x"),
        lambda: store.begin_reply(42, "m"),
        lambda: store.export_json(42),
    ):
        with pytest.raises(SessionNotFound) as caught:
            action()
        assert isinstance(caught.value, TutorError)
        assert caught.value.exit_code == 2
        assert str(caught.value) == "no session 42 — `tutor sessions list` shows the sessions"
    assert store.list_sessions() == []  # the failed add/begin left nothing behind


def test_delete_cascades_to_messages_counts_and_search(store: Store) -> None:
    keep = store.create_session("p", "e", "m").id
    gone = store.create_session("p", "e", "m").id
    kept = store.add_message(keep, "user", "merge sort keeps order")
    doomed = store.add_message(gone, "user", "merge sort splits in half")
    store.save_counts("k", {kept.id: 5, doomed.id: 6})
    store.delete_session(gone)
    assert store.message_count(gone) == 0
    with pytest.raises(MessageNotFound):
        store.get_message(doomed.id)
    assert store.cached_counts([kept.id, doomed.id], "k") == {kept.id: 5}
    assert [h.message_id for h in store.search("merge sort")] == [kept.id]
    assert store.conn.execute("SELECT count(*) FROM token_counts").fetchone()[0] == 1


def test_changed_elsewhere_sees_other_connections_commits_but_not_its_own(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    with Store.open(path) as mine, Store.open(path) as theirs:
        assert mine.changed_elsewhere() is False  # the baseline
        session = mine.create_session("socratic", "local", "tiny")
        mine.add_message(session.id, "user", "what is a heap?")
        assert mine.changed_elsewhere() is False
        theirs.add_message(session.id, "assistant", "What do you already know about trees?")
        assert mine.changed_elsewhere() is True
        assert mine.changed_elsewhere() is False  # said once per change
        theirs.list_sessions()  # reading is not a change
        assert mine.changed_elsewhere() is False
