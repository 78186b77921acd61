"""Plays one case: its own throwaway conversation with the persona, turn by turn, checked.

Each attempt talks to the tutor through a real :class:`Conversation` — the same request
building, window fitting and streaming as a session — but over a store in memory, so trial
turns never become sessions. A practice problem's brief is attached as in practice sessions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tutor.core.endpoint.events import ReplyText
from tutor.core.rehearsal.examine import Examiner, Moment
from tutor.core.rehearsal.judge import Judge
from tutor.core.rehearsal.leaks import CaseProblem, load_problem
from tutor.core.rehearsal.reading import code_of, read
from tutor.core.rehearsal.results import CaseResult, TurnResult
from tutor.core.rehearsal.speakers import speaker_for
from tutor.core.rehearsal.spec import Case
from tutor.core.rehearsal.students import STUDENTS
from tutor.core.turn.events import Notice, ReplyDone, ReplyFailed

if TYPE_CHECKING:
    from tutor.core.budget.facts import EndpointFacts
    from tutor.core.endpoint.client import ModelClient
    from tutor.core.personas import Persona


@dataclass
class Stage:
    """What every case of a run shares: the persona, the tutor's endpoint, the judge's (which
    also plays simulated students), learned endpoint facts and the cases' problems."""

    persona: Persona
    tutor: ModelClient
    judge: Judge
    endpoint: str
    facts: EndpointFacts | None = None
    problems: dict[tuple[str, str], CaseProblem] = field(default_factory=dict)

    def problem(self, case: Case) -> CaseProblem | None:
        """The case's problem, loaded once per language (its brief is in the student's)."""
        if case.problem is None:
            return None
        key = (case.problem, student_language(case))
        if key not in self.problems:
            self.problems[key] = load_problem(*key)
        return self.problems[key]


def student_language(case: Case) -> str:
    """``ko`` when the case's student writes Korean (a Korean simulated student, or a first
    scripted line that reads as Korean), else ``en``."""
    if case.simulate is not None:
        opening = read(case.simulate.opening).language if case.simulate.opening else None
        return opening or STUDENTS[case.simulate.student].language
    return read(case.student[0]).language or "en" if case.student else "en"


async def play(stage: Stage, case: Case, attempt: int) -> CaseResult:
    """One attempt at ``case``; endpoint failures raise (typed, one line)."""
    from tutor.core.store import IN_MEMORY, Store
    from tutor.core.turn.conversation import Conversation

    problem = stage.problem(case)
    speaker = speaker_for(case, stage.judge.client, problem.statement if problem else None)
    examiner = Examiner(stage.judge)
    result = CaseResult(case.name, attempt, simulated=case.simulate is not None)
    store = Store.open(IN_MEMORY)
    try:
        session = store.create_session(
            stage.persona.id, stage.endpoint, stage.tutor.spec.model or "", variables=case.variables
        )
        conversation = Conversation(
            store=store,
            session=session,
            persona=stage.persona,
            client=stage.tutor,
            facts=stage.facts,
            count_always=False,  # count only when bytes cannot prove the request fits
        )
        if problem is not None:
            conversation.set_brief(problem.brief)
        said: list[str] = []
        replies: list[str] = []
        moment = Moment(student="", student_language=None, problem=problem)
        for turn in range(1, case.replies + 1):
            text = await speaker.say(turn, said, replies)
            said.append(text)
            outcome = TurnResult(turn, text, "")
            async for event in conversation.send(text):
                if isinstance(event, ReplyText):
                    outcome.reply += event.text
                elif isinstance(event, Notice):
                    result.notes.append(event.text)
                elif isinstance(event, ReplyDone):
                    outcome.reply = event.message.content
                    if event.usage is not None:
                        outcome.prompt_tokens = event.usage.prompt_tokens
                        outcome.completion_tokens = event.usage.completion_tokens
                elif isinstance(event, ReplyFailed):
                    raise event.error
            replies.append(outcome.reply)
            moment.student = text
            moment.student_language = read(text).language or moment.student_language
            moment.student_code += code_of(text)
            outcome.checks = await examiner.check_all(case.expected_at(turn), outcome.reply, moment)
            result.turns.append(outcome)
    finally:
        store.close()
        result.student_tokens = speaker.tokens
        result.judge_tokens = examiner.judge_tokens
    return result
