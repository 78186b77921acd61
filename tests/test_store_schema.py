"""Opening store files of every kind: fresh, old (v0), current, newer, foreign, broken."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tutor.core.store import Store, StoreError, schema


def version(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}


def test_an_empty_v0_file_is_migrated_to_the_latest_version(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    path.touch()  # zero bytes: what a brand-new SQLite database is
    assert version(path) == 0
    with Store.open(path) as store:
        store.create_session("p", "e", "m")
    assert version(path) == schema.LATEST
    assert {"sessions", "messages", "token_counts", "message_text"} <= tables(path)


def test_a_valid_but_empty_v0_database_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE scratch (x)")
        conn.execute("DROP TABLE scratch")
    assert path.stat().st_size > 0 and version(path) == 0
    Store.open(path).close()
    assert version(path) == schema.LATEST


def test_an_up_to_date_file_opens_without_migrating_again(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with Store.open(path) as store:
        sid = store.add_message(store.create_session("p", "e", "m").id, "user", "hi").session_id
    before = tables(path)
    with Store.open(path) as store:
        assert store.message_count(sid) == 1
    assert tables(path) == before and version(path) == schema.LATEST


def test_migration_steps_run_in_order_and_a_failing_one_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.sqlite3"
    with Store.open(path) as store:
        store.create_session("p", "e", "m", title="kept")
    current = schema.MIGRATIONS
    broken = (*current, ("CREATE TABLE notes (x)", "INSERT INTO nowhere VALUES (1)"))
    monkeypatch.setattr(schema, "MIGRATIONS", broken)
    monkeypatch.setattr(schema, "LATEST", len(broken))
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)
    assert version(path) == len(broken) - 1 and "notes" not in tables(path)

    working = (*current, ("CREATE TABLE notes (x)", "INSERT INTO notes VALUES (1)"))
    monkeypatch.setattr(schema, "MIGRATIONS", working)
    with Store.open(path) as store:
        assert store.list_sessions()[0].title == "kept"
        assert store.conn.execute("SELECT x FROM notes").fetchall() == [(1,)]
    assert version(path) == len(working)


def test_a_file_from_a_newer_tutor_asks_to_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    Store.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {schema.LATEST + 1}")
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message and "newer tutor" in message and "upgrade tutor" in message
    assert version(path) == schema.LATEST + 1  # left untouched


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE sessions (anything)")
    with pytest.raises(StoreError, match="not a tutor session store"):
        Store.open(path)
    assert tables(path) == {"sessions"}


@pytest.mark.parametrize(
    "content",
    [b"this is a text file, not a database\n" * 20, b"SQLite format 3\x00" + b"\xff" * 4000],
)
def test_a_file_that_is_not_a_database_is_one_line_naming_it(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "sessions.sqlite3"
    path.write_bytes(content)
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    message = str(caught.value)
    assert "\n" not in message and str(path) in message
    assert "move it aside" in message
    assert path.read_bytes() == content  # never overwritten


def test_a_path_that_cannot_be_opened_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder.sqlite3"
    folder.mkdir()
    with pytest.raises(StoreError) as caught:
        Store.open(folder)
    assert str(folder) in str(caught.value) and "\n" not in str(caught.value)


OPEN_AT_ONCE = """
import sys
from pathlib import Path
from tutor.core.store import Store
while not Path(sys.argv[2]).exists():
    pass
with Store.open(Path(sys.argv[1])) as store:
    store.create_session("p", "e", "m")
print("ok")
"""


def test_two_processes_creating_the_same_fresh_file_at_once(tmp_path: Path) -> None:
    path, go = tmp_path / "fresh.sqlite3", tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    children = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN_AT_ONCE, str(path), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    go.touch()
    for child in children:
        out, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
        assert out.strip() == "ok"
    with Store.open(path) as store:
        assert len(store.list_sessions()) == 2


PRE_RELEASE_TRIGGERS = [
    """CREATE TRIGGER message_text_unindex AFTER UPDATE OF content, status ON messages
        WHEN old.status NOT IN ('streaming', 'replaced') BEGIN
        INSERT INTO message_text (message_text, rowid, content)
            VALUES ('delete', old.id, old.content || char(10, 10));
    END""",
    """CREATE TRIGGER message_text_reindex AFTER UPDATE OF content, status ON messages
        WHEN new.status NOT IN ('streaming', 'replaced') BEGIN
        INSERT INTO message_text (rowid, content) VALUES (new.id, new.content || char(10, 10));
    END""",
]


def test_a_v1_file_from_a_pre_release_build_is_migrated_and_its_index_repaired(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v1.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    for step in schema.MIGRATIONS[0]:
        assert isinstance(step, str)
        conn.execute(step)
    conn.execute("DROP TRIGGER message_text_update")
    for trigger in PRE_RELEASE_TRIGGERS:
        conn.execute(trigger)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO sessions VALUES (1, 't', 'p', 'e', 'm', '{}', 0, 0)")
    conn.execute(
        "INSERT INTO messages (id, session_id, role, content, status, created_at) "
        "VALUES (1, 1, 'user', 'I like quicksort', 'complete', 0)"
    )
    conn.execute("UPDATE messages SET content = 'I like mergesort' WHERE id = 1")
    conn.close()
    with Store.open(path) as store:
        assert store.search("mergesort")[0].message_id == 1
        assert store.search("quicksort") == []
        store.conn.execute(
            "INSERT INTO message_text (message_text, rank) VALUES ('integrity-check', 1)"
        )
        store.edit_message(1, "I like heapsort")
        assert store.earlier_versions(1) == ["I like mergesort"]
        assert [h.message_id for h in store.search("heapsort")] == [1]
    names = tables(path)
    assert "message_text_update" in names and "message_text_reindex" not in names
    assert version(path) == schema.LATEST
    with Store.open(path) as store:  # v3: new rows continue after the ones already there
        fresh = store.create_session("p", "e", "m")
        assert fresh.id == 2 and store.add_message(fresh.id, "user", "hi").id == 2


def test_the_ids_of_deleted_sessions_and_messages_are_never_given_again(tmp_path: Path) -> None:
    with Store.open(tmp_path / "store.sqlite3") as store:
        kept = store.create_session("socratic", "local", "tiny")
        store.add_message(kept.id, "user", "what is a heap?")
        gone = store.create_session("socratic", "local", "tiny")
        gone_messages = [store.add_message(gone.id, "user", f"question {i}").id for i in (1, 2)]
        store.delete_session(gone.id)  # the newest rows: SQLite alone would hand both ids out again
        again = store.create_session("explainer", "local", "tiny")
        assert again.id > gone.id
        assert store.add_message(again.id, "user", "and a trie?").id > max(gone_messages)
        imported = store.import_json(store.export_json(again.id), source="copy")
        assert imported.id > again.id
        assert [m.content for m in store.messages(imported.id)] == ["and a trie?"]
