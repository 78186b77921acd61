"""Other tutor processes writing the same store: noticing it, so the screen can catch up.

A `tutor ask` in another terminal (or a second app) may start a session, or continue the very
session open here. Once a second this part asks SQLite whether anyone else has committed
(``PRAGMA data_version``, a few microseconds, on the store's thread) and if so posts
``StoreChanged``. While a reply of this app streams the check waits for it to end.

It also looks at the file: a store removed or replaced under the app (which would go on writing
to the old, unlinked file, lost when it quits) is said once with ``StoreTrouble``; so is a
check that fails (once, until one succeeds again).
"""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING

from textual import work
from textual.widget import Widget

from tutor.ui.messages import StoreChanged, StoreTrouble

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.timer import Timer

    from tutor.core.store import Store

STORE_CHECK_SECONDS = 1.0


class StoreWatch(Widget):
    """Posts ``StoreChanged`` when another process committed to the store."""

    DEFAULT_CSS = "StoreWatch { display: none; }"

    def __init__(self, busy: Callable[[], bool]) -> None:
        super().__init__(id="store-watch")
        self.busy = busy  # True while a reply streams: the check waits
        self.store: Store | None = None
        self.timer: Timer | None = None
        self.file: tuple[int, int] | None = None  # (device, inode) of the store when opened
        self.trouble: str | None = None  # said already; not again until it clears

    def start(self, store: Store) -> None:
        if self.store is None:
            self.store = store
            self.baseline()
            self.timer = self.set_interval(STORE_CHECK_SECONDS, self.check)

    @work(exclusive=True, group="store-check", exit_on_error=False)
    async def baseline(self) -> None:
        from tutor.core.errors import TutorError

        if self.store is not None:
            with contextlib.suppress(TutorError):
                await self.store.later(self.store.changed_elsewhere)
            self.file = await self.store.later(_identity, self.store.path)

    @work(exclusive=True, group="store-check", exit_on_error=False)
    async def check(self) -> None:
        from tutor.core.errors import TutorError

        store = self.store
        if store is None or self.busy():
            return  # the change stays pending: it is seen once the turn has ended
        try:
            changed = await store.later(store.changed_elsewhere)
            now = await store.later(_identity, store.path)
        except TutorError as error:
            self._say(f"cannot read the session store: {error}")
            return
        if self.file is not None and now != self.file:
            self._say(
                f"the session store {store.path} was removed or replaced by another program — "
                "what you write now is not kept; quit and start tutor again"
            )
            return
        self._say(None)
        if changed:
            self.post_message(StoreChanged())

    def _say(self, problem: str | None) -> None:
        if problem != self.trouble:
            self.trouble = problem
            self.post_message(StoreTrouble(problem))


def _identity(path: os.PathLike[str]) -> tuple[int, int] | None:
    """The file's (device, inode), or None when there is no file at ``path``."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino
