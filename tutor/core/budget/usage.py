"""After a reply: its usage (from the server, or counted exactly by tutor) and calibration."""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from tutor.core.endpoint.events import Usage

if TYPE_CHECKING:
    from tutor.core.budget.sizing import RequestSizer, SizedPlan
    from tutor.core.endpoint.client import ModelClient


async def settle_usage(
    sizer: RequestSizer,
    client: ModelClient,
    sized: SizedPlan,
    usage: Usage | None,
    reply: str,
    *,
    recount: Callable[[], Awaitable[SizedPlan]],
) -> tuple[Usage | None, str]:
    """The reply's usage and who counted it: "server", "tutor" or "none".

    A server that streams no usage (llama-cpp-python) but tokenizes for us gets exact
    counts anyway: its template overhead is learned once with two one-token requests.
    ``recount`` sizes the request again with counting (when bytes alone had proved it fit).
    """
    if usage is not None and usage.prompt_tokens:
        return usage, "server"
    counter = await sizer.counter()
    if not counter.key.startswith("server:"):
        return usage, "none"
    if not sized.counted:
        sized = await recount()
    from tutor.core.budget.calibration import calibrate_by_probing

    calibrator = sizer.calibrator(counter)
    if calibrator.current().samples < 2:
        await calibrate_by_probing(client, counter, calibrator)
    cal = calibrator.current()
    if cal.samples < 2:
        return usage, "none"
    messages = len(sized.plan.messages)
    prompt = math.ceil(sized.content_tokens + cal.overhead * messages + cal.priming)
    completion = await sizer.count_text(reply)
    return Usage(prompt, completion), "tutor"


async def calibrate(sizer: RequestSizer, sized: SizedPlan, usage: Usage | None) -> str | None:
    """Compare the server's prompt count with the estimate; a warning if it saw far less."""
    if not sized.counted or usage is None or not usage.prompt_tokens:
        return None
    counter = await sizer.counter()
    return sizer.calibrator(counter).observe(
        content_tokens=sized.content_tokens,
        messages=len(sized.plan.messages),
        estimate=sized.plan.prompt_tokens,
        server_prompt_tokens=usage.prompt_tokens,
        exact_content=counter.exact,
    )
