"""Streaming one reply into the store: retries, a folded template, an overflow learned and retried.

``stream_reply`` is the inside of a turn: it takes the request as sized, writes the reply row
while text arrives, and reports everything as events. It ends with ``ReplyDone`` or
``ReplyFailed`` (an endpoint failure, the partial text kept); a cancel marks the row
'cancelled' and re-raises.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from tutor.core.budget.usage import calibrate, settle_usage
from tutor.core.endpoint.client import ReplyEnd, ReplyText, Retrying
from tutor.core.errors import ContextOverflow, EndpointError, RolesRejected
from tutor.core.turn.events import (
    Notice,
    ReplyDone,
    ReplyFailed,
    ReplyWithdrawn,
    RequestSized,
    TurnEvent,
)
from tutor.core.turn.reply_log import ReplyLog

if TYPE_CHECKING:
    from collections.abc import Sequence

    from tutor.core.budget.sizing import SizedPlan
    from tutor.core.turn.conversation import Conversation
    from tutor.core.turn.guarded import ReplyGuard

FOLDED_NOTE = (
    "this model's chat template takes only your turns and the tutor's: the persona's "
    "instructions now go inside your messages (remembered for it)"
)


async def stream_reply(
    conv: Conversation,
    sized: SizedPlan,
    *,
    shield: ReplyGuard | None = None,
    extra: Sequence[dict[str, str]] = (),
) -> AsyncIterator[TurnEvent]:
    """Send ``sized`` (and ``extra`` messages after it) and stream the reply to it, through
    ``shield`` when the session's replies are guarded (see the module docstring)."""
    store, client = conv.store, conv.client
    # The row is begun on the store's thread while the request goes out (nothing waits for
    # it here); every write of the reply is queued after it.
    row = store.submit(store.begin_reply, conv.session.id, conv.model)
    conv.streaming_row = row
    log = ReplyLog(store, row)
    retried_overflow = False
    finish: ReplyEnd | None = None
    try:
        while finish is None:
            try:
                async for event in client.stream(
                    [*sized.plan.messages, *extra], max_tokens=conv.reserve, params=conv.params()
                ):
                    if isinstance(event, ReplyText):
                        for shown in await shield.take(event.text) if shield else [event]:
                            if isinstance(shown, ReplyText):
                                log.add(shown.text)
                            yield shown
                    elif isinstance(event, Retrying):
                        yield Notice(_retry_note(event))
                    else:
                        finish = event
            except RolesRejected:
                if log.text or client.fold_roles:
                    raise
                client.fold_roles = True
                conv.facts.update(conv.model_key, fold_roles=True)
                yield Notice(FOLDED_NOTE)
            except ContextOverflow as overflow:
                if log.text or retried_overflow:
                    raise
                retried_overflow = True
                sized = await conv.shrink(overflow, sized.window)
                yield Notice(
                    f"the server's window is {sized.window.tokens:,} tokens: trimmed the "
                    "request to fit and trying once more"
                )
                yield RequestSized(sized)
        for shown in await shield.finish() if shield else []:
            if isinstance(shown, ReplyText):
                log.add(shown.text)
            elif isinstance(shown, ReplyWithdrawn):
                log.replace(shown.text)
            yield shown
        usage, conv.usage_source = await settle_usage(
            conv.sizer, client, sized, finish.usage, log.text, recount=conv.plan_now
        )
        log.finish(
            "complete",
            finish_reason=finish.finish_reason,
            prompt_tokens=usage.prompt_tokens if usage else None,
            completion_tokens=usage.completion_tokens if usage else None,
        )
        warning = (
            await calibrate(conv.sizer, sized, usage) if conv.usage_source == "server" else None
        )
        if warning:
            yield Notice(warning)
        if not client.usage_in_stream:  # an older server refused stream_options
            conv.facts.update(conv.facts.key(client.spec.base_url, None), no_stream_usage=True)
        conv.last_plan = sized
        reply = await store.later(store.get_message, await asyncio.wrap_future(row))
        yield ReplyDone(reply, finish.finish_reason, usage)
    except EndpointError as error:
        log.finish("error", error=str(error))
        reply = await store.later(store.get_message, await asyncio.wrap_future(row))
        yield ReplyFailed(error, reply)
    except (asyncio.CancelledError, GeneratorExit, KeyboardInterrupt):
        log.finish("cancelled")
        raise
    except BaseException as error:
        log.finish("error", error=str(error) or type(error).__name__)
        raise


def _retry_note(event: Retrying) -> str:
    return f"{event.error} — retrying in {event.delay:.1f} s (attempt {event.attempt + 1})"
