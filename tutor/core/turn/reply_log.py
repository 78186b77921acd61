"""Writing a reply to the store while it streams, so a crash loses at most half a second.

The writes go to the store's own thread in order (``Store.soon``): a locked or slow store
delays them, never the stream. The reply's row is begun on that thread too, and nothing waits
for it: the request goes out meanwhile, and each write, queued after it, reads its id there.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import Future

    from tutor.core.store import Store

SAVE_SECONDS = 0.5


class ReplyLog:
    """Collects streamed text for one reply row and saves it at least every SAVE_SECONDS.

    A save happens on the first piece after the interval, and a timer saves the tail when
    the stream pauses, so what arrived is on disk within SAVE_SECONDS either way.
    """

    def __init__(self, store: Store, row: Future[int]) -> None:
        self.store = store
        self.row = row  # the reply's id, from ``store.begin_reply`` queued before any write
        self.parts: list[str] = []
        self._saved = 0  # changes saved so far
        self._changes = 0
        self._last_save = time.monotonic()
        self._timer: asyncio.TimerHandle | None = None
        self.closed = False

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def add(self, piece: str) -> None:
        self.parts.append(piece)
        self._changes += 1 if piece else 0
        self._due()

    def replace(self, text: str) -> None:
        """The reply's text so far becomes ``text`` (the guard withdrew what was shown)."""
        self.parts = [text]
        self._changes += 1
        self._due()

    def _due(self) -> None:
        now = time.monotonic()
        if now - self._last_save >= SAVE_SECONDS:
            self.save()
        elif self._timer is None:
            loop = asyncio.get_running_loop()
            self._timer = loop.call_later(SAVE_SECONDS - (now - self._last_save), self.save)

    def save(self) -> None:
        """Write what has arrived so far (a no-op when nothing new came)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self.closed or self._changes == self._saved:
            return
        text = self.text
        self.parts = [text]
        self.store.soon(_write, self.store.update_reply, self.row, text)
        self._saved = self._changes
        self._last_save = time.monotonic()

    def finish(
        self,
        status: str,
        *,
        error: str | None = None,
        finish_reason: str | None = None,
        prompt_tokens: int | None = None,
        completion_tokens: int | None = None,
    ) -> None:
        """Queue the final text and status on the store's thread; later calls are ignored.
        (``await store.later(...)`` of anything afterwards sees it written.)"""
        if self.closed:
            return
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self.closed = True
        self.store.soon(
            _write,
            functools.partial(
                self.store.finish_reply,
                content=self.text,
                status=status,
                error=error,
                finish_reason=finish_reason,
                prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens,
            ),
            self.row,
        )


def _write(call: Callable[..., object], row: Future[int], *args: object) -> None:
    """On the store's thread: ``call(reply id, *args)``. The row was queued first, so it is
    done; if it could not be made, its StoreError is raised here (and the save skipped)."""
    call(row.result(), *args)
