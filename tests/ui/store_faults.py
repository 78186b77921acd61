"""The session store failing under the app, played under Pilot: each case makes one fault for
real (another connection, a file removed, a folder nobody can write) and records the one line
the app says, what it kept, and whether anything else showed (a traceback, a bug's note).

The cases feed ``test_faults.py::test_store_fault_in_the_app`` and the table "The session
store, in the app" of tests/FAULTS.md (written by ``python -m tests.ui.test_faults``).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.ui.conftest import (
    import_example,
    main_screen,
    paste,
    ready,
    screen_text,
    until,
    wait_idle,
    widget_text,
)
from tutor.core.config import paths
from tutor.core.store import Store
from tutor.ui.app import TutorApp
from tutor.ui.session.store_watch import StoreWatch
from tutor.ui.widgets.composer import Composer
from tutor.ui.widgets.session_list import SessionList
from tutor.ui.widgets.turns import ErrorRow, NoticeLine

if TYPE_CHECKING:
    from textual.pilot import Pilot

SIZE = (120, 40)
BUSY_SECONDS = 1.0  # the store's busy timeout in these tests (10 s in use)
DRAFT = "is this saved?"


@dataclass
class StoreOutcome:
    """What the app showed for one store fault."""

    said: list[str] = field(default_factory=list)  # the lines it said (toasts, rows, notices)
    kept: str = ""  # what the student still has (the draft, the session, the file system)
    running: bool = True
    tracebacks: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class StoreCase:
    id: str
    fault: str  # the table's first cell
    how: str  # how the test makes it
    play: Callable[[Pilot[Any], TutorApp, Store, StoreOutcome], Awaitable[None]]
    seeded: bool = True  # a stored session exists before the app starts


def said_now(app: TutorApp) -> list[str]:
    """Every line the app says: toasts, error rows, notices."""
    lines = [n.message for n in app._notifications]
    lines += [row.error for row in app.screen.query(ErrorRow)]
    lines += [str(n.render()) for n in app.screen.query(NoticeLine)]
    return lines


async def say_something(pilot: Pilot[Any], words: str, before: list[str]) -> None:
    """Wait until the app says a line with ``words`` that it was not saying ``before``."""
    app: TutorApp = pilot.app  # type: ignore[assignment]

    def new_lines() -> list[str]:
        return list((Counter(said_now(app)) - Counter(before)).elements())

    await until(pilot, lambda: any(words in line for line in new_lines()), repr(words), timeout=20)


def sidebar_focused(app: TutorApp) -> SessionList:
    sidebar = app.screen.query_one(SessionList)
    sidebar.focus()
    sidebar.highlighted = 0
    return sidebar


# --- the session, deleted by another tutor --------------------------------------------------


async def rename_deleted(pilot: Pilot[Any], app: TutorApp, store: Store, out: StoreOutcome):
    (info,) = store.list_sessions()
    sidebar_focused(app)
    await pilot.press("f2")
    await until(pilot, lambda: "Rename the session" in screen_text(app), "the rename dialog")
    store.delete_session(info.id)  # another tutor, while the dialog is open
    before = said_now(app)
    await paste(pilot, "new title")
    await pilot.press("enter")
    await say_something(pilot, "not renamed", before)
    out.kept = "nothing to keep: the session is gone; the list catches up"


async def delete_deleted(pilot: Pilot[Any], app: TutorApp, store: Store, out: StoreOutcome):
    (info,) = store.list_sessions()
    sidebar_focused(app)
    await pilot.press("delete")
    await until(pilot, lambda: "Delete the session" in screen_text(app), "the question")
    store.delete_session(info.id)
    before = said_now(app)
    await pilot.press("tab", "enter")
    await say_something(pilot, "not deleted", before)
    out.kept = "nothing to undo: the session was gone already"


async def export_deleted(pilot: Pilot[Any], app: TutorApp, store: Store, out: StoreOutcome):
    (info,) = store.list_sessions()
    sidebar_focused(app)
    await pilot.press("f3")
    await until(pilot, lambda: "Export as" in screen_text(app), "the format choice")
    await pilot.press("enter")
    await until(pilot, lambda: "Enter writes the file" in screen_text(app), "the path")
    store.delete_session(info.id)
    before = said_now(app)
    await pilot.press("enter")
    await say_something(pilot, "could not export", before)
    folder = paths.exports_dir()
    left = list(folder.iterdir()) if folder.is_dir() else []
    out.kept = "no file written" if not left else f"LEFT BEHIND: {left}"


# --- exports the file system refuses ----------------------------------------------------------


@contextlib.contextmanager
def unwritable(folder: Path) -> Iterator[None]:
    """``folder`` made unwritable: by its mode, or (as root, whom modes do not stop) by the
    immutable attribute."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        folder.chmod(0o500)
        try:
            yield
        finally:
            folder.chmod(0o700)
        return
    subprocess.run(["chattr", "+i", str(folder)], check=True, capture_output=True)
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True, capture_output=True)


