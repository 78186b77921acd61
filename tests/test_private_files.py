"""The student's data is theirs alone: the data folder 0700, the store and its -wal/-shm 0600
(an older, readable store is tightened when opened), preferences, facts and exports 0600."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.scripted_server import ScriptedServer
from tutor.cli.main import run
from tutor.core.budget.facts import EndpointFacts
from tutor.core.config import paths
from tutor.core.config.preferences import Preferences
from tutor.core.config.private_file import write_private
from tutor.core.store import Store


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def generous_umask() -> Iterator[None]:
    """Files would come out 0644 and folders 0755 if tutor left it to the umask."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def store_files(folder: Path) -> dict[str, int]:
    return {p.name: mode(p) for p in sorted(folder.glob("sessions.sqlite3*"))}


def test_a_new_data_folder_is_0700_and_the_store_with_its_wal_0600(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "fresh" / "tutor-data"
    monkeypatch.setenv("TUTOR_DATA_DIR", str(folder))
    with Store.open(paths.store_file()) as store:
        store.create_session("socratic", "local", "m", title="private")
        assert store_files(folder) == {
            "sessions.sqlite3": 0o600,
            "sessions.sqlite3-shm": 0o600,
            "sessions.sqlite3-wal": 0o600,
        }
    assert mode(folder) == 0o700


def test_an_existing_readable_store_is_tightened_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite3"
    Store.open(path).close()
    holder = sqlite3.connect(path)  # keeps the -wal and -shm in place, as a running tutor does
    holder.execute("PRAGMA journal_mode = WAL")
    holder.execute("CREATE TABLE IF NOT EXISTS held (x)")
    for name in store_files(tmp_path):
        (tmp_path / name).chmod(0o644)
    assert set(store_files(tmp_path).values()) == {0o644}
    Store.open(path).close()
    assert store_files(tmp_path) == {
        "sessions.sqlite3": 0o600,
        "sessions.sqlite3-shm": 0o600,
        "sessions.sqlite3-wal": 0o600,
    }
    holder.close()


def test_the_default_data_folder_is_closed_to_others_even_when_an_older_tutor_made_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TUTOR_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    older = tmp_path / "xdg" / "tutor"
    older.mkdir(parents=True, mode=0o755)
    older.chmod(0o755)
    assert paths.data_dir() == older and mode(older) == 0o700
    chosen = tmp_path / "chosen"  # a folder the user named is theirs to set up
    chosen.mkdir(mode=0o755)
    monkeypatch.setenv("TUTOR_DATA_DIR", str(chosen))
    assert paths.data_dir() == chosen and mode(chosen) == 0o755


def test_preferences_facts_and_exports_are_private(
    server: ScriptedServer,
    isolated_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    Preferences().remember(theme="nord")
    EndpointFacts().update("http://h/v1 m", learned_window=4096)
    data = isolated_home / "data"
    assert mode(data / "preferences.json") == 0o600
    assert mode(data / "endpoint-facts.json") == 0o600
    with Store.open(paths.store_file()) as store:
        store.create_session("socratic", "local", "m", title="mine")
    target = tmp_path / "export.json"
    target.write_text("an older file")
    target.chmod(0o644)
    assert run(["sessions", "export", "1", "--format", "json", "-o", str(target)]) == 0
    assert mode(target) == 0o600 and json.loads(target.read_text())["session"]["title"] == "mine"
    capsys.readouterr()


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(tmp_path: Path) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    target = folder / "config.yaml"
    target.write_text("old: true\n")
    with pytest.raises(TypeError):
        write_private(target, 12)  # type: ignore[arg-type]  # fails after the temp file exists
    (folder / "a-folder").mkdir()
    with pytest.raises(IsADirectoryError):
        write_private(folder / "a-folder", "x")
    assert target.read_text() == "old: true\n"
    assert sorted(p.name for p in folder.iterdir()) == ["a-folder", "config.yaml"]
