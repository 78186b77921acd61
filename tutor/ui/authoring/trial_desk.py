"""The trial's desk (no Textual): the unsaved persona on the session's endpoint and model, its
turns in a store in memory, so they become a session only when the author keeps them.

It is a :class:`Desk` for the chat pane's sake — the pane sends, stores the first message
(``store_draft``), sizes and streams as in a session — but its store is its own and it never
closes the session desk's client.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from tutor.core.store import IN_MEMORY, Store
from tutor.ui.session.desk import DRAFT_SESSION_ID, Desk

if TYPE_CHECKING:
    from tutor.core.personas import Persona
    from tutor.core.store import SessionInfo
    from tutor.core.turn.conversation import Conversation


def trial_variables(persona: Persona) -> dict[str, str]:
    """A variable with no default is sent as its own placeholder (``{{name}}``), as the cost
    counts it: the trial needs no values to start."""
    return {name: f"{{{{{name}}}}}" for name in persona.required_variables()}


class TrialDesk(Desk):
    """A desk whose conversation is a trial of ``persona`` (changed by ``use``)."""

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk.workspace)
        self.found, self.spec, self.client = desk.found, desk.spec, desk.client
        self.trial_store = Store.open(IN_MEMORY)

    @property
    def store(self) -> Store:
        return self.trial_store

    def use(self, persona: Persona) -> Conversation:
        """Talk with ``persona`` from the next turn on (a new trial when there is none)."""
        variables = trial_variables(persona)
        self.persona_id, self.variables = persona.id, variables
        conv = self.conversation
        if conv is None:
            return self._start(persona)
        if conv.session.persona != persona.id or conv.session.variables != variables:
            conv.session = replace(conv.session, persona=persona.id, variables=variables)
        conv.use_persona(persona)
        return conv

    def _start(self, persona: Persona) -> Conversation:
        from tutor.core.store import SessionInfo
        from tutor.core.turn.conversation import Conversation

        assert self.spec is not None and self.client is not None, "a connected desk"
        draft = SessionInfo(
            id=DRAFT_SESSION_ID,
            title="",
            persona=persona.id,
            endpoint=self.spec.name,
            model=self.spec.model or "",
            variables=self.variables,
            created_at=0.0,
            updated_at=0.0,
        )
        self.conversation = Conversation(
            store=self.trial_store,
            session=draft,
            persona=persona,
            client=self.client,
            facts=self.workspace.facts,
            history=[],
        )
        return self.conversation

    def restart(self, persona: Persona) -> Conversation:
        """Forget the trial's turns and start again with ``persona``."""
        self.conversation = None
        return self.use(persona)

    async def keep(self) -> SessionInfo:
        """Copy the trial into the session store as a session of its own (it then appears
        in the sidebar like any other); returns that session."""
        from tutor.core.errors import UsageError

        session = self.session
        if session is None:
            raise UsageError("the trial has no turns yet — send a message first")
        trial, kept = self.trial_store, self.workspace.store
        data = await trial.later(trial.export_json, session.id)
        return await kept.later(kept.import_json, data, source="the trial chat")

    def close(self) -> None:
        """Close the trial's store; the client belongs to the session desk and stays open."""
        self.trial_store.close()

    async def aclose(self) -> None:
        self.close()
