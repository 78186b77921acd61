"""Keys that arrive while no widget has the focus wait for one, so none is lost or reordered.

A screen that has just opened (the search after Ctrl+F, a dialog after F2) focuses its field a
moment after it is shown; Textual hands keys that arrive in between to the screen itself, which
drops them — ``Ctrl+F`` then ``dp`` typed at once searched for nothing. Here such keys wait,
in order, until the screen has focused a widget (or ``WAIT_SECONDS`` have passed, for a screen
with nothing to focus), and then go on as if they had just arrived; keys that come meanwhile
queue behind them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual import events
    from textual.app import App
    from textual.screen import Screen

WAIT_STEP = 0.01  # seconds between looks at the focus while keys wait
WAIT_SECONDS = 1.0  # a screen that has focused nothing by then gets the keys as they are


class KeyOrder:
    """Holds keys for ``app`` while its screen has no focused widget; ``deliver`` sends one on."""

    def __init__(self, app: App[Any], deliver: Callable[[events.Key], Awaitable[None]]):
        self.app = app
        self.deliver = deliver
        self.waiting: deque[events.Key] = deque()
        self._waited = 0.0
        self._unfocusable: Screen[Any] | None = None  # gave up on it: keys pass at once

    def holds(self, event: events.Key) -> bool:
        """True if ``event`` must wait (the caller then does nothing more with it)."""
        if not self.waiting and not self._must_wait():
            return False
        self.waiting.append(event)
        if len(self.waiting) == 1:
            self._waited = 0.0
            self.app.set_timer(WAIT_STEP, self._release)
        return True

    def _must_wait(self) -> bool:
        screen = self.app.screen
        return screen.focused is None and screen is not self._unfocusable

    async def _release(self) -> None:
        """Send the waiting keys on, in order, while the screen has a focused widget."""
        while self.waiting:
            if self._must_wait():
                if self._waited < WAIT_SECONDS:
                    self._waited += WAIT_STEP
                    self.app.set_timer(WAIT_STEP, self._release)
                    return
                self._unfocusable = self.app.screen
            await self.deliver(self.waiting.popleft())
