"""The practice desk (no Textual): one problem's practice session on the session desk's endpoint
and model — the newest session tied to the problem, or a new one with the coach persona, stored
(and tied) when its first message is sent. The brief is built here, never stored.

It is a :class:`Desk` for the chat pane's sake. It shares the session desk's client and never
closes it; a session that goes on with another model gets a client of its own, closed here, and
so does the config's judge endpoint, once a persona with the judge on needs it.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from tutor.core.errors import TutorError
from tutor.core.practice.coaching import PRACTICE_PERSONA
from tutor.ui.session.desk import DRAFT_SESSION_ID, Desk

if TYPE_CHECKING:
    from tutor.core.endpoint.client import ModelClient
    from tutor.core.endpoint.spec import EndpointSpec
    from tutor.core.practice.ladder import NextHint
    from tutor.core.practice.problem import Problem
    from tutor.core.practice.work import StudentCode
    from tutor.core.store import SessionInfo
    from tutor.core.turn.conversation import Conversation

TITLE_WORD = {"en": "Practice", "ko": "연습"}


class PracticeDesk(Desk):
    """The conversation about ``problem`` (``open`` sets it)."""

    guard_note: str | None = None  # why the guard runs no code here, when it cannot
    sending: str | None = None  # the student's message being sent: theirs, like the history

    def __init__(self, desk: Desk, lang: str) -> None:
        super().__init__(desk.workspace)
        self.found, self.spec, self.client = desk.found, desk.spec, desk.client
        self.lang = lang
        self.problem: Problem | None = None
        self.digest = ""  # the hash of the problem's files, kept with its session
        self.changed_note: str | None = None  # said once: the files changed since last time
        self._own: ModelClient | None = None
        self._judge: ModelClient | None = None  # the config's judge endpoint, once needed
        self._judge_trouble: str | None = None  # why it cannot be used, said with the guard
        self._briefs = 0  # briefs begun; only the newest is attached

    async def _use(self, spec: EndpointSpec) -> None:
        if self.client is not None and self.client.spec == spec:
            return
        if self._own is not None:
            await self._own.aclose()
        self.spec = spec
        self.client = self._own = self.workspace.client(spec)

    async def open(self, problem: Problem) -> Conversation:
        """The problem's practice session (a new draft when it has none)."""
        from tutor.core.practice.folder import files_hash

        store = self.store
        self.problem = problem
        self.digest = await asyncio.to_thread(files_hash, problem.folder)
        session = await store.later(store.practice_session, problem.id)
        self.changed_note = None
        if session is None:
            return await self.new_session(PRACTICE_PERSONA)
        if session.problem_hash and session.problem_hash != self.digest:
            self.changed_note = "the problem's files changed since this session last practised it"
        return await self.open_session(session.id)

    async def store_draft(self) -> SessionInfo:
        """The first message: the session gets its row, titled for the problem, and is tied
        to it (the problem's id and files' hash)."""
        conv, store = self.conversation, self.store
        assert conv is not None and self.spec is not None and self.problem is not None
        if conv.session.id == DRAFT_SESSION_ID:
            title = f"{TITLE_WORD.get(self.lang, 'Practice')}: {self.problem.title(self.lang)}"
            conv.session = await store.later(
                store.create_session,
                self.persona_id,
                self.spec.name,
                self.spec.model or "",
                title=title,
                variables=self.variables,
            )
        if conv.session.problem_hash != self.digest or conv.session.problem_id != self.problem.id:
            conv.session = await store.later(
                store.tie_session, conv.session.id, self.problem.id, self.digest
            )
        return conv.session

    async def brief(self, code: StudentCode | None, requested: NextHint | None = None) -> int:
        """Build the brief for the next turn (statement, tests, the reference, ``code``, the
        latest run, hints) and attach it; returns its length in characters."""
        from tutor.core.practice.coaching import build_brief

        conv, problem = self.conversation, self.problem
        if conv is None or problem is None:
            return 0
        self._briefs += 1
        this = self._briefs  # a brief begun later wins, whichever finishes first
        text = await asyncio.to_thread(
            build_brief, problem, self.store, lang=self.lang, code=code, requested=requested
        )
        judge = await self._judge_for(conv)
        shield = await asyncio.to_thread(self._guard, conv, problem, code, judge)
        if self.conversation is conv and this == self._briefs:  # the newest, same conversation
            conv.set_brief(text)
            conv.set_guard(shield.check)
            notes = [shield.note, self._judge_trouble if conv.persona.judged else None]
            self.guard_note = "; ".join(n for n in notes if n) or None
        return len(text)

    async def _judge_for(self, conv: Conversation) -> ModelClient | None:
        """Who answers the judge: the config's judge endpoint (its client made once), else the
        session's client; None when the persona has the judge off, or the configured judge
        endpoint cannot be used (``guard_note`` says why)."""
        from tutor.core.practice.guarding import judge_client

        if not conv.persona.judged:
            return None
        if self._judge is None and self._judge_trouble is None:
            try:
                self._judge = await judge_client(self.workspace, conv.persona)
            except TutorError as error:
                name = self.workspace.config.judge_endpoint
                self._judge_trouble = f"the judge is off: endpoint '{name}' — {error}"
        if self._judge_trouble is not None:
            return None
        return self._judge or conv.client

    def _guard(
        self,
        conv: Conversation,
        problem: Problem,
        code: StudentCode | None,
        judge: ModelClient | None,
    ) -> Any:
        """The answer-leak guard for this session: the student's file and messages (the one
        being sent too) are theirs; ``judge`` answers the judge (None: no judge)."""
        from tutor.core.practice.guarding import practice_guard

        mine = [m.content for m in conv.history if m.role == "user"]
        if self.sending is not None:
            mine.append(self.sending)
        own = [code.text] if code is not None else []
        return practice_guard(problem, conv.persona, student_code=own + mine, client=judge)

    async def aclose(self) -> None:
        """Close the client of its own, if it made one; the shared one stays open."""
        if self._own is not None:
            await self._own.aclose()
            self._own = None
        if self._judge is not None:
            await self._judge.aclose()
            self._judge = None
