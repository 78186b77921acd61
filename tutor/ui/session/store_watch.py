"""Other tutor processes writing the same store: noticing it, so the screen can catch up.

A `tutor ask` in another terminal (or a second app) may start a session, or continue the very
session open here. Once a second this part asks SQLite whether anyone else has committed
(``PRAGMA data_version``, a few microseconds, on the store's thread) and if so posts
``StoreChanged``. While a reply of this app streams the check waits for it to end.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from textual import work
from textual.widget import Widget

from tutor.ui.messages import StoreChanged

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.timer import Timer

    from tutor.core.store import Store

CHECK_SECONDS = 1.0


class StoreWatch(Widget):
    """Posts ``StoreChanged`` when another process committed to the store."""

    DEFAULT_CSS = "StoreWatch { display: none; }"

    def __init__(self, busy: Callable[[], bool]) -> None:
        super().__init__(id="store-watch")
        self.busy = busy  # True while a reply streams: the check waits
        self.store: Store | None = None
        self.timer: Timer | None = None

    def start(self, store: Store) -> None:
        if self.store is None:
            self.store = store
            self.baseline()
            self.timer = self.set_interval(CHECK_SECONDS, self.check)

    @work(exclusive=True, group="store-check", exit_on_error=False)
    async def baseline(self) -> None:
        from tutor.core.errors import TutorError

        if self.store is not None:
            with contextlib.suppress(TutorError):
                await self.store.later(self.store.changed_elsewhere)

    @work(exclusive=True, group="store-check", exit_on_error=False)
    async def check(self) -> None:
        from tutor.core.errors import TutorError

        store = self.store
        if store is None or self.busy():
            return  # the change stays pending: it is seen once the turn has ended
        try:
            changed = await store.later(store.changed_elsewhere)
        except TutorError:
            return  # the store's trouble is reported by whatever uses it next
        if changed:
            self.post_message(StoreChanged())
