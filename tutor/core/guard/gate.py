"""The streaming gate: prose passes at once, each code block is held until checked.

Pure logic: a fenced block is held from its opening fence until it closes (or the reply ends);
code without a fence is held too — a line that may be code (``code_lines.line_start``) is kept
back until it ends, and a run of code lines is held until a line that is not code (or a fence,
or the end) closes it. A run as long as a block (``LOOSE_MIN_LINES`` code lines, the rule
``find_blocks`` uses) is handed to the caller's check, then released or withheld; a shorter one
is released unchecked. The caller shows a "checking code…" line while something is held.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from tutor.core.guard.blocks import Fence, could_open_fence, opening_fence
from tutor.core.guard.code_lines import LOOSE_MIN_LINES, joins_run, line_start


@dataclass(frozen=True)
class Show:
    """Prose: show it now."""

    text: str


@dataclass(frozen=True)
class Hold:
    """A code block (fenced, or a run of code lines) has started: show the placeholder until
    its Release or Withhold."""


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
        self._line: str | None = ""  # a line's start not shown yet (None: showing the line)
        self._suspect = False  # ...and it may be code: kept back until it ends
        self._run: list[str] = []  # a run of code lines without a fence, held (whole lines)
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
        self._held, self._held_line, self._fence, self._run = [], "", None, []
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
        if self._line is None:  # mid-line: nothing here can open a fence or be code
            shown.append(ch)
            if ch == "\n":
                self._line = ""
            return
        line = self._line + ch
        self._line = line
        if ch == "\n":
            self._line_ended(line, events, shown)
        elif self._suspect or could_open_fence(line):
            return
        elif _fence_started(line):
            if self._close_run(line, events, shown):
                return
            self._flush(events, shown)
            events.append(Hold())
            self._holding, self._held, self._held_line, self._line = True, [line], line, None
        else:
            said = line_start(line, self._run)
            if said is None:
                return
            if said:
                self._suspect = True
            elif not self._close_run(line, events, shown):
                shown.append(line)
                self._line = None

    def _line_ended(self, line: str, events: list[Event], shown: list[str]) -> None:
        """A whole line (its break included, unless the reply ended) was kept back: it joins
        the run of code lines, or it is prose and closes the run."""
        self._line, self._suspect = "", False
        if joins_run(line.removesuffix("\n"), self._run):
            if not self._run:
                self._flush(events, shown)
                events.append(Hold())
            self._run.append(line)
        elif not self._close_run(line, events, shown):
            shown.append(line)

    def _close_run(self, after: str, events: list[Event], shown: list[str]) -> bool:
        """Close the open run (``after``, already taken, is what closed it). A run of a
        block's length is checked — True: waiting, ``after`` given back for later — a shorter
        one released."""
        if not self._run:
            return False
        lines, self._run = self._run, []
        end = len(lines)
        while end and not lines[end - 1].strip():
            end -= 1
        if sum(1 for line in lines[:end] if line.strip()) < LOOSE_MIN_LINES:
            events.append(Release("".join(lines)))
            return False
        block = "".join(lines[:end])
        tail = "".join(lines[end:]) + after
        if block.endswith("\n"):
            block, tail = block[:-1], "\n" + tail
        del self._reply[len(self._reply) - len(tail) :]
        self._queue.append(tail)
        self._line, self._suspect = "", False
        self._held = [block]
        self._ask(events, shown, closed=True)
        return True

    def _flush(self, events: list[Event], shown: list[str]) -> None:
        if shown:
            events.append(Show("".join(shown)))
            shown.clear()

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
        self._flush(events, shown)
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
            return events
        shown: list[str] = []
        if self._line:  # the last line, with no line break
            self._line_ended(self._line, events, shown)
        if not self._waiting:
            self._close_run("", events, shown)
        self._flush(events, shown)
        return _merged(events)


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
