"""What a rehearsal says: the persona it tests, its cases, their students and assertions."""

from __future__ import annotations

from dataclasses import dataclass, field

from tutor.core.rehearsal.assertions import Assertion

PERSONA_KEY = "rehearsals"  # a persona's own cases live under this key of its file


@dataclass(frozen=True)
class Simulation:
    """A model playing the student ``student`` (a shipped student persona) for ``turns``
    tutor replies; ``opening`` is their first message when the file gives one; ``seed`` is
    sent with the student model's requests (servers that honour it replay the same student)."""

    student: str
    turns: int
    opening: str | None = None
    seed: int | None = None


@dataclass(frozen=True)
class TurnExpect:
    """Assertions on one tutor reply: ``turn`` counts from 1; -1 is the last reply."""

    turn: int
    expect: tuple[Assertion, ...]


@dataclass(frozen=True)
class Case:
    """One conversation to rehearse: scripted ``student`` turns or a ``simulate``d student,
    an optional practice ``problem``, assertions on every reply and on chosen ones."""

    name: str
    student: tuple[str, ...] = ()
    simulate: Simulation | None = None
    problem: str | None = None
    variables: dict[str, str] = field(default_factory=dict)
    expect: tuple[Assertion, ...] = ()
    turns: tuple[TurnExpect, ...] = ()

    @property
    def replies(self) -> int:
        """How many tutor replies the case asks for."""
        return self.simulate.turns if self.simulate else len(self.student)

    def expected_at(self, turn: int) -> tuple[Assertion, ...]:
        """Every assertion on reply ``turn`` (1-based): the case's own, then the turn's."""
        last = self.replies
        chosen = [
            a
            for t in self.turns
            if t.turn == turn or (t.turn < 0 and last + 1 + t.turn == turn)
            for a in t.expect
        ]
        return (*self.expect, *chosen)


@dataclass(frozen=True)
class Rehearsal:
    """A set of cases for one persona. ``key`` names it in the store so a later run can be
    compared with this one (``persona:file-stem``, or ``persona:(own)`` for a persona's own
    ``rehearsals:`` key); ``source`` is where it was read from, for messages."""

    key: str
    persona: str
    source: str
    cases: tuple[Case, ...]
    description: str = ""
    persona_at: str = ""  # file:line:col of the 'persona:' value, for messages about it
