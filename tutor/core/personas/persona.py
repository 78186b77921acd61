"""A loaded persona (``extends`` already merged in) and the persona filled in for one session."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from tutor.core.errors import UsageError
from tutor.core.personas.placeholders import fill
from tutor.core.rehearsal.spec import Case
from tutor.core.sources import BUILT_IN

DEFAULT_REPLY_RESERVE = 1024

Message = dict[str, str]


@dataclass(frozen=True)
class Example:
    """One few-shot turn placed before the conversation: role is 'user' or 'assistant'."""

    role: str
    content: str

    def message(self) -> Message:
        return {"role": self.role, "content": self.content}


@dataclass(frozen=True, eq=False)
class Persona:
    """A persona ready to use. ``source`` is the file it came from, or ``"built-in"``.

    ``params`` holds only the sampling params the persona sets (merged through ``extends``);
    ``variables`` maps each variable to its default, ``None`` meaning "must be given".
    """

    id: str
    name: str
    description: str
    extends: str | None
    model: str | None
    params: dict[str, Any]
    variables: dict[str, str | None]
    system: str
    examples: tuple[Example, ...]
    reminder: str | None
    greeting: str | None
    tags: tuple[str, ...]
    source: str
    rehearsals: tuple[Case, ...] = ()  # the file's own cases; not inherited through extends
    guard: dict[str, bool] = field(default_factory=dict)  # 'enabled', 'judge' (merged)

    @property
    def guarded(self) -> bool:
        """Whether practice sessions with it check replies for leaks (on unless it says off)."""
        return self.guard.get("enabled", True)

    @property
    def judged(self) -> bool:
        """Whether a model judge also looks for prose walkthroughs (off unless it says on)."""
        return self.guard.get("judge", False)

    @property
    def reply_reserve(self) -> int:
        """Tokens kept free for the reply: ``params.max_tokens``, else 1024."""
        reserve = self.params.get("max_tokens")
        return reserve if isinstance(reserve, int) else DEFAULT_REPLY_RESERVE

    @property
    def builtin(self) -> bool:
        return self.source == BUILT_IN

    def required_variables(self) -> list[str]:
        """Variables with no default: each must be given at use (``--var name=value``)."""
        return [name for name, default in self.variables.items() if default is None]

    def variables_line(self) -> str:
        """The variables in one short phrase, e.g. ``level, topic (required)``."""
        if not self.variables:
            return "it has no variables"
        names = [n + (" (required)" if d is None else "") for n, d in self.variables.items()]
        return "its variables: " + ", ".join(names)

    def render(self, overrides: Mapping[str, str] | None = None) -> RenderedPersona:
        """Fill every ``{{name}}`` from ``overrides`` or the defaults.

        Raises :class:`UsageError` for an override the persona does not declare, or when a
        required variable is not given.
        """
        given = dict(overrides or {})
        unknown = [name for name in given if name not in self.variables]
        if unknown:
            names = ", ".join(f"'{n}'" for n in unknown)
            raise UsageError(
                f"persona '{self.id}' has no variable {names} — {self.variables_line()}"
            )
        values = {n: d for n, d in self.variables.items() if d is not None} | given
        missing = [n for n in self.variables if n not in values]
        if missing:
            flags = " ".join(f"--var {n}=..." for n in missing)
            raise UsageError(f"persona '{self.id}' needs {flags} — {self.variables_line()}")
        return RenderedPersona(
            persona=self,
            system=fill(self.system, values),
            examples=tuple(Example(e.role, fill(e.content, values)) for e in self.examples),
            reminder=fill(self.reminder, values) if self.reminder else None,
            greeting=fill(self.greeting, values) if self.greeting else None,
            values=values,
        )


@dataclass(frozen=True, eq=False)
class RenderedPersona:
    """A persona with its placeholders filled, as it is sent for one session."""

    persona: Persona
    system: str
    examples: tuple[Example, ...]
    reminder: str | None
    greeting: str | None  # shown to the student at the start; never sent
    values: dict[str, str]  # the variable values used
    brief: str | None = None  # the session's brief (a practice problem), sent, never shown

    def messages(self) -> list[Message]:
        """What always goes first in a request: the system text, the examples, then the brief.

        Never trimmed to fit a window; the conversation history goes after these.
        """
        fixed = [{"role": "system", "content": self.system}] + [e.message() for e in self.examples]
        if self.brief:
            fixed.append({"role": "system", "content": self.brief})
        return fixed

    def with_brief(self, brief: str | None) -> RenderedPersona:
        """The same persona with this session's brief (``None`` to send none)."""
        return replace(self, brief=brief or None)

    def reminder_message(self) -> Message | None:
        """The short system message sent after the history, or ``None`` if there is none."""
        return {"role": "system", "content": self.reminder} if self.reminder else None