async def export_unwritable(pilot: Pilot[Any], app: TutorApp, store: Store, out: StoreOutcome):
    folder = paths.exports_dir().parent / "locked-folder"
    with unwritable(folder):
        sidebar_focused(app)
        await pilot.press("f3")
        await until(pilot, lambda: "Export as" in screen_text(app), "the format choice")
        await pilot.press("enter")
        await until(pilot, lambda: "Enter writes the file" in screen_text(app), "the path")
        app.focused.value = str(folder / "session.md")  # type: ignore[union-attr]
        before = said_now(app)
        await pilot.press("enter")
        await say_something(pilot, "could not write", before)
        left = list(folder.iterdir())
    out.kept = "no file, not even an empty one" if not left else f"LEFT BEHIND: {left}"


async def export_too_long(pilot: Pilot[Any], app: TutorApp, store: Store, out: StoreOutcome):
    folder = paths.exports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    sidebar_focused(app)
    await pilot.press("f3")
    await until(pilot, lambda: "Export as" in screen_text(app), "the format choice")
    await pilot.press("enter")
    await until(pilot, lambda: "Enter writes the file" in screen_text(app), "the path")
    app.focused.value = str(folder / ("x" * 300 + ".md"))  # type: ignore[union-attr]
    await pilot.press("enter")
    hint = app.screen.query_one("#dialog-hint")
    await until(pilot, lambda: "cannot use" in widget_text(app, hint), "the hint")
    out.said.append(" ".join(str(hint.render()).split()))
    await pilot.press("escape")
    left = list(folder.iterdir())
    out.kept = "the dialog stays open to fix the name; no file" if not left else f"LEFT: {left}"


# --- the store itself -------------------------------------------------------------------------


