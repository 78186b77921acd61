"""Everything a command or the app opens: the config, personas, store, learned facts, endpoint."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from tutor.core.budget.facts import EndpointFacts
from tutor.core.config import paths
from tutor.core.config.file import Config, load_config
from tutor.core.endpoint import probe
from tutor.core.endpoint.spec import (
    EndpointSpec,
    chosen_by_user,
    from_config,
    from_environment,
    nothing_found,
    resume_on,
)
from tutor.core.errors import ModelNotFound, UsageError

if TYPE_CHECKING:
    from tutor.core.endpoint.client import ModelClient
    from tutor.core.personas import PersonaLibrary
    from tutor.core.store import SessionInfo, Store, StoredMessage
    from tutor.core.turn.conversation import Conversation


class Workspace:
    """Opens each part on first use, so a command pays only for what it touches."""

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or load_config()

    @cached_property
    def store(self) -> Store:
        from tutor.core.store import Store

        return Store.open(paths.store_file())

    @cached_property
    def personas(self) -> PersonaLibrary:
        from tutor.core.personas import PersonaLibrary

        return PersonaLibrary.load()

    def use_personas(self, library: PersonaLibrary) -> None:
        """Use persona files read again (one was edited on disk)."""
        self.__dict__["personas"] = library

    @cached_property
    def facts(self) -> EndpointFacts:
        return EndpointFacts()

    def close(self) -> None:
        if "store" in self.__dict__:
            self.store.close()

    async def find_endpoint(self, choice: str | None = None) -> EndpointSpec:
        """--endpoint (a name or URL), else the config's, else the environment's, else a probe."""
        spec = chosen_by_user(self.config, choice) or from_environment()
        if spec is None:
            spec = await probe.find_local_server()
        if spec is None:
            raise nothing_found(self.config, probe.described())
        return spec

    async def endpoint(
        self,
        choice: str | None = None,
        model: str | None = None,
        *,
        fallback_model: str | None = None,
    ) -> EndpointSpec:
        """The endpoint to use and its model: --endpoint/--model, config, env, or a local probe.

        The model is ``model``, else the endpoint's own, else ``fallback_model`` (a persona's
        preference), else the first model the server lists.
        """
        spec = await self.find_endpoint(choice)
        return await self._with_model(spec, model or spec.model or fallback_model)

    async def judge_endpoint(
        self, choice: str | None = None, model: str | None = None
    ) -> EndpointSpec | None:
        """The judge's endpoint: ``choice`` (a flag's name or URL), else the config's
        ``judge_endpoint`` — its model ``model``, else ``judge_model``, else the endpoint's own,
        else the first the server lists. None: neither names one (the caller's endpoint judges).
        """
        if choice:
            return await self.endpoint(choice, model)
        name = self.config.judge_endpoint
        if name is None:
            return None
        spec = from_config(self.config.endpoints[name])
        return await self._with_model(spec, model or self.config.judge_model or spec.model)

    async def session_endpoint(
        self, session: SessionInfo, model: str | None = None, *, fallback_model: str | None = None
    ) -> EndpointSpec:
        """The endpoint a stored session goes on with: the configured endpoint it names (with
        its model), else the default one — ``spec.note`` then says so (see ``resume_on``)."""
        named = self.config.endpoints.get(session.endpoint)
        found = from_config(named) if named else await self.find_endpoint(None)
        spec = resume_on(self.config, found, session)
        return await self._with_model(spec, model or spec.model or fallback_model)

    async def _with_model(self, spec: EndpointSpec, chosen: str | None) -> EndpointSpec:
        if chosen:
            return spec.with_model(chosen)
        from tutor.core.endpoint.client import ModelClient

        client = ModelClient(spec)
        try:
            models = await client.model_ids()
        finally:
            await client.aclose()
        if not models:
            raise ModelNotFound(
                f"{spec.base_url} lists no models — load one on the server, or pass --model"
            )
        return spec.with_model(models[0])

    def client(self, spec: EndpointSpec) -> ModelClient:
        from tutor.core.endpoint.client import ModelClient

        usage_ok = (
            self.facts.get(self.facts.key(spec.base_url, None)).get("no_stream_usage") is None
        )
        return ModelClient(spec, usage_in_stream=usage_ok)

    def session(self, session_id: int | None, *, latest: bool = False) -> SessionInfo | None:
        """The session named by ``--session ID`` or ``--continue``; None means start a new one."""
        if session_id is not None:
            return self.store.get_session(session_id)
        if latest:
            found = self.store.latest_session()
            if found is None:
                raise UsageError("there is no session to continue yet — start one with `tutor ask`")
            return found
        return None

    def conversation(
        self,
        session: SessionInfo,
        client: ModelClient,
        *,
        count_always: bool = True,
        history: list[StoredMessage] | None = None,
    ) -> Conversation:
        from tutor.core.turn.conversation import Conversation

        persona = self.personas.get(session.persona)
        return Conversation(
            store=self.store,
            session=session,
            persona=persona,
            client=client,
            facts=self.facts,
            count_always=count_always,
            history=history,
        )
