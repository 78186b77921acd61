"""A persona made from another tool's file, what was left out of it, and its YAML text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tutor.core.personas.persona import Example


@dataclass(frozen=True)
class LeftOut:
    """Something in the other tool's file that a persona has no place for, and why.

    ``where`` is ``file:line:col`` when the position is known, else the file name (and a key).
    """

    where: str
    what: str
    why: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what} — {self.why}"


@dataclass
class Imported:
    """The fields of a persona made from ``source`` (a file or a folder) of the kind ``kind``.

    ``suggested_id`` is the id the file's name (or the card's name) makes, if it makes one.
    """

    kind: str
    source: str
    suggested_id: str | None
    name: str
    system: str
    description: str = ""
    model: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    variables: dict[str, str | None] = field(default_factory=dict)
    examples: list[Example] = field(default_factory=list)
    reminder: str | None = None
    greeting: str | None = None
    tags: list[str] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # said in the file's opening comment

    def leave_out(self, where: str, what: str, why: str) -> None:
        self.left_out.append(LeftOut(where, what, why))

    def listed(self) -> list[LeftOut]:
        """What was left out, in the order it stands in the file."""

        def place(item: LeftOut) -> tuple[str, int, int]:
            found = _POSITION.search(item.where)
            if found is None:
                return item.where, 0, 0
            return item.where[: found.start()], int(found.group(1)), int(found.group(2))

        return sorted(self.left_out, key=place)


def described(kind: str, label: str) -> str:
    """The persona's description: which file it was made from (its folder and name)."""
    path = Path(label)
    shown = f"{path.parent.name}/{path.name}" if path.parent.name else path.name
    return f"Made from the {kind} {shown}."


_POSITION = re.compile(r":(\d+):(\d+)$")


_SAFE_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's, where it is


class _Dumper(_SAFE_DUMPER):
    """Writes texts of several lines as ``|`` blocks, so the file reads like one written by hand."""


def _text(dumper: Any, value: str) -> yaml.ScalarNode:
    # YAML reads U+0085, U+2028 and U+2029 as line breaks: only escaped do they stay themselves.
    style = '"' if any(c in value for c in "\x85\u2028\u2029") else "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def yaml_text(value: Any) -> str:
    """``value`` as YAML that reads back exactly, texts of several lines as ``|`` blocks."""
    return yaml.dump(
        value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, indent=2
    )


def persona_yaml(made: Imported) -> str:
    """The persona file for ``made``: a comment saying where it came from and what was left
    out, then its keys. Reading it back gives exactly these values."""
    head = [f"# Made by `tutor personas import` from the {made.kind} {made.source}."]
    head += [f"# {_one_line(note)}" for note in made.notes]
    if made.left_out:
        head.append("# Left out (a persona has no place for them):")
        head += [f"#   {_one_line(str(item))}" for item in made.listed()]
    fields: dict[str, Any] = {"name": made.name}
    if made.description:
        fields["description"] = made.description
    if made.tags:
        fields["tags"] = made.tags
    if made.model:
        fields["model"] = made.model
    if made.params:
        fields["params"] = made.params
    if made.variables:
        fields["variables"] = made.variables
    texts: dict[str, Any] = {"system": made.system}
    if made.examples:
        texts["examples"] = [{"role": e.role, "content": e.content} for e in made.examples]
    if made.reminder:
        texts["reminder"] = made.reminder
    if made.greeting:
        texts["greeting"] = made.greeting
    return "\n".join(["\n".join(head) + "\n", yaml_text(fields), yaml_text(texts)])


def _one_line(text: str) -> str:
    """``text`` fit for a comment line: one line, no control characters."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())
