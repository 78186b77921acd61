"""What a persona's always-sent part (system, examples, reminder) costs in tokens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tutor.core.budget.context import MESSAGE_OVERHEAD

if TYPE_CHECKING:
    from tutor.core.personas import Persona
    from tutor.core.tokens.counter import TokenCounter


@dataclass(frozen=True)
class PersonaCost:
    """Tokens of each always-sent part, per-message overhead included."""

    system: int
    examples: int
    reminder: int
    source: str  # who counted
    exact: bool

    @property
    def total(self) -> int:
        return self.system + self.examples + self.reminder


async def persona_cost(persona: Persona, counter: TokenCounter) -> PersonaCost:
    """Count the persona as sent, with its defaults (required variables left as placeholders)."""
    blanks = {name: f"{{{{{name}}}}}" for name in persona.required_variables()}
    rendered = persona.render(blanks)
    examples = [e.content for e in rendered.examples]
    texts = [rendered.system, rendered.reminder or "", *examples]
    counts = await counter.count_texts(texts)
    system, reminder, rest = counts[0], counts[1], counts[2:]
    return PersonaCost(
        system=system + MESSAGE_OVERHEAD,
        examples=sum(rest) + MESSAGE_OVERHEAD * len(rest),
        reminder=reminder + MESSAGE_OVERHEAD if rendered.reminder else 0,
        source=counter.source,
        exact=counter.exact,
    )
