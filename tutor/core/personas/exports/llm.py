"""A persona written as an llm template: model, system, defaults for its $variables, options.

llm fills ``$name`` (and ``${name}``) in a template from ``-p name value`` or ``defaults``, and
reads ``$$`` as a dollar sign — so placeholders carry over as variables. An llm template has
no example turns, reminder or greeting: those are listed as left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tutor.core.errors import UsageError
from tutor.core.personas.exports import Exported
from tutor.core.personas.imports.imported import yaml_text
from tutor.core.personas.persona import Persona
from tutor.core.personas.placeholders import PLACEHOLDER

OPTIONS = (
    "temperature",
    "top_p",
    "max_tokens",
    "presence_penalty",
    "frequency_penalty",
    "seed",
    "stop",
)


def llm_words(text: str) -> str:
    """``text`` in llm's template syntax: ``$`` doubled, ``{{name}}`` as ``${name}``."""
    return PLACEHOLDER.sub(lambda m: "${" + m.group(1) + "}", text.replace("$", "$$"))


def llm_text(
    persona: Persona, *, model: str | None = None, values: Mapping[str, str] | None = None
) -> Exported:
    """The llm template for ``persona`` (``extends`` already merged in); ``model`` replaces
    its model and ``values`` its variables' defaults."""
    unknown = [name for name in values or {} if name not in persona.variables]
    if unknown:
        names = ", ".join(f"'{n}'" for n in unknown)
        raise UsageError(
            f"persona '{persona.id}' has no variable {names} — {persona.variables_line()}"
        )
    out = Exported("")
    data: dict[str, Any] = {}
    if model or persona.model:
        data["model"] = model or persona.model
    data["system"] = llm_words(persona.system)
    given = {**persona.variables, **(values or {})}
    defaults = {name: value for name, value in given.items() if value is not None}
    if defaults:
        data["defaults"] = defaults
    options = {key: persona.params[key] for key in OPTIONS if key in persona.params}
    if options:
        data["options"] = options
    head = [f"# {persona.name} — the tutor persona '{persona.id}', written by tutor."]
    head += [f"# {persona.description}"] if persona.description else []
    head += [
        f"# Save it as {persona.id}.yaml in the folder `llm templates path` prints, then:",
        f'#   llm -t {persona.id} "your question"    (or: llm chat -t {persona.id})',
    ]
    out.text = "\n".join(head) + "\n" + yaml_text(data)
    if persona.examples:
        out.left_out.append(f"examples: {len(persona.examples)} turns — an llm template has none")
    if persona.reminder:
        out.left_out.append("reminder: an llm template sends nothing after the conversation")
    if persona.greeting:
        out.left_out.append("greeting: an llm template has no greeting")
    required = [name for name, value in given.items() if value is None]
    if required:
        flags = " ".join(f"-p {name} VALUE" for name in required)
        out.notes.append(f"llm needs {flags} when the template is used (no default)")
    return out
