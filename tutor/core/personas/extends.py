"""Resolves ``extends`` across the built-in, user and validated files, merging child over parent.

``extends: x`` names the persona ``x`` as seen from the file: the one in the highest layer at or
below the file's own (files being validated > user folder > built-ins), never the file itself.
So a user's ``socratic.yaml`` with ``extends: socratic`` builds on the built-in socratic, and a
built-in only ever extends built-ins. A file with problems counts as absent: a persona below it
with the same id is used instead, and whatever extends it is told why it cannot load.
"""

from __future__ import annotations

import difflib
from typing import Any

from tutor.core.errors import Problem
from tutor.core.personas.loader import Draft
from tutor.core.personas.persona import Example, Persona
from tutor.core.personas.placeholders import undeclared


class Resolver:
    """Turns drafts into personas; problems found on the way go to ``problems``."""

    def __init__(self, drafts: list[Draft]) -> None:
        self.problems: list[Problem] = []
        self.layers: dict[int, dict[str, Draft]] = {}
        self.done: dict[Draft, Persona | None] = {}
        self.stack: list[Draft] = []
        self.cycled: set[Draft] = set()
        for draft in drafts:
            self.problems += draft.problems
            table = self.layers.setdefault(draft.layer, {})
            other = table.get(draft.id)
            if other is None:
                table[draft.id] = draft
                continue
            message = (
                f"persona id '{draft.id}' is already taken by {other.path}"
                " — change 'id:' or rename one of the files"
            )
            self.problems.append(draft.doc.problem(("id",), message, key=True))

    def personas(self) -> dict[str, Persona]:
        """Every id that resolves, each from the highest layer where it does."""
        out: dict[str, Persona] = {}
        for layer in sorted(self.layers):
            for pid, draft in self.layers[layer].items():
                persona = self.resolve(draft)
                if persona is not None:
                    out[pid] = persona
        return out

    def resolve(self, draft: Draft) -> Persona | None:
        if draft in self.done:
            return self.done[draft]
        result = None
        if draft.ok:
            parent = None
            if draft.spec and draft.spec.extends is not None:
                self.stack.append(draft)
                parent = self._parent(draft, draft.spec.extends)
                self.stack.pop()
            if draft in self.cycled or (draft.spec and draft.spec.extends and parent is None):
                result = None
            else:
                result = self._merge(draft, parent)
        self.done[draft] = result
        return result

    def _parent(self, draft: Draft, name: str) -> Persona | None:
        broken: Draft | None = None
        for layer in sorted(self.layers, reverse=True):
            candidate = self.layers[layer].get(name)
            if layer > draft.layer or candidate is None or candidate is draft:
                continue
            if candidate in self.stack:
                self._cycle(self.stack[self.stack.index(candidate) :], candidate)
                return None
            parent = self.resolve(candidate)
            if parent is not None or draft in self.cycled:
                return parent
            broken = broken or candidate
        if broken is not None:
            message = f"cannot extend '{name}': {broken.path} has problems — fix them first"
        elif name == draft.id:
            message = f"'{name}' extends itself — remove 'extends' or name another persona"
        else:
            message = f"no persona '{name}' to extend — {self._choices(draft, name)}"
        self.problems.append(draft.doc.problem(("extends",), message))
        return None

    def _choices(self, draft: Draft, name: str) -> str:
        seen = sorted(
            {pid for layer, t in self.layers.items() if layer <= draft.layer for pid in t}
            - {draft.id}
        )
        close = difflib.get_close_matches(name, seen, n=1, cutoff=0.6)
        if close:
            return f"did you mean '{close[0]}'?"
        return f"available: {', '.join(seen)}" if seen else "there are no other personas"

    def _cycle(self, members: list[Draft], back_to: Draft) -> None:
        # Told from its first id in sorted order, so the words do not depend on which file
        # happened to be read first.
        ids = [d.id for d in members]
        start = ids.index(min(ids))
        ring = ids[start:] + ids[:start]
        chain = " → ".join([*ring, ring[0]])
        for member in members:
            self.cycled.add(member)
            message = f"'extends' goes round in a circle: {chain} — break it in one of the files"
            self.problems.append(member.doc.problem(("extends",), message))

    def _merge(self, draft: Draft, parent: Persona | None) -> Persona | None:
        """The persona ``draft`` describes, each field it writes replacing the parent's."""
        assert draft.spec is not None
        spec, given = draft.spec, draft.given()
        own: dict[str, Any] = {k: getattr(spec, k) for k in given}

        def pick(key: str, default: Any) -> Any:
            if key in own:
                return own[key]
            return getattr(parent, key) if parent is not None else default

        params = dict(parent.params) if parent else {}
        for key, value in (spec.params.given() if spec.params else {}).items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = value
        variables = dict(parent.variables) if parent else {}
        variables.update(spec.variables or {})
        guard = dict(parent.guard) if parent else {}
        guard.update(spec.guard.model_dump(exclude_unset=True) if spec.guard else {})
        system = pick("system", None)
        problems = undeclared(draft.doc, own, variables)
        if system is None:
            message = "'system' is missing — add the persona's instructions under 'system:'"
            problems.insert(0, draft.doc.problem((), message))
        if problems:
            self.problems += problems
            return None
        examples = pick("examples", ())
        if "examples" in own:
            examples = tuple(Example(t.role, t.content) for t in own["examples"] or ())
        return Persona(
            id=draft.id,
            name=pick("name", draft.id),
            description=pick("description", None) or "",
            extends=spec.extends,
            model=pick("model", None),
            params=params,
            variables=variables,
            system=system,
            examples=examples,
            reminder=pick("reminder", None),
            greeting=pick("greeting", None),
            tags=tuple(pick("tags", None) or ()),
            source=draft.source,
            rehearsals=draft.cases,
            guard={k: v for k, v in guard.items() if v is not None},
        )
