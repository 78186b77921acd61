"""Rehearsal assertions: their names, how one is written in YAML, and the checks on text alone.

An assertion is a plain item (``no-code``) or a one-key mapping (``{max-questions: 1}``); any
name may take ``not-`` in front (promptfoo's convention), which turns the result round. A rubric
may say ``leak: true``: a turn that fails it counts as revealing the answer.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from tutor.core.rehearsal.reading import Reading

NEGATION = "not-"
LANGUAGES = ("en", "ko")

# What each assertion takes: "" nothing, "text", "pattern", "count", or "language"
# (which may also be written bare: the student's own language).
TAKES: dict[str, str] = {
    "contains": "text",
    "regex": "pattern",
    "max-questions": "count",
    "min-questions": "count",
    "ends-with-question": "",
    "no-code": "",
    "max-code-lines": "count",
    "language": "language",
    "max-words": "count",
    "no-leak": "",
    "rubric": "text",
}
NAMES: tuple[str, ...] = tuple(TAKES)
MODEL_CHECKED = ("no-leak", "rubric")  # need more than the reply's text

_EXAMPLE = {
    "text": '"some text"',
    "pattern": '"(?i)def \\\\w+"',
    "count": "1",
    "language": "ko",
}


class AssertionSyntax(ValueError):
    """An assertion item that cannot be read; the text says what to write instead.
    ``key`` is the mapping key whose value is wrong, when it is the value."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Assertion:
    """One assertion as written: ``name`` without ``not-``; ``value`` None when it takes none
    (or, for ``language``, when it means the student's language)."""

    name: str
    negated: bool = False
    value: str | int | None = None
    leak: bool = False

    @property
    def label(self) -> str:
        """How it reads in a report: ``not-contains "def two_sum"``, ``max-questions 1``."""
        head = (NEGATION if self.negated else "") + self.name
        if self.value is None:
            return head
        shown = f'"{self.value}"' if TAKES[self.name] in ("text", "pattern") else str(self.value)
        return f"{head} {shown}"

    @property
    def model_checked(self) -> bool:
        return self.name in MODEL_CHECKED


def parse(item: Any) -> Assertion:
    """An assertion from its YAML form; :class:`AssertionSyntax` says what is wrong."""
    if isinstance(item, str):
        name, negated = _name(item)
        if TAKES[name] not in ("", "language"):
            raise AssertionSyntax(
                f"'{item}' needs a value — write it as {{{item}: {_EXAMPLE[TAKES[name]]}}}"
            )
        return Assertion(name, negated)
    if not isinstance(item, dict) or not item:
        raise AssertionSyntax(
            "an assertion is a name such as no-code, or a mapping such as {max-questions: 1}"
        )
    keys = [str(k) for k in item]
    extra = [k for k in keys if k == "leak"]
    named = [k for k in keys if k != "leak"]
    if len(named) != 1:
        raise AssertionSyntax(
            "write one assertion per item, e.g. [{max-questions: 1}, {not-contains: def}]"
        )
    name, negated = _name(named[0])
    try:
        value = _value(named[0], TAKES[name], item[named[0]])
    except AssertionSyntax as exc:
        raise AssertionSyntax(str(exc), key=named[0]) from None
    leak = False
    if extra:
        if name != "rubric":
            raise AssertionSyntax("'leak:' goes only with a rubric — remove it here")
        if not isinstance(item["leak"], bool):
            raise AssertionSyntax("'leak:' must be true or false", key="leak")
        leak = item["leak"]
    return Assertion(name, negated, value, leak)


def _name(word: str) -> tuple[str, bool]:
    negated = word.startswith(NEGATION) and word[len(NEGATION) :] in TAKES
    name = word[len(NEGATION) :] if negated else word
    if name in TAKES:
        return name, negated
    choices = [*NAMES, *(NEGATION + n for n in NAMES)]
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    fix = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(NAMES)}"
    raise AssertionSyntax(f"unknown assertion '{word}' — {fix}")


def _value(key: str, takes: str, value: Any) -> str | int | None:
    if takes == "":
        if value is True or value is None:
            return None
        raise AssertionSyntax(f"'{key}' takes no value — write it as a plain item: - {key}")
    if takes == "count":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise AssertionSyntax(f"'{key}' wants a whole number of 0 or more, e.g. {{{key}: 1}}")
        return value
    if takes == "language":
        if value in LANGUAGES:
            return str(value)
        raise AssertionSyntax(
            f"'{key}' wants en or ko, or write it bare (- {key}) for the student's own language"
        )
    if not isinstance(value, str) or not value:
        raise AssertionSyntax(f"'{key}' wants a text in quotes, e.g. {{{key}: {_EXAMPLE[takes]}}}")
    if takes == "pattern":
        try:
            re.compile(value)
        except re.error as exc:
            raise AssertionSyntax(f"'{key}' is not a valid regular expression: {exc}") from None
    return value


def on_text(
    assertion: Assertion, reading: Reading, student_language: str | None
) -> tuple[bool | None, str]:
    """Whether the reply holds what ``assertion`` (ignoring ``not-``) asks — None when that
    cannot be told, which fails either way — and what was found.

    For the assertions that need no model; ``student_language`` is for a bare ``language``.
    """
    name, value = assertion.name, assertion.value
    if name == "contains":
        return str(value) in reading.text, "found" if str(value) in reading.text else "not found"
    if name == "regex":
        match = re.search(str(value), reading.text)
        return match is not None, f'matched "{match.group(0)[:60]}"' if match else "no match"
    if name in ("max-questions", "min-questions"):
        count = reading.questions
        held = count <= int(value or 0) if name == "max-questions" else count >= int(value or 0)
        return held, _plural(count, "question")
    if name == "ends-with-question":
        return reading.ends_with_question, (
            "ends with a question" if reading.ends_with_question else "does not end with '?'"
        )
    if name == "no-code":
        blocks = len(reading.blocks)
        return blocks == 0, f"{_plural(blocks, 'code block')}, {reading.code_lines} lines"
    if name == "max-code-lines":
        return reading.code_lines <= int(value or 0), _plural(reading.code_lines, "code line")
    if name == "max-words":
        return reading.words <= int(value or 0), _plural(reading.words, "word")
    if name == "language":
        wanted = str(value) if value else student_language
        found = reading.language
        if wanted is None:
            return None, "the student's language cannot be told (their messages have no letters)"
        if found is None:
            return None, f"the reply has no prose to tell its language by; wanted {wanted}"
        return found == wanted, f"{found}, Hangul {reading.hangul_share:.0%}; wanted {wanted}"
    raise ValueError(f"{name} needs a model or a problem, not the text alone")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")
