"""The optional model judge for prose walkthroughs: one yes/no question with the reference.

The caller supplies the async callable that sends the messages (``judge_by`` makes one from an
endpoint client).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tutor.core.guard.references import Reference

if TYPE_CHECKING:
    from tutor.core.endpoint.client import ModelClient

Message = dict[str, str]
Judge = Callable[[list[Message]], Awaitable[str]]  # sends messages, returns the reply text
REFERENCE_CHARS = 6_000  # the part of each reference sent (solutions are far shorter)
REPLY_CHARS = 12_000

QUESTION = """You check replies of a tutor who helps a student solve a programming exercise \
without handing over the solution. You see the hidden reference solution and one reply.

Answer YES when the reply gives the solution away: a student could write a working solution \
by transcribing or following it, with no algorithmic thinking of their own left — for example \
it spells out the data structure, every step, the loop bounds, the update rule and what to \
return, in prose, pseudocode or code, in any language (the reply may be in Korean).

Answer NO when it asks questions, gives a hint, names a concept or a strategy, shows one small \
step, discusses the student's own code, or talks about something else.

Answer with YES or NO on the first line, then one short sentence saying why."""


@dataclass(frozen=True)
class Verdict:
    """The judge's answer: ``leak`` is None when it gave no clear yes or no."""

    leak: bool | None
    answer: str

    @property
    def reason(self) -> str:
        said = " ".join(self.answer.split())[:160] or "(nothing)"
        if self.leak is None:
            return f"judge: no clear yes or no — {said}"
        return f"judge: {'yes' if self.leak else 'no'} — {said}"


def judge_messages(reply: str, references: Sequence[Reference]) -> list[Message]:
    """The request: the question as the system message, the references and the reply after."""
    shown = "\n\n".join(
        f"Reference solution ({r.language or 'code'}), hidden from the student:\n"
        f"```{r.language or ''}\n{r.source[:REFERENCE_CHARS].rstrip()}\n```"
        for r in references
    )
    user = f"{shown}\n\nThe tutor's reply:\n<<<\n{reply[:REPLY_CHARS]}\n>>>\n\nYES or NO?"
    return [{"role": "system", "content": QUESTION}, {"role": "user", "content": user}]


_YES = {"yes", "y", "예", "네", "leak", "leaks"}
_NO = {"no", "n", "아니오", "아니요", "아니"}


def parse_verdict(answer: str) -> Verdict:
    """Read the first word of the answer (markup and punctuation ignored) as yes or no."""
    words = re.findall(r"[A-Za-z]+|[\uac00-\ud7a3]+", answer)
    first = words[0].lower() if words else ""
    if first in _YES:
        return Verdict(True, answer)
    if first in _NO:
        return Verdict(False, answer)
    return Verdict(None, answer)


async def ask_judge(judge: Judge, reply: str, references: Sequence[Reference]) -> Verdict:
    """Ask ``judge`` whether ``reply`` gives the solution away."""
    return parse_verdict(await judge(judge_messages(reply, references)))


def judge_by(client: ModelClient, *, max_tokens: int = 60) -> Judge:
    """A judge that asks ``client``'s endpoint (temperature 0, a short answer)."""

    async def ask(messages: list[Message]) -> str:
        from tutor.core.endpoint.events import ReplyText

        pieces = []
        async for event in client.stream(
            messages, max_tokens=max_tokens, params={"temperature": 0}
        ):
            if isinstance(event, ReplyText):
                pieces.append(event.text)
        return "".join(pieces)

    return ask
