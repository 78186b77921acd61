"""Character cards (V1, V2 — and V3 read as V2 — in JSON or a PNG) made into personas.

The system text is the card's ``system_prompt``, ``description``, ``personality`` and
``scenario``; ``first_mes`` is the greeting, ``mes_example`` the examples and
``post_history_instructions`` the reminder. ``{{char}}`` (or ``<BOT>``) becomes the character's
name; ``{{user}}`` (or ``<USER>``) a variable whose default is "the student".
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tutor.core.errors import PersonaImportError
from tutor.core.personas.imports import card_examples
from tutor.core.personas.imports.imported import Imported, described
from tutor.core.personas.imports.png_text import SIGNATURE, card_json
from tutor.core.personas.imports.source import decode
from tutor.core.personas.imports.texts import Braces, id_from
from tutor.core.personas.persona import Example

_KIND = "character card"
SPECS = ("chara_card_v2", "chara_card_v3")
TEXTS: tuple[str, ...] = ("name", "description", "personality", "scenario", "first_mes")
TEXTS += ("mes_example", "creator_notes", "system_prompt", "post_history_instructions")
TEXTS += ("creator", "character_version")
KNOWN = {*TEXTS, "alternate_greetings", "character_book", "tags", "extensions"}
STUDENT = "the student"
_CHAR = re.compile(r"\{\{\s*char\s*\}\}|<bot>", re.I)
_USER = re.compile(r"\{\{\s*user\s*\}\}|<user>", re.I)
_ORIGINAL = re.compile(r"\{\{\s*original\s*\}\}", re.I)
_MACRO = re.compile(r"\{\{([^{}]+)\}\}")  # any chat-app macro, {{time}} or {{random:a,b}}


def looks_like(text: str) -> int:
    """2 for the JSON of a character card, else 0."""
    try:
        card = json.loads(text)
    except ValueError:
        return 0
    if not isinstance(card, dict):
        return 0
    if card.get("spec") in SPECS:
        return 2
    return 2 if "name" in card and {"first_mes", "mes_example", "personality"} & set(card) else 0


def _card(raw: bytes, label: str) -> dict[str, Any]:
    in_png = raw.startswith(SIGNATURE)
    text = card_json(raw, label) if in_png else decode(raw, label)
    try:
        card = json.loads(text)
    except json.JSONDecodeError as exc:
        if in_png:
            message = f"the card in the PNG is not valid JSON: {exc.msg}"
            raise PersonaImportError(label, message) from None
        message = f"not valid JSON: {exc.msg}"
        raise PersonaImportError(label, message, exc.lineno, exc.colno) from None
    if not isinstance(card, dict):
        raise PersonaImportError(label, "a character card is a JSON object of its fields")
    return card


class _Words:
    """Turns the card's texts into persona texts, noting the chat-app macros it keeps as text."""

    def __init__(self, name: str, fields: dict[str, str]) -> None:
        self.name = name
        self.braces = Braces(fields.values())
        self.macros: list[str] = []
        self.user = False

    def __call__(self, text: str) -> str:
        text = _CHAR.sub(lambda _: self.name, text)
        text = _USER.sub("{{user}}", text)
        self.user = self.user or "{{user}}" in text
        self.macros += [m.strip() for m in _MACRO.findall(text) if m.strip() != "user"]
        return self.braces.literal(text, keep={"user"}).strip()


