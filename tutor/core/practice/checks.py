"""Checking the values of a pack's YAML file one by one, collecting problems with positions."""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from tutor.core.config.values import quote_hint
from tutor.core.errors import Problem as FileProblem
from tutor.core.yamldoc.reader import KeyPath, YamlDoc, YamlProblems, read_yaml
from tutor.core.yamldoc.words import did_you_mean, shown

_EXPONENT = re.compile(r"^[-+]?\d+(\.\d*)?[eE][-+]?\d+$")


def label(where: KeyPath) -> str:
    """``("cases", 3, "args")`` → ``cases[3].args``."""
    out = ""
    for part in where:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class FileCheck:
    """The values of one YAML file, checked; every problem is kept in ``problems``."""

    def __init__(self, doc: YamlDoc) -> None:
        self.doc = doc
        self.problems: list[FileProblem] = []

    @classmethod
    def read(cls, path: Path, label: str | None = None) -> FileCheck:
        """Read ``path``; a file that is not YAML gives a check holding only its problems."""
        try:
            return cls(read_yaml(path, label or str(path)))
        except YamlProblems as exc:
            check = cls(YamlDoc(label or str(path), None))
            check.problems = list(exc.problems)
            return check

    @property
    def path(self) -> str:
        return self.doc.path

    def fail(self, where: KeyPath, message: str, *, key: bool = False) -> None:
        self.problems.append(self.doc.problem(where, message, key=key))

    def unknown_keys(
        self,
        where: KeyPath,
        data: dict[str, Any],
        known: Sequence[str],
        ignored: Collection[str] = (),
        *,
        what: str = "key",
    ) -> set[str]:
        """Report each key that is neither ``known`` nor ``ignored`` (read and left unused);
        returns the known keys they were probably meant to be."""
        meant: set[str] = set()
        for key in data:
            if key not in known and key not in ignored:
                inside = f" in '{label(where)}'" if where else ""
                fix = did_you_mean(str(key), known)
                if fix.startswith("did you mean"):
                    meant.add(fix.split("'")[1])
                self.fail((*where, key), f"unknown {what} '{key}'{inside} — {fix}", key=True)
        return meant

    def mapping(self, where: KeyPath, value: Any, example: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            name = where[-1] if where else "the file"
            self.fail(where, f"'{name}' must be a mapping, got {shown(value)} — e.g. {example}")
            return {}
        return value

    def text(self, where: KeyPath, value: Any, *, required: bool = False) -> str | None:
        name = where[-1]
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(where, f"'{name}' is empty — write it in")
            return None
        if not isinstance(value, str):
            self.fail(where, f"'{name}' must be text, got {shown(value)}{quote_hint(value)}")
            return None
        return value.strip()

    def flag(self, where: KeyPath, value: Any, default: bool = False) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(where, f"'{where[-1]}' must be true or false, got {shown(value)}")
            return default
        return value

    def number(
        self, where: KeyPath, value: Any, *, low: float, high: float, whole: bool = False
    ) -> float | None:
        """A number in ``[low, high]`` (a whole one when ``whole``), or None after a problem."""
        if value is None:
            return None
        if isinstance(value, str) and _EXPONENT.match(value.strip()):
            value = float(value)  # PyYAML reads 1e-6 (no dot) as text
        name = where[-1]
        kind = "a whole number" if whole else "a number"
        wrong = isinstance(value, bool) or not isinstance(value, int | float)
        if not wrong and (math.isnan(value) or (whole and value != int(value))):
            wrong = True
        if wrong or not low <= value <= high:
            self.fail(
                where, f"'{name}' must be {kind} from {low:g} to {high:g}, got {shown(value)}"
            )
            return None
        return float(value)

    def words(self, where: KeyPath, value: Any) -> list[str]:
        """A list of texts (a single text counts as a list of its whitespace-separated words)."""
        if value is None:
            return []
        if isinstance(value, str):
            return value.split()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(where, f"'{where[-1]}' must be a list of texts, got {shown(value)}")
            return []
        return [v.strip() for v in value if v.strip()]

    def per_language(self, where: KeyPath, value: Any) -> dict[str, str]:
        """Text given once (English) or per language: ``{en: ..., ko: ...}``."""
        if isinstance(value, str):
            return {"en": value.strip()} if value.strip() else {}
        out: dict[str, str] = {}
        for lang, text in self.mapping(where, value, "{en: ..., ko: ...}").items():
            found = self.text((*where, lang), text)
            if found:
                out[str(lang)] = found
        return out
