"""Reads rehearsal cases out of a YAML document, each problem at file:line:col with a fix."""

from __future__ import annotations

import difflib
from dataclasses import replace
from typing import Any

from tutor.core.errors import Problem
from tutor.core.rehearsal.assertions import Assertion, AssertionSyntax, parse
from tutor.core.rehearsal.spec import Case, Simulation, TurnExpect
from tutor.core.rehearsal.students import STUDENTS
from tutor.core.yamldoc.reader import KeyPath, YamlDoc
from tutor.core.yamldoc.words import shown

MAX_TURNS = 50
_CASE_KEYS = ("name", "student", "simulate", "problem", "variables", "expect", "turns")
SIMULATE_KEYS = ("student", "turns", "opening", "seed")
_TURN_KEYS = ("turn", "expect")


class CaseReader:
    """Collects problems while reading; ``cases`` returns what could be read."""

    def __init__(self, doc: YamlDoc) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def say(self, path: KeyPath, message: str, *, key: bool = False) -> None:
        self.problems.append(self.doc.problem(path, message, key=key))

    def known_keys(self, data: dict[str, Any], path: KeyPath, allowed: tuple[str, ...]) -> None:
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
                fix = f"did you mean '{close[0]}'?" if close else f"allowed: {', '.join(allowed)}"
                self.say((*path, key), f"unknown key '{key}' — {fix}", key=True)

    def cases(
        self,
        data: Any,
        path: KeyPath,
        *,
        expect: tuple[Assertion, ...] = (),
        variables: dict[str, str] | None = None,
    ) -> list[Case]:
        """The cases of the list at ``path``; ``expect`` and ``variables`` apply to each."""
        if not isinstance(data, list) or not data:
            self.say(path, "'cases' must be a list of cases, each with 'name:' and 'student:'")
            return []
        found: list[Case] = []
        seen: dict[str, int] = {}
        for i, item in enumerate(data):
            case = self.case(item, (*path, i), expect, variables or {})
            if case is None:
                continue
            if case.name in seen:
                self.say((*path, i, "name"), f"case name '{case.name}' is used twice — rename one")
                continue
            seen[case.name] = i
            found.append(case)
        return found

    def case(
        self, data: Any, path: KeyPath, shared: tuple[Assertion, ...], variables: dict[str, str]
    ) -> Case | None:
        if not isinstance(data, dict):
            self.say(
                path, f"a case must be a mapping with 'name:' and 'student:', got {shown(data)}"
            )
            return None
        before = len(self.problems)
        self.known_keys(data, path, _CASE_KEYS)
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            self.say(path if name is None else (*path, "name"), "a case needs 'name:' (a text)")
        student, simulate = self.students(data, path)
        problem = data.get("problem")
        if problem is not None and (not isinstance(problem, str) or not problem.strip()):
            self.say((*path, "problem"), "'problem' must be a practice problem's id, e.g. pair-sum")
        case = Case(
            name=str(name).strip(),
            student=student,
            simulate=simulate,
            problem=problem if isinstance(problem, str) else None,
            variables={**variables, **self.variables(data.get("variables"), (*path, "variables"))},
            expect=(*shared, *self.assertions(data.get("expect"), (*path, "expect"))),
        )
        case = replace(case, turns=self.turns(data.get("turns"), path, case))
        self.needs_problem(case, path)
        return case if len(self.problems) == before else None

    def students(
        self, data: dict[str, Any], path: KeyPath
    ) -> tuple[tuple[str, ...], Simulation | None]:
        scripted, simulated = data.get("student"), data.get("simulate")
        if scripted is None and simulated is None:
            self.say(path, "a case needs 'student:' (the student's turns) or 'simulate:'")
            return (), None
        if scripted is not None and simulated is not None:
            self.say((*path, "simulate"), "a case has 'student:' or 'simulate:', not both")
            return (), None
        if simulated is not None:
            return (), self.simulation(simulated, (*path, "simulate"))
        turns = [scripted] if isinstance(scripted, str) else scripted
        if not isinstance(turns, list) or not turns:
            self.say((*path, "student"), "'student' must be a text or a list of texts")
            return (), None
        for i, turn in enumerate(turns):
            if not isinstance(turn, str) or not turn.strip():
                where = (*path, "student") if isinstance(scripted, str) else (*path, "student", i)
                self.say(where, f"each student turn must be a non-empty text, got {shown(turn)}")
        if len(turns) > MAX_TURNS:
            self.say((*path, "student"), f"at most {MAX_TURNS} student turns in a case")
        return tuple(t for t in turns if isinstance(t, str)), None

    def simulation(self, data: Any, path: KeyPath) -> Simulation | None:
        if not isinstance(data, dict):
            self.say(
                path, "'simulate' must be a mapping such as {student: insists-on-answer, turns: 4}"
            )
            return None
        self.known_keys(data, path, SIMULATE_KEYS)
        who, turns, opening = data.get("student"), data.get("turns"), data.get("opening")
        if who not in STUDENTS:
            close = difflib.get_close_matches(str(who), list(STUDENTS), n=1, cutoff=0.6)
            fix = f"did you mean '{close[0]}'?" if close else f"choose from {', '.join(STUDENTS)}"
            self.say(
                (*path, "student") if who is not None else path,
                f"no simulated student {shown(who)} — {fix}",
            )
        if isinstance(turns, bool) or not isinstance(turns, int) or not 1 <= turns <= MAX_TURNS:
            self.say(
                (*path, "turns") if turns is not None else path,
                f"'turns' must be a whole number from 1 to {MAX_TURNS}",
            )
        if opening is not None and (not isinstance(opening, str) or not opening.strip()):
            self.say((*path, "opening"), "'opening' must be the student's first message, a text")
        seed = data.get("seed")
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            self.say((*path, "seed"), "'seed' must be a whole number, e.g. 7")
        if who not in STUDENTS or not isinstance(turns, int):
            return None
        return Simulation(
            str(who),
            turns,
            opening if isinstance(opening, str) else None,
            seed if isinstance(seed, int) and not isinstance(seed, bool) else None,
        )

    def variables(self, data: Any, path: KeyPath) -> dict[str, str]:
        if data is None:
            return {}
        if not isinstance(data, dict):
            self.say(path, "'variables' must be a mapping such as {level: first-year student}")
            return {}
        for name, value in data.items():
            if not isinstance(value, str):
                self.say(
                    (*path, name),
                    f"variable '{name}' must be a text, got {shown(value)} — put it in quotes",
                )
        return {str(k): v for k, v in data.items() if isinstance(v, str)}

    def assertions(self, data: Any, path: KeyPath) -> tuple[Assertion, ...]:
        if data is None:
            return ()
        items = data if isinstance(data, list) else [data]
        found = []
        for i, item in enumerate(items):
            try:
                found.append(parse(item))
            except AssertionSyntax as exc:
                where = (*path, i) if isinstance(data, list) else path
                self.say((*where, exc.key) if exc.key else where, str(exc))
        return tuple(found)

    def turns(self, data: Any, path: KeyPath, case: Case) -> tuple[TurnExpect, ...]:
        if data is None:
            return ()
        where = (*path, "turns")
        if not isinstance(data, list):
            self.say(where, "'turns' must be a list such as [{turn: 2, expect: [no-code]}]")
            return ()
        found = []
        for i, item in enumerate(data):
            if not isinstance(item, dict):
                self.say((*where, i), "each entry of 'turns' is {turn: N, expect: [...]}")
                continue
            self.known_keys(item, (*where, i), _TURN_KEYS)
            number = -1 if item.get("turn") == "last" else item.get("turn")
            if isinstance(number, bool) or not isinstance(number, int) or number == 0:
                self.say(
                    (*where, i, "turn") if "turn" in item else (*where, i),
                    "'turn' must be a reply's number (1 = the first) or last (also -1)",
                )
                continue
            if case.replies and abs(number) > case.replies:
                self.say(
                    (*where, i, "turn"),
                    f"turn {number} does not exist: this case has {_replies(case.replies)}",
                )
                continue
            expect = self.assertions(item.get("expect"), (*where, i, "expect"))
            if not expect:
                self.say((*where, i), "this turn has no assertions — add 'expect: [...]'")
            found.append(TurnExpect(number, expect))
        return tuple(found)

    def needs_problem(self, case: Case, path: KeyPath) -> None:
        every = (*case.expect, *(a for t in case.turns for a in t.expect))
        if case.problem is None and any(a.name == "no-leak" for a in every):
            self.say(
                path,
                f"case '{case.name}' checks no-leak but names no problem — add 'problem: ID'"
                " (a leak is measured against its hidden solution)",
            )


def _replies(count: int) -> str:
    return f"{count} tutor repl{'y' if count == 1 else 'ies'}"
