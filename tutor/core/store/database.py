"""Opening the SQLite file with tutor's settings, short write transactions, one-line errors.

Settings: WAL (readers never block the writer), ``synchronous=FULL`` (a committed word
survives a power cut), foreign keys on, and a busy timeout: a second tutor process that
wants to write waits for the lock instead of failing. Every write runs in
``BEGIN IMMEDIATE`` — it takes the write lock up front, so a transaction never has to
upgrade a read snapshot into a write, which is what makes SQLite give up with "database
is locked" even when a timeout is set.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from tutor.core.config.paths import PRIVATE_FOLDER
from tutor.core.config.private_file import PRIVATE_FILE
from tutor.core.errors import StoreError

BUSY_TIMEOUT_S = 10.0


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (we write BEGIN/COMMIT ourselves) with our pragmas."""
    try:
        path.parent.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
        keep_private(path)
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
    except (OSError, sqlite3.Error) as err:
        raise StoreError(
            f"cannot open the session store {path}: {err} — check that the folder exists "
            "and that you can write to it"
        ) from err
    try:
        conn.execute("PRAGMA user_version").fetchone()  # fails here if not a database
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        _use_wal(conn)
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.Error as err:
        conn.close()
        raise store_error(err, path) from err
    return conn


def keep_private(path: Path) -> None:
    """The store readable and writable by its owner only (mode 0600): a new one is created so,
    and an existing one, with its ``-wal`` and ``-shm``, is tightened. SQLite gives the
    ``-wal`` and ``-shm`` files it creates the mode of the store itself."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(OSError):  # gone, or not ours: SQLite will say what is wrong
            if part.stat().st_mode & 0o077:
                part.chmod(PRIVATE_FILE)


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL; the switch needs a moment alone with the file, so retry while busy."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


@contextmanager
def writing(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One short write transaction: BEGIN IMMEDIATE … COMMIT, rolled back on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextmanager
def reading(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A read transaction: several queries see one consistent snapshot."""
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")


class Guarded(Protocol):
    """What :func:`guarded` needs of a store object: its path, lock and connection."""

    @property
    def path(self) -> Path: ...

    @property
    def _lock(self) -> AbstractContextManager[Any]: ...

    @property
    def _conn(self) -> sqlite3.Connection | None: ...


P = ParamSpec("P")
_R = TypeVar("_R")
S = TypeVar("S", bound=Guarded)


def guarded(method: Callable[Concatenate[S, P], _R]) -> Callable[Concatenate[S, P], _R]:
    """One call at a time per store (threads share it), sqlite3 failures as one-line errors."""

    @functools.wraps(method)
    def run(self: S, *args: P.args, **kwargs: P.kwargs) -> _R:
        with self._lock:
            if self._conn is None:
                raise StoreError(f"the session store {self.path} is closed")
            try:
                return method(self, *args, **kwargs)
            except sqlite3.Error as err:
                raise store_error(err, self.path) from err

    return run


def store_error(err: sqlite3.Error, path: Path) -> StoreError:
    """Turn an sqlite3 failure into one line naming the file and what to do."""
    text = str(err)
    if isinstance(err, sqlite3.DatabaseError) and (
        "not a database" in text or "malformed" in text or "corrupt" in text
    ):
        return StoreError(
            f"{path} is not a usable session store ({text}) — move it aside and tutor will "
            f"start a new one; `sqlite3 {path} .recover` may rescue old sessions"
        )
    if "locked" in text or "busy" in text:
        return StoreError(
            f"{path} stayed locked by another program for over {BUSY_TIMEOUT_S:.0f} s — "
            "close other tutor windows or tools using it and try again"
        )
    if "full" in text:
        return StoreError(f"cannot write {path}: the disk is full — free some space")
    if "readonly" in text or "read-only" in text:
        return StoreError(f"cannot write {path}: it is read-only — check its permissions")
    return StoreError(f"session store {path}: {text} — check the file and its folder")
