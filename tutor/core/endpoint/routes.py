"""The server routes besides chat: the model list, and best-effort GET/POST for discovery."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from tutor.core.endpoint import failures

if TYPE_CHECKING:
    from openai import AsyncOpenAI

    from tutor.core.endpoint.spec import EndpointSpec
    from tutor.core.errors import EndpointError


class ServerRoutes:
    """Mixed into ModelClient: needs ``spec``, ``sdk`` and ``map_error``."""

    spec: EndpointSpec

    @property
    def sdk(self) -> AsyncOpenAI:
        raise NotImplementedError

    def map_error(self, exc: BaseException, *, streaming: bool) -> EndpointError:
        raise NotImplementedError

    async def model_ids(self) -> list[str]:
        """The ids of the models the server lists."""
        return [str(m.get("id")) for m in await self.model_list() if m.get("id")]

    async def model_list(self) -> list[dict[str, Any]]:
        """The raw ``/models`` entries (they carry window sizes on some servers)."""
        try:
            async with asyncio.timeout(self.spec.timeout):
                response = await self.sdk.get("/models", cast_to=object)
        except TimeoutError:
            raise failures.network_error(self.spec, TimeoutError(), streaming=False) from None
        except Exception as exc:
            raise self.map_error(exc, streaming=False) from None
        data = response.get("data") if isinstance(response, dict) else None
        return [m for m in data or [] if isinstance(m, dict)]

    async def fetch_json(self, url: str, body: Any = None, *, seconds: float = 2.0) -> Any:
        """GET (or POST ``body`` to) a server route; None when it is missing or fails."""
        try:
            async with asyncio.timeout(seconds):
                if body is None:
                    return await self.sdk.get(url, cast_to=object)
                return await self.sdk.post(url, body=body, cast_to=object)
        except Exception:  # discovery is best effort: a missing route is an answer too
            return None
