"""A reply's versions: the answers to one student message, one of them current, the rest kept.

Regenerating adds a version; it becomes current only once it is complete, so a failed or
stopped attempt never hides the reply the student had. Every version stays in the store
('replaced' when it is not current) and the student can step between them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.core.store import Store, StoredMessage


def answer_span(history: Sequence[StoredMessage], index: int) -> tuple[int, int]:
    """The indices [start, end) of the replies that answer the student message before
    ``index`` (or at it, when it is a reply): the versions of one answer."""
    start = index
    while start > 0 and history[start - 1].role == "assistant":
        start -= 1
    end = index
    while end < len(history) and history[end].role == "assistant":
        end += 1
    return start, end


def versions(store: Store, message: StoredMessage) -> list[StoredMessage]:
    """Every version of the answer ``message`` belongs to, oldest first ('replaced' included)."""
    everything = store.messages(message.session_id, include_replaced=True)
    index = next(i for i, m in enumerate(everything) if m.id == message.id)
    start, end = answer_span(everything, index)
    return everything[start:end]


def status_when_current(message: StoredMessage) -> str:
    """The status a kept version had before it was replaced, from what it holds."""
    if message.error:
        return "error"
    return "complete" if message.finish_reason else "cancelled"


def make_current(store: Store, chosen: StoredMessage) -> list[StoredMessage]:
    """Make ``chosen`` the current version of its answer; the others become 'replaced'.

    Returns the versions as stored now, oldest first.
    """
    for version in versions(store, chosen):
        if version.id == chosen.id:
            if version.status == "replaced":
                store.set_status(version.id, status_when_current(version))
        elif version.status != "replaced":
            store.set_status(version.id, "replaced")
    return versions(store, chosen)


def numbering(everything: Sequence[StoredMessage]) -> dict[int, tuple[int, int]]:
    """For each current reply with earlier or later versions: (its number, how many), from a
    session's messages with the replaced ones included."""
    found: dict[int, tuple[int, int]] = {}
    index = 0
    while index < len(everything):
        start, end = answer_span(everything, index)
        if end - start > 1:
            for number, message in enumerate(everything[start:end], 1):
                if message.status != "replaced":
                    found[message.id] = (number, end - start)
        index = max(end, index + 1)
    return found
