"""fabric patterns made into personas: the pattern folder's system.md, its {{variables}}.

fabric sends ``system.md`` with the user's text where ``{{input}}`` stands (or after it), and
fills the other ``{{name}}`` from ``-v=#name:value``: here those are variables the student gives
with ``--var name=value``. fabric itself never sends a pattern's ``user.md``.
"""

from __future__ import annotations

import re
from pathlib import Path

from tutor.core.errors import PersonaImportError
from tutor.core.personas.imports.imported import Imported, described
from tutor.core.personas.imports.source import char_position, read_text, spot
from tutor.core.personas.imports.texts import counted, id_from, title
from tutor.core.personas.placeholders import PLACEHOLDER

_KIND = "fabric pattern"
_INPUT = re.compile(r"\{\{\s*input\s*\}\}")
_PLUGIN = re.compile(r"\{\{\s*(plugin|ext):[^}]*\}\}")


def read(path: Path, label: str) -> Imported:
    """The persona the pattern folder ``path`` (or its ``system.md``) describes."""
    folder = path if path.is_dir() else path.parent
    named = Path(label) if path.is_dir() else Path(label).parent  # the folder, as given
    system_file = path / "system.md" if path.is_dir() else path
    system_label = str(named / "system.md") if path.is_dir() else label
    if not system_file.is_file():
        message = "this folder has no system.md — a fabric pattern keeps its prompt there"
        raise PersonaImportError(label, message + "; give the pattern's own folder")
    text = read_text(system_file, system_label)
    if not text.strip():
        raise PersonaImportError(system_label, "system.md is empty — there is no prompt to import")
    own_id = folder.resolve().name if system_file.name == "system.md" else system_file.stem
    made = Imported(_KIND, label, id_from(own_id), name="", system="")
    for match in _INPUT.finditer(text):
        line, col = char_position(text, match.start())
        why = "fabric puts the user's text there; tutor sends the student's message after the"
        made.leave_out(spot(system_label, line, col), "{{input}}", why + " system text")
    for match in _PLUGIN.finditer(text):
        line, col = char_position(text, match.start())
        why = "fabric runs its template plugins; here the call stays plain text"
        made.leave_out(spot(system_label, line, col), match.group(0), why)
    made.system = _INPUT.sub("", text).strip()
    names = list(dict.fromkeys(PLACEHOLDER.findall(made.system)))
    made.variables = dict.fromkeys(names)
    if names:
        flags = " ".join(f"--var {n}=..." for n in names)
        made.notes.append(f"fabric's -v=#name:value is --var name=value here: {flags}")
    user_file = folder / "user.md"
    if system_file.name == "system.md" and user_file.is_file():
        user_label = str(named / "user.md")
        extra = read_text(user_file, user_label).strip()
        if extra:
            why = f"fabric itself never sends it ({counted(extra.count(chr(10)) + 1, 'line')})"
            made.leave_out(user_label, "user.md", why)
    if system_file.name == "system.md":
        for other in sorted(p for p in folder.iterdir() if p.is_file()):
            if other.name not in ("system.md", "user.md"):
                why = "not part of what fabric sends"
                made.leave_out(str(named / other.name), other.name, why)
    made.name = title(made.suggested_id or "imported")
    shown = label if not path.is_dir() else str(named if named.name else folder.resolve())
    made.description = described(_KIND, shown)
    return made
