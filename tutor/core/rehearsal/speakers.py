"""Who speaks for the student in a case: its script, or a model playing a shipped student."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from tutor.core.errors import EndpointError
from tutor.core.rehearsal.asking import ask
from tutor.core.rehearsal.spec import Case
from tutor.core.rehearsal.students import STUDENTS

if TYPE_CHECKING:
    from tutor.core.endpoint.client import ModelClient

STUDENT_MAX_TOKENS = 400
STUDENT_PARAMS = {"temperature": 0.8}
SEEN_MESSAGES = 8  # the simulated student remembers this many recent messages
SEEN_CHARS = 3000  # of each tutor reply, the student reads this much
ATTEMPTS = 3  # a student model that writes nothing is asked again, at most this often
KICK_OFF = "(The chat with your tutor has just opened. Write your first message to the tutor.)"


class Speaker(Protocol):
    """Says the student's message for each turn, given the conversation so far."""

    tokens: int

    async def say(self, turn: int, said: list[str], replies: list[str]) -> str: ...


class ScriptedSpeaker:
    """The case's ``student:`` turns, in order."""

    def __init__(self, lines: tuple[str, ...]) -> None:
        self.lines = lines
        self.tokens = 0

    async def say(self, turn: int, said: list[str], replies: list[str]) -> str:
        return self.lines[turn - 1]


class SimulatedSpeaker:
    """A model playing one of the shipped student personas.

    It sees the tutor's replies as the other side of the chat and its own messages as its
    own, so the request alternates as every chat template wants: system, the kick-off, then
    its messages and the tutor's replies; only the newest ``SEEN_MESSAGES`` are sent.
    """

    def __init__(
        self,
        client: ModelClient,
        student: str,
        *,
        opening: str | None = None,
        statement: str | None = None,
        seed: int | None = None,
    ) -> None:
        self.client = client
        self.persona = STUDENTS[student]
        self.opening = opening
        self.params: dict[str, object] = dict(STUDENT_PARAMS)
        if seed is not None:
            self.params["seed"] = seed
        self.system = self.persona.system(statement)
        self.tokens = 0

    def messages(self, said: list[str], replies: list[str]) -> list[dict[str, str]]:
        history: list[dict[str, str]] = []
        for own, reply in zip(said, replies, strict=False):
            history.append({"role": "assistant", "content": own})
            history.append({"role": "user", "content": reply[:SEEN_CHARS]})
        recent = history[-SEEN_MESSAGES:]
        opener = [] if recent and recent[0]["role"] == "user" else [_kick_off()]
        return [{"role": "system", "content": self.system}, *opener, *recent]

    async def say(self, turn: int, said: list[str], replies: list[str]) -> str:
        if turn == 1 and self.opening:
            return self.opening
        request = self.messages(said, replies)
        for _ in range(ATTEMPTS):
            answer = await ask(
                self.client, request, max_tokens=STUDENT_MAX_TOKENS, params=self.params
            )
            self.tokens += answer.tokens
            if answer.text.strip():
                return answer.text.strip()
        raise EndpointError(
            f"the simulated student ({self.persona.id}, model {self.client.spec.model}) wrote "
            f"nothing {ATTEMPTS} times at turn {turn} — try another model with --judge"
        )


def _kick_off() -> dict[str, str]:
    return {"role": "user", "content": KICK_OFF}


def speaker_for(case: Case, client: ModelClient, statement: str | None) -> Speaker:
    """The speaker a case asks for; ``client`` plays simulated students."""
    if case.simulate is None:
        return ScriptedSpeaker(case.student)
    simulation = case.simulate
    return SimulatedSpeaker(
        client,
        simulation.student,
        opening=simulation.opening,
        statement=statement,
        seed=simulation.seed,
    )
