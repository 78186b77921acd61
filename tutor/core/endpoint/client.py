"""The streaming client: one chat request over the official SDK, with typed failures and retries."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from tutor.core.endpoint import failures
from tutor.core.endpoint.chunks import ChunkReader, StreamFailed
from tutor.core.endpoint.events import ReplyEnd, ReplyText, Retrying, StreamEvent, Usage
from tutor.core.endpoint.routes import ServerRoutes
from tutor.core.endpoint.spec import EndpointSpec
from tutor.core.errors import (
    EndpointError,
    ModelNotFound,
    RateLimited,
    ServerFailed,
    StreamStalled,
)

if TYPE_CHECKING:
    from openai import AsyncOpenAI

RETRY_DELAYS = (0.5, 1.5, 4.0)  # backoff before the first token only
MAX_RETRY_AFTER = 30.0  # a longer Retry-After is reported instead of waited out
SAMPLE_CHUNK: dict[str, Any] = {  # a streamed chunk as servers send it (for ``prepare``)
    "id": "chatcmpl-0",
    "object": "chat.completion.chunk",
    "created": 0,
    "model": "model",
    "choices": [{"index": 0, "delta": {"role": "assistant", "content": "Hi"}}],
    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
}


class ModelClient(ServerRoutes):
    """Talks to one endpoint through ``openai.AsyncOpenAI`` (imported on first use).

    Streaming lives here; listing models and the servers' own routes in ``ServerRoutes``.
    """

    def __init__(
        self, spec: EndpointSpec, *, usage_in_stream: bool = True, fold_roles: bool = False
    ) -> None:
        self.spec = spec
        self.usage_in_stream = usage_in_stream
        self.fold_roles = fold_roles  # the model's template takes only user/assistant turns
        self._sdk: AsyncOpenAI | None = None
        self._making = threading.Lock()  # ``prepare`` may build the SDK client in a thread

    @property
    def sdk(self) -> AsyncOpenAI:
        if self._sdk is None:
            with self._making:
                if self._sdk is None:
                    self._sdk = self._new_sdk()
        return self._sdk

    def _new_sdk(self) -> AsyncOpenAI:
        from openai import AsyncOpenAI

        limit = max(self.spec.timeout, self.spec.stall_timeout) + 5
        return AsyncOpenAI(
            api_key=self.spec.api_key,
            base_url=self.spec.base_url,
            default_headers=self.spec.headers or None,
            max_retries=0,
            timeout=limit,
        )

    def prepare(self) -> None:
        """Do now, in a thread, what the first request would otherwise do while the student
        waits (≈0.1–0.3 s): build the SDK client (its HTTP client and TLS context), import its
        chat resource, and build the chunk model its stream is parsed into. Blocking."""
        from openai.types.chat import ChatCompletionChunk

        _ = self.sdk.chat.completions
        ChatCompletionChunk.construct(**SAMPLE_CHUNK)

    async def aclose(self) -> None:
        if self._sdk is not None:
            await self._sdk.close()

    def map_error(self, exc: BaseException, *, streaming: bool) -> EndpointError:
        """Any exception from the SDK or the network as one of our typed errors (keyless)."""
        return failures.without_key(self._typed(exc, streaming=streaming), self.spec)

    def _typed(self, exc: BaseException, *, streaming: bool) -> EndpointError:
        import openai

        if isinstance(exc, EndpointError):
            return exc
        if isinstance(exc, openai.APIStatusError):
            body = exc.body if exc.body is not None else _json_or_text(exc.response)
            return failures.status_error(self.spec, exc.status_code, body, exc.response.headers)
        if isinstance(exc, openai.APIConnectionError) or _is_transport(exc):
            return failures.network_error(self.spec, exc, streaming=streaming)
        if isinstance(exc, openai.APIError | StreamFailed):  # an error object inside the stream
            overflow = failures.overflow_from(exc.body, exc.message)
            return overflow or failures.status_error(self.spec, 500, exc.body, None)
        if isinstance(exc, ValueError):  # json.JSONDecodeError and pydantic's errors
            return failures.malformed(self.spec, str(exc))
        return failures.network_error(self.spec, exc, streaming=streaming)

    async def stream(
        self, messages: list[dict[str, str]], *, max_tokens: int, params: dict[str, Any]
    ) -> AsyncIterator[StreamEvent]:
        """Stream one reply; retry retryable failures until the first token, then never."""
        attempt = 0
        while True:
            got_text = False
            try:
                async for event in self._attempt(messages, max_tokens, params):
                    got_text = got_text or isinstance(event, ReplyText)
                    yield event
                return
            except EndpointError as error:
                delay = self._retry_delay(error, attempt) if not got_text else None
                if delay is None:
                    raise
                attempt += 1
                yield Retrying(error, delay, attempt)
                await asyncio.sleep(delay)

    def _retry_delay(self, error: EndpointError, attempt: int) -> float | None:
        if not error.retryable or attempt >= min(len(RETRY_DELAYS), error.attempts_more):
            return None
        if isinstance(error, RateLimited) and error.retry_after is not None:
            return error.retry_after if error.retry_after <= MAX_RETRY_AFTER else None
        return RETRY_DELAYS[attempt]

    async def _attempt(
        self, messages: list[dict[str, str]], max_tokens: int, params: dict[str, Any]
    ) -> AsyncIterator[StreamEvent]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.spec.timeout
        request: dict[str, Any] = {**params, "max_tokens": max_tokens}
        try:
            async with asyncio.timeout_at(deadline):
                response = await self._open(messages, request)
        except TimeoutError:
            raise failures.network_error(self.spec, TimeoutError(), streaming=False) from None
        except Exception as exc:
            raise await self._explained(self.map_error(exc, streaming=False)) from None
        body = response.iter_bytes().__aiter__()
        reader = ChunkReader()
        finish: str | None = None
        usage: Usage | None = None
        started = False
        ended = False
        try:
            while not ended:  # to the body's end, past [DONE]: the connection is kept for reuse
                try:  # the clock runs while waiting for bytes, never while they are used
                    async with asyncio.timeout_at(deadline):
                        piece = await body.__anext__()
                except StopAsyncIteration:
                    chunks, ended = reader.end(), True
                except TimeoutError:
                    raise self._stalled(started) from None
                else:
                    deadline = loop.time() + self.spec.stall_timeout
                    chunks = reader.feed(piece)
                for chunk in chunks:
                    if chunk.usage is not None:
                        usage = Usage(*chunk.usage)
                    for text in chunk.texts:
                        started = True
                        yield ReplyText(text)
                    finish = chunk.finish_reason or finish
        except EndpointError:
            raise
        except Exception as exc:
            raise self.map_error(exc, streaming=started) from None
        finally:
            await response.close()
        if finish is None and not started:
            raise await self._why_empty(messages, request)
        yield ReplyEnd(finish, usage)

    async def _why_empty(
        self, messages: list[dict[str, str]], request: dict[str, Any]
    ) -> EndpointError:
        """The stream ended before its first word: ask once more without streaming, so the
        server can say what is wrong (llama-cpp-python's server answers a too-long prompt with
        ``200`` and an empty stream, and says "maximum context length" only when not streaming).
        """
        try:
            await self._ask_briefly(messages, request)
        except TimeoutError:
            return failures.network_error(self.spec, TimeoutError(), streaming=False)
        except Exception as exc:
            return await self._explained(self.map_error(exc, streaming=False))
        return ServerFailed(
            f"{self.spec.base_url} ended the reply before it began (an empty stream) — try again "
            "in a moment; `tutor doctor` checks the endpoint"
        )

    async def _ask_briefly(self, messages: list[dict[str, str]], request: dict[str, Any]) -> Any:
        """The same request, not streamed, for one token: the server's own error or usage."""
        create: Any = self.sdk.chat.completions.create
        messages = self._shaped(messages)
        async with asyncio.timeout(self.spec.timeout):
            return await create(
                model=self._model(), messages=messages, stream=False, **{**request, "max_tokens": 1}
            )

    async def prompt_tokens_of(self, messages: list[dict[str, str]]) -> int | None:
        """What the server counts for ``messages`` as a prompt (a one-token, unstreamed request).

        For servers that stream no usage: tutor learns their chat template's overhead so.
        """
        try:
            response = await self._ask_briefly(messages, {})
        except Exception:  # best effort: calibration simply waits for another chance
            return None
        usage = getattr(response, "usage", None)
        count = getattr(usage, "prompt_tokens", None)
        return count if isinstance(count, int) and count > 0 else None

    async def _open(self, messages: list[dict[str, str]], request: dict[str, Any]) -> Any:
        """Send the streamed request; the SDK's streaming response, its body not read yet
        (see ``chunks``: read here, not parsed into a model per chunk)."""
        import openai

        streaming: Any = self.sdk.chat.completions.with_streaming_response

        async def create(**arguments: Any) -> Any:
            return await streaming.create(**arguments).__aenter__()

        messages = self._shaped(messages)
        if not self.usage_in_stream:
            return await create(model=self._model(), messages=messages, stream=True, **request)
        try:
            return await create(
                model=self._model(),
                messages=messages,
                stream=True,
                stream_options={"include_usage": True},
                **request,
            )
        except openai.BadRequestError as exc:
            if "stream_options" not in str(exc.message) and "include_usage" not in str(exc.message):
                raise
            self.usage_in_stream = False  # an older server: ask again without it
            return await create(model=self._model(), messages=messages, stream=True, **request)

    def _shaped(self, messages: list[dict[str, str]]) -> list[dict[str, str]]:
        """The messages as this model's template takes them (see ``tutor.core.turn.roles``)."""
        if not self.fold_roles:
            return messages
        from tutor.core.turn.roles import fold_roles

        return fold_roles(messages)

    def _model(self) -> str:
        if not self.spec.model:
            raise ModelNotFound(
                f"no model chosen for {self.spec.base_url} — pass --model or set 'model' in the "
                "config"
            )
        return self.spec.model

    def _stalled(self, started: bool) -> EndpointError:
        if not started:
            return failures.network_error(self.spec, TimeoutError(), streaming=False)
        return StreamStalled(
            f"the reply stalled: no data for {failures.seconds(self.spec.stall_timeout)} — the "
            "partial reply is kept; retry, or raise stall_timeout for this endpoint"
        )

    async def _explained(self, error: EndpointError) -> EndpointError:
        """A 404 for the model gets the list of models the server does have — or, when the
        server lists the model yet refused it, says exactly that."""
        if isinstance(error, ModelNotFound):
            try:
                models = await self.model_ids()
            except EndpointError:
                return error
            if self.spec.model in models:
                said = failures.without_key(ModelNotFound(error.said or "not found"), self.spec)
                return ModelNotFound(
                    f"{self.spec.base_url} lists model '{self.spec.model}' but refused to use "
                    f"it (404: {said}) — it may still be loading, or your key may not be "
                    "allowed to use it; try again, or pick another with --model (`tutor models` "
                    "lists them)",
                    models,
                    str(said),
                )
            listed = ", ".join(models[:12]) + (" …" if len(models) > 12 else "")
            return ModelNotFound(
                f"model '{self.spec.model}' is not on {self.spec.base_url} — available: "
                f"{listed or 'none listed'} (use --model or set 'model' in the config)",
                models,
            )
        return error


def _json_or_text(response: Any) -> Any:
    try:
        return json.loads(response.text)
    except Exception:
        return getattr(response, "text", "")


def _is_transport(exc: BaseException) -> bool:
    module = type(exc).__module__.split(".")[0]
    return module in {"httpx", "httpx2", "httpcore", "httpcore2", "anyio"} or isinstance(
        exc, OSError
    )


__all__ = ["ModelClient", "ReplyEnd", "ReplyText", "Retrying", "StreamEvent", "Usage"]
