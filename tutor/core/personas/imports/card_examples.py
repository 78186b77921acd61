"""A character card's ``mes_example`` split into example turns.

Conversations are separated by ``<START>``; a turn begins with ``{{user}}:`` (or ``<USER>:``)
for the user and ``{{char}}:`` (or ``<BOT>:``, or the character's name) for the character, and
runs on over the following lines. Lines of one speaker in a row are one turn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_START = re.compile(r"<START>", re.I)


@dataclass
class Conversation:
    """One ``<START>`` block: its turns as (role, text), and what came before any speaker."""

    number: int
    turns: list[tuple[str, str]] = field(default_factory=list)
    unspoken: str = ""


def _speaker(name: str) -> re.Pattern[str]:
    user = r"\{\{\s*user\s*\}\}|<user>"
    char = r"\{\{\s*char\s*\}\}|<bot>|<char>" + (f"|{re.escape(name)}" if name else "")
    return re.compile(rf"^[ \t]*(?:(?P<user>{user})|(?P<char>{char}))[ \t]*:[ \t]?", re.I | re.M)


def conversations(text: str, name: str) -> list[Conversation]:
    """Every conversation in ``text``, numbered from 1, with its turns in order."""
    speaker = _speaker(name)
    found: list[Conversation] = []
    for number, block in enumerate(b for b in _START.split(text) if b.strip()):
        conversation = Conversation(number + 1)
        marks = list(speaker.finditer(block))
        conversation.unspoken = block[: marks[0].start() if marks else len(block)].strip()
        for i, mark in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(block)
            role = "user" if mark.group("user") else "assistant"
            said = block[mark.end() : end].strip()
            if conversation.turns and conversation.turns[-1][0] == role:
                previous = conversation.turns[-1][1]
                conversation.turns[-1] = (role, f"{previous}\n{said}".strip())
            elif said:
                conversation.turns.append((role, said))
        found.append(conversation)
    return found


def pairs(conversation: Conversation) -> tuple[list[tuple[str, str]], list[str]]:
    """The (user, character) turn pairs, and what is left over, in words."""
    kept: list[tuple[str, str]] = []
    left: list[str] = []
    waiting: str | None = None
    for role, said in conversation.turns:  # roles alternate: turns of one speaker are joined
        if role == "user":
            waiting = said
        elif waiting is None:
            left.append("a {{char}} turn that answers no {{user}} turn")
        else:
            kept.append((waiting, said))
            waiting = None
    if waiting is not None:
        left.append("a last {{user}} turn with no reply")
    if conversation.unspoken:
        left.append("text before the first speaker")
    return kept, left
