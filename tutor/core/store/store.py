"""Store: the one object the app holds to keep, find, export and import tutoring sessions."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from tutor.core.errors import StoreError
from tutor.core.store import counts, history, messages, rehearsals, sessions, withheld
from tutor.core.store.database import connect, store_error, writing
from tutor.core.store.database import guarded as _guarded
from tutor.core.store.liveness import recover_interrupted
from tutor.core.store.practice import PracticeLog
from tutor.core.store.records import SearchHit, SessionInfo, StoredMessage, TitleHit
from tutor.core.store.rehearsals import RehearsalRecord
from tutor.core.store.schema import migrate
from tutor.core.store.withheld import HeldCounts, WithheldRecord

_R = TypeVar("_R")
IN_MEMORY = Path(":memory:")  # Store.open(IN_MEMORY): a store that ends with the process


def _quietly(call: Callable[..., object], *args: Any) -> None:
    """A progress save that failed is retried by the next one (and the final save reports)."""
    with contextlib.suppress(StoreError):
        call(*args)


class Store(PracticeLog):
    """The SQLite session store. Open with ``Store.open(path)``; every call is synchronous and
    short, and one Store may be shared by threads (calls take turns). Failures of the file
    raise StoreError with one line; a missing session or message raises SessionNotFound or
    MessageNotFound; wrong arguments (an unknown status, role or field) raise ValueError or
    TypeError — those are programming errors, not the user's."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = conn
        self._lock = threading.RLock()
        self._worker: ThreadPoolExecutor | None = None
        self.interrupted: list[int] = []  # replies found dead at open and marked 'interrupted'
        self._data_version: int | None = None

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating or migrating) the store; dead writers' replies become 'interrupted'."""
        conn = connect(path)
        try:
            migrate(conn, path)
            store = cls(path, conn)
            store.interrupted = recover_interrupted(conn)
        except sqlite3.Error as err:
            conn.close()
            raise store_error(err, path) from err
        except BaseException:
            conn.close()
            raise
        return store

    async def later(self, call: Callable[..., _R], /, *args: Any, **kwargs: Any) -> _R:
        """Run ``call(*args, **kwargs)`` (a method of this store) on the store's own thread.

        An event loop that must stay responsive (the app) reaches the store only this way: a
        slow disk or another process holding the write lock then delays the store's work,
        never the loop. Calls run one at a time, in the order they were made.
        """
        return await asyncio.wrap_future(self.submit(call, *args, **kwargs))

    def submit(self, call: Callable[..., _R], /, *args: Any, **kwargs: Any) -> Future[_R]:
        """Queue ``call(*args, **kwargs)`` on the store's thread now and return its future
        (thread-safe): the caller goes on and collects the result when it needs it. Calls
        queued after this one run after it."""
        if self._worker is None:
            self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tutor-store")
        return self._worker.submit(functools.partial(call, *args, **kwargs))

    def soon(self, call: Callable[..., object], /, *args: Any) -> None:
        """Queue ``call(*args)`` on the store's thread without waiting (a reply's progress
        saves; ``later`` waits for everything queued before it)."""
        self.submit(_quietly, call, *args)

    def close(self) -> None:
        if self._worker is not None:
            self._worker.shutdown(wait=True)
            self._worker = None
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @_guarded
    def changed_elsewhere(self) -> bool:
        """True if another connection (another tutor process) committed since the last call;
        this Store's own writes do not count. The first call only takes the baseline."""
        version = int(self.conn.execute("PRAGMA data_version").fetchone()[0])
        changed = self._data_version is not None and version != self._data_version
        self._data_version = version
        return changed

    @property
    def conn(self) -> sqlite3.Connection:
        """The open connection itself, for tests and maintenance tools."""
        if self._conn is None:
            raise StoreError(f"the session store {self.path} is closed")
        return self._conn

    # --- sessions ---------------------------------------------------------------------

    @_guarded
    def create_session(
        self,
        persona: str,
        endpoint: str,
        model: str,
        *,
        title: str = "",
        variables: dict[str, Any] | None = None,
    ) -> SessionInfo:
        with writing(self.conn):
            sid = sessions.create(
                self.conn, persona, endpoint, model, title=title, variables=variables
            )
        return sessions.get(self.conn, sid)

    @_guarded
    def get_session(self, session_id: int) -> SessionInfo:
        return sessions.get(self.conn, session_id)

    @_guarded
    def latest_session(self) -> SessionInfo | None:
        """The most recently updated session (for ``--continue``), or None."""
        found = sessions.newest(self.conn, 1)
        return found[0] if found else None

    @_guarded
    def list_sessions(self, limit: int = 50, offset: int = 0) -> list[SessionInfo]:
        return sessions.newest(self.conn, limit, offset)

    @_guarded
    def session_count(self) -> int:
        return sessions.count(self.conn)

    @_guarded
    def rename_session(self, session_id: int, title: str) -> None:
        sessions.rename(self.conn, session_id, title)

    @_guarded
    def delete_session(self, session_id: int) -> None:
        sessions.delete(self.conn, session_id)

    @_guarded
    def update_session(self, session_id: int, **fields: Any) -> SessionInfo:
        """Change persona, endpoint, model and/or variables."""
        sessions.update(self.conn, session_id, fields)
        return sessions.get(self.conn, session_id)

    # --- messages ---------------------------------------------------------------------

    @_guarded
    def add_message(
        self,
        session_id: int,
        role: str,
        content: str,
        *,
        pinned: bool = False,
        status: str = "complete",
    ) -> StoredMessage:
        return messages.add(self.conn, session_id, role, content, pinned=pinned, status=status)

    @_guarded
    def begin_reply(self, session_id: int, model: str) -> int:
        return messages.begin_reply(self.conn, session_id, model)

    @_guarded
    def update_reply(self, message_id: int, content: str) -> bool:
        return messages.update_reply(self.conn, message_id, content)

    @_guarded
    def finish_reply(
        self,
        message_id: int,
        content: str,
        status: str,
        *,
        error: str | None = None,
        finish_reason: str | None = None,
        prompt_tokens: int | None = None,
        completion_tokens: int | None = None,
    ) -> bool:
        return messages.finish_reply(
            self.conn,
            message_id,
            content,
            status,
            error=error,
            finish_reason=finish_reason,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
        )

    @_guarded
    def set_status(self, message_id: int, status: str, *, error: str | None = None) -> None:
        messages.set_status(self.conn, message_id, status, error=error)

    @_guarded
    def set_pinned(self, message_id: int, pinned: bool) -> None:
        messages.set_pinned(self.conn, message_id, pinned)

    @_guarded
    def edit_message(self, message_id: int, content: str) -> None:
        messages.edit(self.conn, message_id, content)

    @_guarded
    def earlier_versions(self, message_id: int) -> list[str]:
        """What an edited message said before each edit, oldest first."""
        return history.earlier_versions(self.conn, message_id)

    @_guarded
    def get_message(self, message_id: int) -> StoredMessage:
        return history.get(self.conn, message_id)

    @_guarded
    def messages(
        self,
        session_id: int,
        *,
        before_id: int | None = None,
        limit: int | None = None,
        include_replaced: bool = False,
    ) -> list[StoredMessage]:
        """The newest ``limit`` messages before ``before_id``, in chronological order."""
        return history.page(
            self.conn,
            session_id,
            before_id=before_id,
            limit=limit,
            include_replaced=include_replaced,
        )

    @_guarded
    def message_count(self, session_id: int, *, include_replaced: bool = False) -> int:
        return history.count(self.conn, session_id, include_replaced=include_replaced)

    # --- token counts, search, transcripts ----------------------------------------------

    @_guarded
    def cached_counts(self, message_ids: Iterable[int], counter_key: str) -> dict[int, int]:
        return counts.cached(self.conn, message_ids, counter_key)

    @_guarded
    def save_counts(
        self, counter_key: str, counts_by_id: dict[int, int], texts: dict[int, str] | None = None
    ) -> None:
        counts.save(self.conn, counter_key, counts_by_id, texts)

    @_guarded
    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        from tutor.core.store import search

        return search.search(self.conn, query, limit)

    @_guarded
    def search_titles(self, query: str, limit: int = 50) -> list[TitleHit]:
        """Sessions whose title holds every term of ``query``, most recently updated first."""
        from tutor.core.store import search

        return search.search_titles(self.conn, query, limit)

    @_guarded
    def export_json(self, session_id: int) -> dict[str, Any]:
        from tutor.core.store import transcript

        return transcript.export_json(self.conn, session_id)

    @_guarded
    def export_markdown(self, session_id: int) -> str:
        from tutor.core.store import transcript

        return transcript.export_markdown(self.conn, session_id)

    @_guarded
    def import_json(self, data: object, *, source: str, text: str | None = None) -> SessionInfo:
        """Add a session from an export; TranscriptError names the JSON path of every problem
        (and its line and column when ``text``, the JSON ``data`` was read from, is given)."""
        from tutor.core.store import transcript_import

        return transcript_import.import_json(self.conn, data, source=source, text=text)

    # --- rehearsal runs -------------------------------------------------------------------

    @_guarded
    def add_rehearsal_run(self, run: RehearsalRecord) -> int:
        """Keep what a run of a rehearsal found; returns the run's id."""
        return rehearsals.add_run(self.conn, run)

    @_guarded
    def last_rehearsal_run(
        self, rehearsal: str, before: int | None = None
    ) -> RehearsalRecord | None:
        """The newest stored run of ``rehearsal`` (older than run ``before`` when given)."""
        return rehearsals.last_run(self.conn, rehearsal, before)

    @_guarded
    def rehearsal_run_count(self, rehearsal: str) -> int:
        return rehearsals.run_count(self.conn, rehearsal)

    # --- what the answer-leak guard held back ---------------------------------------------

    @_guarded
    def record_withheld(
        self,
        message_id: int,
        text: str,
        *,
        kind: str | None,
        score: float,
        reasons: Sequence[str],
        judged: bool = False,
    ) -> int:
        """Keep a block the guard held back from reply ``message_id`` (never shown or sent)."""
        return withheld.add(
            self.conn, message_id, text, kind=kind, score=score, reasons=reasons, judged=judged
        )

    @_guarded
    def withheld_in(self, session_id: int) -> list[WithheldRecord]:
        return withheld.of_session(self.conn, session_id)

    @_guarded
    def withheld_by_problem(self) -> dict[str, HeldCounts]:
        return withheld.count_by_problem(self.conn)
