"""The student's desk: the workspace, the endpoint and model in use, and the session that is open.

Textual-free, so it can be driven from a test without a screen. A new session is a draft (no
row in the store) until its first message is sent, so opening the app and leaving it does not
leave empty sessions behind.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tutor.core.endpoint.client import ModelClient
    from tutor.core.endpoint.spec import EndpointSpec
    from tutor.core.personas import Persona, PersonaLibrary
    from tutor.core.store import SessionInfo, Store, StoredMessage
    from tutor.core.turn.conversation import Conversation
    from tutor.core.workspace import Workspace

DRAFT_SESSION_ID = 0


class Desk:
    """What the app works with; every method is quick except the ``async`` ones."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.found: EndpointSpec | None = None  # the endpoint as found (its own model)
        self.spec: EndpointSpec | None = None  # the endpoint with the model in use
        self.client: ModelClient | None = None
        self.conversation: Conversation | None = None
        self.persona_id = workspace.config.default_persona
        self.variables: dict[str, Any] = {}
        self.warning: str | None = None  # said when the open session could not be opened as is
        self._models: list[str] | None = None

    @property
    def store(self) -> Store:
        return self.workspace.store

    @property
    def session(self) -> SessionInfo | None:
        """The open session; None while it is a draft (or before the endpoint is known)."""
        conv = self.conversation
        return conv.session if conv and conv.session.id != DRAFT_SESSION_ID else None

    def persona(self, persona_id: str | None = None) -> Persona:
        return self.workspace.personas.get(persona_id or self.persona_id)

    async def connect(self, choice: str | None = None) -> EndpointSpec:
        """Find the endpoint (config, env, local probe) and its model; raises NoEndpoint etc."""
        fallback = self.workspace.personas.personas.get(self.persona_id)
        spec = await self.workspace.endpoint(
            choice, fallback_model=fallback.model if fallback else None
        )
        self.found = spec
        await self._use(spec)
        return spec

    async def _use(self, spec: EndpointSpec) -> None:
        if self.client is not None and self.client.spec == spec:
            return
        if self.client is not None:
            await self.client.aclose()
        self.spec = spec
        self.client = self.workspace.client(spec)

    async def open_session(self, session_id: int) -> Conversation:
        """Resume a stored session with its persona and (on the same endpoint) its model.

        If its persona is gone or broken, the session continues with the default persona and
        ``warning`` says so (the stored session keeps its persona's name).
        """
        from tutor.core.errors import TutorError

        store = self.store
        info = await store.later(store.get_session, session_id)
        history = await store.later(store.messages, session_id)
        self.warning = None
        try:
            self.persona(info.persona).render(info.variables)
        except TutorError as error:
            fallback = self.persona().id
            self.warning = f"{error} — this session goes on with the '{fallback}' persona"
            info = replace(info, persona=fallback, variables={})
        assert self.found is not None, "connect() first"
        from tutor.core.endpoint.spec import resume_on

        spec = resume_on(self.workspace.config, self.found, info)
        await self._use(replace(spec, note=""))
        if spec.note:  # a session from another endpoint (an imported file's) goes on here
            self.warning = f"{self.warning} · {spec.note}" if self.warning else spec.note
        self.persona_id, self.variables = info.persona, dict(info.variables)
        return self._converse(info, history)

    async def new_session(
        self, persona_id: str | None = None, variables: dict[str, Any] | None = None
    ) -> Conversation:
        """A draft session with ``persona_id`` (default: the config's); stored on first send."""
        persona = self.persona(persona_id)
        values = dict(variables or {})
        persona.render(values)  # a missing or unknown variable fails here
        self.persona_id, self.variables = persona.id, values
        if self.found is None:
            raise RuntimeError("connect() first")
        await self._use(self.found)  # a new session: the endpoint's own model, not the last one
        assert self.spec is not None
        now = time.time()
        from tutor.core.store import SessionInfo

        draft = SessionInfo(
            id=DRAFT_SESSION_ID,
            title="",
            persona=persona.id,
            endpoint=self.spec.name,
            model=self.spec.model or "",
            variables=values,
            created_at=now,
            updated_at=now,
        )
        return self._converse(draft, [])

    def _converse(self, info: SessionInfo, history: list[StoredMessage]) -> Conversation:
        assert self.client is not None
        self.conversation = self.workspace.conversation(info, self.client, history=history)
        return self.conversation

    async def reread_session(self) -> None:
        """Read the open session's row again (its title is set by its first message)."""
        conv, store = self.conversation, self.store
        if conv is not None and conv.session.id != DRAFT_SESSION_ID:
            conv.session = await store.later(store.get_session, conv.session.id)

    async def store_draft(self) -> SessionInfo:
        """Give a draft session its row in the store (called just before its first message)."""
        conv, store = self.conversation, self.store
        assert conv is not None and self.spec is not None
        if conv.session.id != DRAFT_SESSION_ID:
            return conv.session
        conv.session = await store.later(
            store.create_session,
            self.persona_id,
            self.spec.name,
            self.spec.model or "",
            variables=self.variables,
        )
        return conv.session

    async def models(self, *, fresh: bool = False) -> list[str]:
        """The models the endpoint lists (asked once and remembered, unless ``fresh``)."""
        if self._models is None or fresh:
            assert self.client is not None
            self._models = await self.client.model_ids()
        return self._models

    async def switch_model(self, model: str) -> Conversation:
        """Use ``model`` for the open session from now on (the session remembers it)."""
        assert self.spec is not None and self.conversation is not None
        await self._use(self.spec.with_model(model))
        old, store = self.conversation, self.store
        info = old.session
        if info.id != DRAFT_SESSION_ID:
            info = await store.later(store.update_session, info.id, model=model)
        else:
            info = replace(info, model=model)
        conv = self._converse(info, old.history)
        conv.set_brief(old.rendered.brief)
        return conv

    def use_personas(self, library: PersonaLibrary) -> list[str]:
        """Use persona files read again (in a thread); the open conversation picks up its
        persona's changes. Quick: no I/O. Returns the problems found, one line each."""
        from tutor.core.errors import TutorError

        self.workspace.use_personas(library)
        problems = [str(p) for p in library.problems]
        conv = self.conversation
        if conv is not None and conv.session.persona in library.personas:
            try:
                conv.use_persona(library.personas[conv.session.persona])
            except TutorError as error:  # e.g. a variable this session set is gone
                problems.append(f"{error} — this session keeps the persona as it was")
        return problems

    async def aclose(self) -> None:
        if self.client is not None:
            await self.client.aclose()
        self.workspace.close()
