"""A reply streamed through the answer-leak guard: prose at once, each code block checked first.

``ReplyGuard`` sits between the endpoint's deltas and what the student sees (and what the
reply's row stores). A fenced code block is held — the caller shows "checking code…" on
``CodeHeld`` — until its fence closes; then it is checked (fingerprints in milliseconds, and
the hidden tests when strict isolation can run the code) in a thread. A block that is fine
is released as text; one that leaks is replaced by ``HELD_BACK_NOTICE`` and kept in
``withheld`` (the conversation stores it apart, never shown, sent or exported). Code without
a fence is held the same way while its run of code lines lasts. When the reply ends, what was
shown is checked once more as a whole, unless every block in it was checked already: a leak
found only then withdraws the whole reply (``ReplyWithdrawn``: the notice takes its place on
screen and in the store), and it is recorded and followed by the same question asked again.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tutor.core.endpoint.events import ReplyText
from tutor.core.guard.blocks import find_blocks
from tutor.core.guard.gate import Check, CodeGate, Hold, Release, Show, Withhold
from tutor.core.turn.events import CodeChecked, CodeHeld, ReplyWithdrawn

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from tutor.core.guard.decision import Guard
    from tutor.core.guard.judge import Judge
    from tutor.core.guard.report import LeakReport
    from tutor.core.turn.conversation import Conversation
    from tutor.core.turn.events import TurnEvent

HELD_BACK_NOTICE = (
    "\n\n> ⚠ *the tutor started to write the solution — held back*\n\n"  # in place of the block
)
ASK_AGAIN = (
    "Your last reply began to write out the solution, so that part was held back and the "
    "student did not see it. Say the same again as ONE short guiding question or hint, in the "
    "student's language, with no code at all and without spelling out the algorithm's steps."
)


@dataclass
class ReplyCheck:
    """What guarding a session's replies takes: the problem's guard, and a model judge for
    prose walkthroughs (``None``: off) whose verdict is recorded, reported apart."""

    guard: Guard
    judge: Judge | None = None


@dataclass
class Held:
    """A block the guard held back, with its verdict."""

    text: str
    report: LeakReport
    judged: bool = False


@dataclass
class ReplyGuard:
    """One reply's gate; feed it deltas, get the events to show (and store)."""

    check: ReplyCheck
    gate: CodeGate = field(default_factory=CodeGate)
    withheld: list[Held] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)  # the blocks released after a check
    _pending: LeakReport | None = None

    async def take(self, delta: str) -> list[TurnEvent]:
        return await self._play(self.gate.feed(delta))

    async def finish(self) -> list[TurnEvent]:
        """The reply ended: the gate's last events, then the last look at the whole."""
        events = await self._play(self.gate.finish())
        return events + await self._last_look()

    async def _last_look(self) -> list[TurnEvent]:
        """Check what was shown as one reply, unless every block in it was checked already;
        a leak withdraws the whole reply."""
        text = "".join(self.shown)
        blocks = find_blocks(text)
        if all(text[b.start : b.end] in self.checked for b in blocks):
            return []
        report = await asyncio.to_thread(self.check.guard.check, text)
        if not report.leak:
            return []
        self.withheld.append(Held(text, report))
        notice = HELD_BACK_NOTICE.strip() + "\n"
        self.shown = [notice]
        return [ReplyWithdrawn(notice)]

    async def judge(self) -> Held | None:
        """With a judge: is the shown reply a prose walkthrough? (Recorded, not hidden: its
        text is already on screen.)"""
        if self.check.judge is None or self.withheld:
            return None
        text = "".join(self.shown)
        report = await self.check.guard.check_with_judge(text, self.check.judge)
        if report.leak and report.kind == "walkthrough":
            return Held(text, report, judged=True)
        return None

    async def _play(self, events: list) -> list[TurnEvent]:
        out: list[TurnEvent] = []
        while events:
            event, events = events[0], events[1:]
            if isinstance(event, Show):
                out.append(self._show(event.text))
            elif isinstance(event, Hold):
                out.append(CodeHeld())
            elif isinstance(event, Check):
                report = await asyncio.to_thread(self.check.guard.check_held, event)
                self._pending = report
                events = self.gate.decide(report.leak) + events
            elif isinstance(event, Release):
                if self._pending is not None:  # a block released after its check
                    self.checked.add(event.text)
                out += [CodeChecked(withheld=False), self._show(event.text)]
            elif isinstance(event, Withhold):
                assert self._pending is not None
                self.withheld.append(Held(event.text, self._pending))
                out += [CodeChecked(withheld=True), self._show(HELD_BACK_NOTICE)]
            if isinstance(event, Release | Withhold):
                self._pending = None
        return out

    def _show(self, text: str) -> ReplyText:
        self.shown.append(text)
        return ReplyText(text)


async def after_reply(
    conv: Conversation, shield: ReplyGuard, reply_id: int
) -> AsyncIterator[TurnEvent]:
    """After a guarded reply: keep what was held back (apart from the reply's text); when code
    was held, ask the tutor once, automatically, to say the same as a question with no code."""
    from tutor.core.turn.events import Notice, ReplyDone, ReplyFailed, RequestSized
    from tutor.core.turn.reply import stream_reply

    judged = await shield.judge()
    await keep_withheld(conv, reply_id, [*shield.withheld, *([judged] if judged else [])])
    if judged is not None:
        yield Notice("the judge found this reply walks through the solution — recorded")
    if not shield.withheld:
        return
    yield Notice("the tutor started to write the solution; asking it to say that as a question")
    sized = await conv.plan_now(count=conv.count_always)
    yield RequestSized(sized)
    again = ReplyGuard(shield.check)
    extra = [{"role": "system", "content": ASK_AGAIN}]
    async for event in stream_reply(conv, sized, shield=again, extra=extra):
        if isinstance(event, ReplyDone | ReplyFailed) and event.message is not None:
            conv.history.append(event.message)
        yield event
    if again.withheld:  # asked once only: keep what it held and stop there
        await keep_withheld(conv, conv.history[-1].id, again.withheld)


async def keep_withheld(conv: Conversation, reply_id: int, held: list[Held]) -> None:
    """Store what the guard held back from reply ``reply_id`` (apart from its text)."""
    store = conv.store
    for one in held:
        report = one.report
        await store.later(
            store.record_withheld,
            reply_id,
            one.text,
            kind=report.kind,
            score=report.score,
            reasons=report.reasons,
            judged=one.judged,
        )