def read(path: Path, raw: bytes, label: str) -> Imported:
    """The persona the card in ``raw`` describes; what it cannot hold is left out."""
    card = _card(raw, label)
    data: Any = card
    prefix = ""
    if card.get("spec") in SPECS or isinstance(card.get("data"), dict):
        data, prefix = card.get("data"), "data."
        if not isinstance(data, dict):
            raise PersonaImportError(label, "'data' must be an object holding the card's fields")
    fields: dict[str, str] = {}
    for key in TEXTS:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise PersonaImportError(label, f"'{prefix}{key}' must be text")
        fields[key] = value or ""
    name = fields["name"].strip()
    if not name:
        raise PersonaImportError(label, f"the card has no '{prefix}name'")
    made = Imported(_KIND, label, id_from(name) or id_from(path.stem), name=name, system="")
    words = _Words(name, fields)

    def where(key: str) -> str:
        return f"{label} ({prefix}{key})"

    for key in ("system_prompt", "post_history_instructions"):
        if _ORIGINAL.search(fields[key]):
            why = "it stands for the chat app's own prompt, which tutor does not have"
            made.leave_out(where(key), "{{original}}", why)
            fields[key] = _ORIGINAL.sub("", fields[key])
    _system(made, fields, words)
    made.greeting = words(fields["first_mes"]) or None
    made.reminder = words(fields["post_history_instructions"]) or None
    _examples(made, fields["mes_example"], words, where("mes_example"))
    _left(made, data, prefix, where)
    if words.user:
        made.variables["user"] = STUDENT
        made.notes.append(
            f"'{{{{user}}}}' is the student's name in the card: '{STUDENT}' unless given with"
            " --var user=NAME."
        )
    for macro in dict.fromkeys(words.macros):
        made.leave_out(label, f"{{{{{macro}}}}}", "a chat app's macro; here it stays plain text")
    words.braces.declare(made)
    by = "".join(
        f", {word} {fields[key].strip()}"
        for word, key in (("by", "creator"), ("version", "character_version"))
        if fields[key].strip()
    )
    made.description = described(_KIND, label)[:-1] + by + "."
    return made


def _system(made: Imported, fields: dict[str, str], words: _Words) -> None:
    parts = [fields["system_prompt"].strip()]
    if not parts[0]:
        parts[0] = f"You are {made.name}."
        made.notes.append(f"The card has no system_prompt: the system text opens with '{parts[0]}'")
    described = [fields["description"].strip()]
    if fields["personality"].strip():
        described.append(f"Personality: {fields['personality'].strip()}")
    if fields["scenario"].strip():
        described.append(f"Scenario: {fields['scenario'].strip()}")
    if not any(described) and not fields["system_prompt"].strip():
        raise PersonaImportError(
            made.source,
            "the card has no system_prompt, description, personality or scenario — nothing to"
            " make the persona's system text from",
        )
    made.system = words("\n\n".join(p for p in parts + described if p))


def _examples(made: Imported, text: str, words: _Words, where: str) -> None:
    for conversation in card_examples.conversations(text, made.name):
        kept, left = card_examples.pairs(conversation)
        for user, reply in kept:
            made.examples += [Example("user", words(user)), Example("assistant", words(reply))]
        for what in left:
            made.leave_out(f"{where}, conversation {conversation.number}", what, "no example pair")


def _left(made: Imported, data: dict[str, Any], prefix: str, where: Any) -> None:
    greetings = [g for g in data.get("alternate_greetings") or [] if isinstance(g, str) and g]
    if greetings:
        why = "a persona has one greeting (first_mes is it)"
        made.leave_out(where("alternate_greetings"), f"{len(greetings)} more greetings", why)
    if (data.get("creator_notes") or "").strip():
        made.leave_out(where("creator_notes"), "creator_notes", "notes for people, never sent")
    book = data.get("character_book")
    if isinstance(book, dict) and book.get("entries"):
        why = "lore inserted when its keywords come up; a persona has no such thing"
        entries = len(book["entries"])
        what = f"{entries} lorebook entr{'y' if entries == 1 else 'ies'}"
        made.leave_out(where("character_book"), what, why)
    extensions = data.get("extensions")
    if isinstance(extensions, dict) and extensions:
        keys = ", ".join(sorted(map(str, extensions)))
        made.leave_out(where("extensions"), f"extensions ({keys})", "other apps' own data")
    tags = data.get("tags")
    if isinstance(tags, list):
        made.tags = list(dict.fromkeys(t.strip() for t in tags if isinstance(t, str) and t.strip()))
    skip = {"spec", "spec_version", "data"} if not prefix else set()
    for key, value in data.items():
        if key not in KNOWN and key not in skip and value not in (None, "", [], {}):
            made.leave_out(where(str(key)), str(key), "not a card field tutor knows")
