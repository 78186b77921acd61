"""Where a scripted reply waits: for other chat requests to be open at once, or for the test.

With these a test proves order by what the server saw, not by how long things took.
"""

from __future__ import annotations

import threading

WAIT_AT_MOST = 60.0  # a gate that is never opened lets the reply go on after this long


class Gates:
    """Counts the chat requests being answered and holds replies at their gates."""

    def __init__(self, closing: threading.Event) -> None:
        self._closing = closing
        self._changed = threading.Condition()
        self.open_chats = 0
        self.open_on_arrival: list[int] = []  # per chat request: how many were open, itself too
        self.holds_reached = 0
        self.releases = 0

    def chat_opened(self) -> None:
        with self._changed:
            self.open_chats += 1
            self.open_on_arrival.append(self.open_chats)
            self._changed.notify_all()

    def chat_closed(self) -> None:
        with self._changed:
            self.open_chats -= 1
            self._changed.notify_all()

    def begin(self, together: int) -> None:
        """Wait until ``together`` chat requests are open at once."""
        with self._changed:
            self._changed.wait_for(
                lambda: self.open_chats >= together or self._closing.is_set(), WAIT_AT_MOST
            )

    def hold(self) -> None:
        """Wait here until the test calls ``release`` once more than it had (one per hold)."""
        with self._changed:
            index = self.holds_reached
            self.holds_reached += 1
            self._changed.notify_all()
            self._changed.wait_for(
                lambda: self.releases > index or self._closing.is_set(), WAIT_AT_MOST
            )

    def release(self) -> None:
        """Let the oldest held reply (or the next one to reach a hold) go on."""
        with self._changed:
            self.releases += 1
            self._changed.notify_all()

    def wait_held(self, count: int, seconds: float = WAIT_AT_MOST) -> bool:
        """Wait until ``count`` holds have been reached in all; False if not within ``seconds``."""
        with self._changed:
            return self._changed.wait_for(lambda: self.holds_reached >= count, seconds)

    def wake_all(self) -> None:
        """The server is stopping: nobody waits any more."""
        with self._changed:
            self._changed.notify_all()

    def reset(self) -> None:
        with self._changed:
            self.open_on_arrival.clear()
            self.holds_reached = self.releases = 0
            self._changed.notify_all()
