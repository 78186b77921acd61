"""The hint ladder: six rungs, from "what have you tried?" to a similar problem worked through."""

from __future__ import annotations

from dataclasses import dataclass

from tutor.core.errors import TutorError
from tutor.core.practice.hints import TOP_RUNG, AuthoredHints
from tutor.core.store import HintRecord, RunRecord


@dataclass(frozen=True)
class Rung:
    """One rung: its short name (per language) and what the tutor is told to give."""

    number: int
    names: dict[str, str]
    instruction: str

    def name(self, lang: str) -> str:
        return self.names.get(lang, self.names["en"])


RUNGS: dict[int, Rung] = {
    1: Rung(
        1,
        {"en": "what have you tried / the goal", "ko": "시도해 본 것 / 목표 다시 말하기"},
        "Ask the student what they have tried so far, or ask them to say the goal in their own"
        " words: what goes in, what must come out, how large it can get. Give nothing about the"
        " method yet.",
    ),
    2: Rung(
        2,
        {"en": "a failing test or a small case", "ko": "실패한 테스트나 작은 예"},
        "Point the student at one test their latest run failed (a sample test by its input, a"
        " hidden one only by its name and description) or, if nothing failed or nothing ran, at a"
        " small input they can work through by hand. Ask what their code does on it. Do not say"
        " what to change.",
    ),
    3: Rung(
        3,
        {"en": "the concept", "ko": "핵심 개념"},
        "Name the concept or data structure the problem turns on, in one sentence, and ask how it"
        " could help here. Nothing beyond the name: no strategy, no steps.",
    ),
    4: Rung(
        4,
        {"en": "a strategy", "ko": "풀이 전략"},
        "Describe a strategy in two or three plain sentences: what to keep track of while going"
        " through the input, and why that is enough. No code, no pseudocode, no full algorithm.",
    ),
    5: Rung(
        5,
        {"en": "pseudocode of one sub-step", "ko": "한 단계의 의사코드"},
        "Write pseudocode for ONE sub-step of the approach, at most five lines, in words rather"
        " than in the student's programming language, so it cannot be pasted in as a solution."
        " Say which part of their code it belongs in and let them write it.",
    ),
    6: Rung(
        6,
        {"en": "a worked example of a similar problem", "ko": "비슷한 다른 문제의 풀이 예"},
        "Work through a DIFFERENT but similar problem step by step (another story, another"
        " function, other numbers) that uses the same idea, then ask the student how it carries"
        " over. Never solve this problem itself.",
    ),
}


class HintNotOpen(TutorError):
    """The next rung is not open yet (no new run or edit since the last hint), or none is left."""

    exit_code = 2


@dataclass(frozen=True)
class NextHint:
    """The rung the student reaches now. ``text`` is the pack's hint, given as written; when it
    is None the tutor must be asked for this rung (``rung.instruction`` goes in the brief)."""

    rung: Rung
    text: str | None

    @property
    def authored(self) -> bool:
        return self.text is not None

    def asking(self, lang: str) -> str:
        """The student's turn that asks the tutor for this hint (stored with the session)."""
        if lang == "ko":
            return f"힌트 주세요 — {TOP_RUNG}단계 중 {self.rung.number}단계: {self.rung.name('ko')}"
        return f"A hint, please — rung {self.rung.number} of {TOP_RUNG}: {self.rung.name('en')}"


def next_hint(
    problem_id: str,
    authored: AuthoredHints,
    given: list[HintRecord],
    latest_run: RunRecord | None,
    code_hash: str | None,
    lang: str,
) -> NextHint:
    """The next rung, if it is open: the first always is; each later one once the student
    has run their code again or changed it since the last hint. Raises HintNotOpen."""
    last = given[-1] if given else None
    number = (max(h.rung for h in given) + 1) if given else 1
    if number > TOP_RUNG:
        raise HintNotOpen(
            f"you have had all {TOP_RUNG} hints for this problem — talk it through with the"
            f" tutor: `tutor practice ask {problem_id} TEXT`"
        )
    rung = RUNGS[number]
    if last is not None:
        ran = latest_run is not None and latest_run.id != last.last_run_id
        edited = code_hash is not None and code_hash != last.code_hash
        if not (ran or edited):
            raise HintNotOpen(
                f"the next hint (rung {number} of {TOP_RUNG}: {rung.name('en')}) opens after you"
                " run your code or change it — try what the last hint said first, then"
                f" `tutor practice run {problem_id}`"
            )
    return NextHint(rung, authored.text(number, lang))