async def locked(pilot: Pilot[Any], app: TutorApp, store: Store, out: StoreOutcome):
    other = sqlite3.connect(paths.store_file(), isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
    try:
        before = said_now(app)
        await paste(pilot, DRAFT)
        await pilot.press("enter")
        await say_something(pilot, "locked", before)
        await wait_idle(pilot)
        # the once-a-second look at the store, and the sidebar's refresh, under the lock
        screen = main_screen(app)
        await screen.query_one(StoreWatch).check().wait()
        await screen.shelf.refresh_list(stay=True).wait()
        listed = len(app.screen.query_one(SessionList).sessions)
        await pilot.press("ctrl+f")
        await paste(pilot, "recursion")
        await until(pilot, lambda: "messages found" in screen_text(app), "search results")
        searched = "search answers"
        await pilot.press("escape")
    finally:
        other.execute("ROLLBACK")
        other.close()
    draft = app.screen.query_one(Composer).text
    await pilot.press("enter")  # the lock is gone: the same draft goes now
    await wait_idle(pilot)
    (session,) = store.list_sessions()
    sent = [m.content for m in store.messages(session.id)]
    sidebar = "the sidebar lists" if listed == 1 else "THE SIDEBAR EMPTIED"
    out.kept = (
        f"the draft ({'kept' if draft == DRAFT else 'LOST'}); {sidebar} and {searched} "
        f"meanwhile; once free, Enter {'sent it' if DRAFT in sent else 'DID NOT SEND IT'}"
    )


async def read_only(pilot: Pilot[Any], app: TutorApp, store: Store, out: StoreOutcome):
    await until(pilot, lambda: bool(app.screen.query(NoticeLine)), "the store's line")
    await paste(pilot, DRAFT)
    before = said_now(app)
    await pilot.press("enter")
    await say_something(pilot, "not sent", before)
    kept = app.screen.query_one(Composer).text == DRAFT
    out.kept = "the draft, in the composer" if kept else "DRAFT LOST"


async def read_only_later(pilot: Pilot[Any], app: TutorApp, store: Store, out: StoreOutcome):
    screen = main_screen(app)
    with frozen_store():
        await screen.query_one(StoreWatch).check().wait()  # the once-a-second look
        await screen.shelf.refresh_list(stay=True).wait()  # the sidebar's refresh
        listed = len(app.screen.query_one(SessionList).sessions)
        await pilot.press("ctrl+f")
        await paste(pilot, "recursion")
        await until(pilot, lambda: "messages found" in screen_text(app), "search results")
        await pilot.press("escape")
        before = said_now(app)
        await paste(pilot, DRAFT)
        await pilot.press("enter")
        await say_something(pilot, "session store", before)
        await wait_idle(pilot)
        draft = app.screen.query_one(Composer).text
    await pilot.press("enter")  # writable again: the same draft goes now
    await wait_idle(pilot)
    (session,) = store.list_sessions()
    sent = [m.content for m in store.messages(session.id)]
    sidebar = "the sidebar lists" if listed == 1 else "THE SIDEBAR EMPTIED"
    out.kept = (
        f"the draft ({'kept' if draft == DRAFT else 'LOST'}); {sidebar} and search answers "
        f"meanwhile (reads go on); once writable, Enter "
        f"{'sent it' if DRAFT in sent else 'DID NOT SEND IT'}"
    )


async def removed(pilot: Pilot[Any], app: TutorApp, store: Store, out: StoreOutcome):
    path = paths.store_file()
    before = said_now(app)
    for name in (path.name, path.name + "-wal", path.name + "-shm"):
        with contextlib.suppress(FileNotFoundError):
            (path.parent / name).unlink()
    await say_something(pilot, "was removed or replaced", before)
    await pilot.press("ctrl+f")
    await paste(pilot, "recursion")
    await until(pilot, lambda: "messages found" in screen_text(app), "search results")
    out.kept = "what is on screen; search still reads the removed file until tutor quits"
    await pilot.press("escape")


CASES = [
    StoreCase(
        "rename-deleted",
        "Rename a session another tutor deleted",
        "F2, then the session is deleted through a second connection, then Enter",
        rename_deleted,
    ),
    StoreCase(
        "delete-deleted",
        "Delete a session another tutor deleted",
        "Delete, then the session is deleted through a second connection, then the button",
        delete_deleted,
    ),
    StoreCase(
        "export-deleted",
        "Export a session another tutor deleted",
        "F3, then the session is deleted through a second connection, then Enter",
        export_deleted,
    ),
    StoreCase(
        "export-unwritable",
        "Export into a folder that cannot be written",
        "the folder made unwritable (mode 0500; `chattr +i` when running as root)",
        export_unwritable,
    ),
    StoreCase(
        "export-name-too-long",
        "Export under a name the file system refuses",
        "a 300-character file name",
        export_too_long,
    ),
    StoreCase(
        "locked",
        "Store locked by another program",
        f"a second connection holds `BEGIN EXCLUSIVE`; busy timeout {BUSY_SECONDS:.0f} s "
        "(10 s in use); the student sends, then searches",
        locked,
    ),
    StoreCase(
        "read-only",
        "Store read-only when the app starts",
        "the store and its folder made read-only before start (modes; `chattr +i` as root)",
        read_only,
    ),
    StoreCase(
        "read-only-later",
        "Store turns read-only while the app runs",
        "after start, `chattr +i` on the store file, its WAL and its folder (root only: a mode "
        "changed after start leaves the open file writable); the sidebar refreshes, the student "
        "searches, then sends",
        read_only_later,
    ),
    StoreCase(
        "removed",
        "Store file removed while the app runs",
        "the store's files are deleted under the running app",
        removed,
    ),
]


@contextlib.contextmanager
def read_only_store() -> Iterator[None]:
    """A stored session, then the store file and its folder read-only, made writable after."""
    with Store.open(paths.store_file()) as store:
        import_example(store, "recursion-socratic")
    with frozen_store():
        yield


@contextlib.contextmanager
def frozen_store() -> Iterator[None]:
    """The store file, its WAL and their folder read-only (as ``unwritable``: modes, or
    ``chattr +i`` as root), made writable after. The shared-memory file is left alone: SQLite
    maps it, and an immutable mapped file ends the process with a bus error, which is the
    kernel's doing, not a store fault the app could say."""
    path = paths.store_file()
    files = [path, path.with_name(path.name + "-wal")]
    files = [f for f in files if f.exists()]
    with unwritable(path.parent):
        if os.geteuid() != 0:
            for file in files:
                file.chmod(0o400)
            try:
                yield
            finally:
                for file in files:
                    file.chmod(0o600)
            return
        subprocess.run(["chattr", "+i", *map(str, files)], check=True, capture_output=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", *map(str, files)], check=True, capture_output=True)


def chattr_works(folder: Path) -> bool:
    """True if modes stop this user, or ``chattr +i`` works here (root on ext4, xfs…)."""
    if os.geteuid() != 0:
        return True
    if shutil.which("chattr") is None:
        return False
    probe = folder / "chattr-probe"
    probe.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["chattr", "+i", str(probe)], capture_output=True).returncode == 0
    if done:
        subprocess.run(["chattr", "-i", str(probe)], capture_output=True)
    probe.rmdir()
    return done


async def observe_store_fault(case: StoreCase, store: Store) -> StoreOutcome:
    """Play ``case`` in a fresh app over ``store`` (the same file the app opens)."""
    from tutor.core.store import database

    busy, database.BUSY_TIMEOUT_S = database.BUSY_TIMEOUT_S, BUSY_SECONDS
    try:
        return await _observe(case, store)
    finally:
        database.BUSY_TIMEOUT_S = busy


async def _observe(case: StoreCase, store: Store) -> StoreOutcome:
    out = StoreOutcome()
    if case.id == "read-only":
        store.close()
        guard: contextlib.AbstractContextManager[None] = read_only_store()
    else:
        import_example(store, "recursion-socratic")
        guard = contextlib.nullcontext()
    with guard:
        app = TutorApp()
        async with app.run_test(size=SIZE) as pilot:
            if case.id != "read-only":
                await ready(pilot)
            await case.play(pilot, app, store, out)
            await pilot.pause(0.2)
            shown = said_now(app)
            out.said = out.said or [line for line in shown if _is_about(case, line)]
            out.running = app.is_running
            everything = [screen_text(app), *shown]
            out.tracebacks = [t for t in everything if "Traceback" in t or "unexpected error" in t]
    return out


WORDS = {
    "rename-deleted": "not renamed",
    "delete-deleted": "not deleted",
    "export-deleted": "could not export",
    "export-unwritable": "could not write",
    "locked": "locked",
    "read-only": "",
    "read-only-later": "session store",
    "removed": "was removed",
}


def _is_about(case: StoreCase, line: str) -> bool:
    words = WORDS.get(case.id, "")
    if case.id == "read-only":
        return "session store" in line or "not sent" in line
    return bool(words) and words in line


def placeheld(line: str) -> str:
    """``line`` as it reads on any machine: this run's paths as placeholders, a long name
    shortened, and the refusal of an unwritable folder in one wording (a mode gives EACCES,
    "Permission denied"; ``chattr +i`` for root gives EPERM, "Operation not permitted")."""
    store = str(paths.store_file())
    folder = str(paths.exports_dir().parent)
    line = line.replace(store, "<store>").replace(folder, "<home>")
    line = re.sub(r"x{20,}", lambda m: f"<{len(m.group())} × x>", line)
    return line.replace("Operation not permitted", "Permission denied")
