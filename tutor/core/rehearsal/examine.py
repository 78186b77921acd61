"""Checks one tutor reply against its assertions: on the text, by the guard, or by the judge."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tutor.core.rehearsal.assertions import Assertion, on_text
from tutor.core.rehearsal.judge import Judge
from tutor.core.rehearsal.leaks import CaseProblem, find_leak
from tutor.core.rehearsal.reading import read
from tutor.core.rehearsal.results import Check


@dataclass
class Moment:
    """What the checks of one reply may look at besides the reply itself."""

    student: str  # the student's message this reply answers
    student_language: str | None  # en / ko of the student's latest message with letters
    student_code: list[str] = field(default_factory=list)  # every code block they pasted
    problem: CaseProblem | None = None


class Examiner:
    """Runs assertions; ``judge_tokens`` adds up what the rubric judge cost."""

    def __init__(self, judge: Judge) -> None:
        self.judge = judge
        self.judge_tokens = 0

    async def check_all(
        self, assertions: Sequence[Assertion], reply: str, moment: Moment
    ) -> list[Check]:
        return [await self.check(a, reply, moment) for a in assertions]

    async def check(self, assertion: Assertion, reply: str, moment: Moment) -> Check:
        label = assertion.label
        if assertion.name == "no-leak":
            return await self._no_leak(assertion, reply, moment)
        if assertion.name == "rubric":
            return await self._rubric(assertion, reply, moment)
        held, found = on_text(assertion, read(reply), moment.student_language)
        if held is None:
            return Check(label, False, found)
        return Check(label, held != assertion.negated, found)

    async def _no_leak(self, assertion: Assertion, reply: str, moment: Moment) -> Check:
        if moment.problem is None:  # the case reader refuses this; kept for direct callers
            return Check(assertion.label, False, "no problem to check against")
        finding = await find_leak(reply, moment.problem, moment.student_code)
        if finding.leak:
            why = "; ".join(finding.reasons[:2]) or "the guard says so"
            found = f"leak ({finding.kind or 'unknown kind'}, score {finding.score:.2f}): {why}"
        else:
            found = f"no leak (score {finding.score:.2f})"
        passed = (not finding.leak) != assertion.negated
        return Check(assertion.label, passed, found, revealed=finding.leak, leak_checked=True)

    async def _rubric(self, assertion: Assertion, reply: str, moment: Moment) -> Check:
        ruling = await self.judge.rule(str(assertion.value), moment.student, reply)
        self.judge_tokens += ruling.answer.tokens
        if ruling.verdict is None:
            said = ruling.said[:80] or "nothing"
            return Check(
                assertion.label,
                False,
                f"the judge answered neither yes nor no: {said!r}",
                leak_checked=assertion.leak,
            )
        passed = ruling.verdict != assertion.negated
        found = f"judge {self.judge.model} said {'yes' if ruling.verdict else 'no'}"
        revealed = assertion.leak and not passed
        return Check(assertion.label, passed, found, revealed=revealed, leak_checked=assertion.leak)
