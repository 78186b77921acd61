"""Requests for chat templates that take only user and assistant turns, alternating.

Some models' chat templates refuse a ``system`` message (Gemma: "System role not supported"),
or any message out of user/assistant alternation (Mistral's: "Conversation roles must
alternate"). For those, ``fold_roles`` rewrites a request the way Ollama does for such models:
each system text goes into the student's next turn (the persona's into the first, as the
start of it) or, when no student turn follows (the reminder), at the end of the last one; and
back-to-back turns of one role are joined. Nothing is dropped and the order is kept.
"""

from __future__ import annotations

JOIN = "\n\n"


def fold_roles(messages: list[dict[str, str]]) -> list[dict[str, str]]:
    """The same texts with no system message, user and assistant alternating from the user."""
    folded: list[dict[str, str]] = []
    waiting: list[str] = []  # system texts not placed yet
    for message in messages:
        role, content = message["role"], message["content"]
        if role not in ("user", "assistant"):
            waiting.append(content)
            continue
        if role == "user":
            content, waiting = JOIN.join([*waiting, content]), []
        elif waiting or not folded:  # an assistant turn needs a user turn before it
            _add(folded, "user", JOIN.join(waiting))
            waiting = []
        _add(folded, role, content)
    if waiting:
        _add(folded, "user", JOIN.join(waiting))
    return folded


def _add(folded: list[dict[str, str]], role: str, content: str) -> None:
    if folded and folded[-1]["role"] == role:
        folded[-1] = {"role": role, "content": folded[-1]["content"] + JOIN + content}
    else:
        folded.append({"role": role, "content": content})
