"""The rubric judge: a model asked a yes/no question about one tutor reply."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tutor.core.rehearsal.asking import Answer, ask

if TYPE_CHECKING:
    from tutor.core.endpoint.client import ModelClient

JUDGE_MAX_TOKENS = 16
JUDGE_PARAMS = {"temperature": 0}

_SYSTEM = (
    "You check one reply that a tutor wrote in a tutoring chat. You are given the student's "
    "last message, the tutor's reply to it, and a question about that reply. Decide the "
    "question about the tutor's reply alone, strictly and literally. Answer with one word: "
    "yes or no."
)
_YES = {"yes", "y", "true", "예", "네"}
_NO = {"no", "n", "false", "아니요", "아니오", "아니"}
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Ruling:
    """The judge's answer: ``verdict`` True for yes, False for no, None for neither."""

    verdict: bool | None
    said: str
    answer: Answer


def messages_for(question: str, student: str, reply: str) -> list[dict[str, str]]:
    """The judge's request for ``question`` about ``reply`` (the answer to ``student``)."""
    body = (
        f"The student's message:\n<<<\n{student.strip()}\n>>>\n\n"
        f"The tutor's reply:\n<<<\n{reply.strip()}\n>>>\n\n"
        f"Question: {question.strip()}\nAnswer yes or no."
    )
    return [{"role": "system", "content": _SYSTEM}, {"role": "user", "content": body}]


def verdict_of(said: str) -> bool | None:
    """yes → True, no → False, from the first yes-or-no word of the answer; else None."""
    for word in _WORD.findall(said.lower()):
        if word in _YES:
            return True
        if word in _NO:
            return False
    return None


class Judge:
    """Asks ``client`` rubric questions; one client for the whole run."""

    def __init__(self, client: ModelClient) -> None:
        self.client = client

    @property
    def model(self) -> str:
        return self.client.spec.model or ""

    async def rule(self, question: str, student: str, reply: str) -> Ruling:
        answer = await ask(
            self.client,
            messages_for(question, student, reply),
            max_tokens=JUDGE_MAX_TOKENS,
            params=JUDGE_PARAMS,
        )
        return Ruling(verdict_of(answer.text), answer.text.strip(), answer)
