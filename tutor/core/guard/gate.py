"""The streaming gate: prose passes at once, each fenced code block is held until checked.

Pure logic: a block is held from its opening fence until it closes (or the reply ends), handed
to the caller's check, then released or withheld. The caller shows a "checking code…" line
while a block is held.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from tutor.core.guard.blocks import Fence, could_open_fence, opening_fence


@dataclass(frozen=True)
class Show:
    """Prose: show it now."""

    text: str


@dataclass(frozen=True)
class Hold:
    """A code block has started: show the placeholder until its Release or Withhold."""


@dataclass(frozen=True)
class Check:
    """A held block is complete (``closed`` False: the reply ended inside it). Check it —
    ``reply`` is everything so far, the block included — and call ``CodeGate.decide``."""

    block: str
    reply: str
    closed: bool


@dataclass(frozen=True)
class Release:
    """The held text is fine: show it where the placeholder was."""

    text: str


@dataclass(frozen=True)
class Withhold:
    """The held text leaks: show the notice where the placeholder was; never show ``text``."""

    text: str


Event = Show | Hold | Check | Release | Withhold


class CodeGate:
    """Feed it a reply's deltas; it answers with events. After a :class:`Check` it waits —
    later deltas are kept in order — until :meth:`decide` is called. With a guard::

        gate = CodeGate()
        for event in gate.feed(delta):  # and gate.finish() when the stream ends
            Show → show the text · Hold → show "checking code…" ·
            Check → gate.decide(guard.check_held(event).leak) (in a worker: it may run code),
                    whose events follow · Release → show the block · Withhold → the notice
    """

    def __init__(self) -> None:
        self._reply: list[str] = []  # everything fed and taken in so far
        self._queue: list[str] = []  # fed while waiting for a decision
        self._line: str | None = ""  # the start of a prose line that may become a fence
        self._held: list[str] = []  # the block being held, from its opening fence
        self._held_line = ""  # the block's current line
        self._fence: Fence | None = None  # None while the opening line is still arriving
        self._holding = False
        self._waiting = False
        self._ended = False

    @property
    def waiting(self) -> bool:
        """True between a Check and its decision."""
        return self._waiting

    def feed(self, delta: str) -> list[Event]:
        """Take the next piece of the reply."""
        if self._waiting:
            self._queue.append(delta)
            return []
        return self._take(delta)

    def finish(self) -> list[Event]:
        """The reply has ended: what was kept back is shown, an open block is checked."""
        self._ended = True
        return [] if self._waiting else self._end()

    def decide(self, leak: bool) -> list[Event]:
        """The answer to the last Check: release the block or withhold it, then go on."""
        if not self._waiting:
            raise RuntimeError("decide() called with no block waiting for a check")
        text = "".join(self._held)
        self._held, self._held_line, self._fence = [], "", None
        self._holding = self._waiting = False
        events: list[Event] = [Withhold(text) if leak else Release(text)]
        queued, self._queue = "".join(self._queue), []
        events += self._take(queued)
        if self._ended and not self._waiting:
            events += self._end()
        return events

    def _take(self, text: str) -> list[Event]:
        events: list[Event] = []
        shown: list[str] = []
        for i, ch in enumerate(text):
            if self._waiting:
                self._queue.append(text[i:])
                break
            self._reply.append(ch)
            if self._holding:
                self._hold_char(ch, events, shown)
            else:
                self._prose_char(ch, events, shown)
        if shown:
            events.append(Show("".join(shown)))
        return _merged(events)

    def _prose_char(self, ch: str, events: list[Event], shown: list[str]) -> None:
        if self._line is None:  # mid-line: nothing here can open a fence
            shown.append(ch)
            if ch == "\n":
                self._line = ""
            return
        line = self._line + ch
        if ch == "\n":
            shown.append(line)
            self._line = ""
        elif could_open_fence(line):
            self._line = line
        elif _fence_started(line):
            if shown:
                events.append(Show("".join(shown)))
                shown.clear()
            events.append(Hold())
            self._holding, self._held, self._held_line, self._line = True, [line], line, None
        else:
            shown.append(line)
            self._line = None

    def _hold_char(self, ch: str, events: list[Event], shown: list[str]) -> None:
        if ch != "\n":
            self._held.append(ch)
            self._held_line += ch
            return
        line, self._held_line = self._held_line, ""
        if self._fence is None:  # the opening line is complete
            self._fence = opening_fence(line)
            if self._fence is None:  # ```foo` — inline code after all: prose
                text = "".join(self._held) + ch
                self._held, self._holding, self._line = [], False, ""
                events.append(Release(text))
                return
        elif self._fence.closed_by(line):
            self._reply.pop()  # the line break after the fence is prose again
            self._queue.append(ch)
            self._ask(events, shown, closed=True)
            return
        self._held.append(ch)

    def _ask(self, events: list[Event], shown: list[str], *, closed: bool) -> None:
        if shown:
            events.append(Show("".join(shown)))
            shown.clear()
        block = "".join(self._held)
        events.append(Check(block, "".join(self._reply), closed))
        self._waiting = True

    def _end(self) -> list[Event]:
        events: list[Event] = []
        if self._holding:
            line = self._held_line
            closed = self._fence is not None and self._fence.closed_by(line)
            if self._fence is None and opening_fence(line) is None:
                text = "".join(self._held)
                self._held, self._holding = [], False
                return [Release(text)]
            self._ask(events, [], closed=closed)
        elif self._line:
            events.append(Show(self._line))
            self._line = ""
        return events


def _fence_started(line: str) -> bool:
    bare = line.lstrip(" \t")
    return len(bare) >= 3 and bare[0] in "`~" and bare[:3] == bare[0] * 3


def _merged(events: list[Event]) -> list[Event]:
    out: list[Event] = []
    for event in events:
        if isinstance(event, Show) and out and isinstance(out[-1], Show):
            out[-1] = Show(out[-1].text + event.text)
        elif not (isinstance(event, Show) and not event.text):
            out.append(event)
    return out


def gated(
    deltas: Iterable[str], check: Callable[[Check], bool]
) -> Iterator[Show | Hold | Release | Withhold]:
    """Run a whole reply through a gate, calling ``check`` (True: it leaks) on each block."""
    gate = CodeGate()

    def settle(events: list[Event]) -> Iterator[Show | Hold | Release | Withhold]:
        while events:
            event, events = events[0], events[1:]
            if isinstance(event, Check):
                events = gate.decide(check(event)) + events
            else:
                yield event

    for delta in deltas:
        yield from settle(gate.feed(delta))
    yield from settle(gate.finish())
