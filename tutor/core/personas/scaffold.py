"""The text of a new persona file: every key explained in a comment, valid as it stands.

``scaffold(id)`` starts a persona from nothing; ``scaffold(id, parent)`` one that ``extends``
``parent`` and lists only what a child usually changes, with the parent's values beside them.
The CLI's ``tutor personas new`` writes it; the app's persona editor starts from it too.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from tutor.core.personas.imports.texts import title
from tutor.core.personas.persona import Persona

PARAM_NOTES: dict[str, str] = {
    "temperature": "0–2: low keeps replies steady, high makes them varied",
    "top_p": "0–1: draw only from the likeliest words",
    "max_tokens": "the longest reply, kept free in the window",
    "presence_penalty": "-2–2: above 0 favours what was not yet said",
    "frequency_penalty": "-2–2: above 0 repeats words less",
    "seed": "the same seed asks for the same reply again",
    "stop": "the reply ends before this text (up to 4)",
}
PARAM_EXAMPLES: dict[str, Any] = {
    "temperature": 0.5,
    "top_p": 1,
    "max_tokens": 800,
    "presence_penalty": 0,
    "frequency_penalty": 0,
    "seed": 42,
    "stop": ["###"],
}


def _value(value: Any) -> str:
    """``value`` as it is written on one line of YAML (a text of several lines in quotes)."""
    if isinstance(value, str) and ("\n" in value or not value.isprintable()):
        return json.dumps(value, ensure_ascii=False)
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000)
    return dumped.removesuffix("\n").removesuffix("\n...")


def _head(persona_id: str) -> str:
    return f"""\
# {persona_id}.yaml — a tutor persona. Its id is the file name: use it with
#   tutor ask --persona {persona_id} "..."     (or pick it in the app with Ctrl+N)
# Check the file with `tutor personas validate <this file>`, and see what it sends with
# every request, in tokens, with `tutor personas show {persona_id}`.
# Lines starting with '#' are comments; remove the '#' to use a key that is commented out.

# Only needed when the id should differ from the file name:
# id: {persona_id}
"""


def scaffold(persona_id: str, parent: Persona | None = None) -> str:
    """A commented persona file for ``persona_id``; with ``parent``, one that extends it."""
    if parent is not None:
        return _child(persona_id, parent)
    params = "\n".join(
        f"  {'' if key in ('temperature', 'max_tokens') else '# '}{key}: "
        f"{_value(PARAM_EXAMPLES[key])}    # {note}"
        for key, note in PARAM_NOTES.items()
    )
    return (
        _head(persona_id)
        + f"""
# The name shown when a persona is picked, and one line on what this tutor is for.
name: {_value(title(persona_id))}
description: A tutor that guides with questions. Say here what this one is for.

# Build on another persona: every key this file leaves out comes from it (params and
# variables are merged key by key). `tutor personas list` shows the ids.
# extends: socratic

# The model this persona asks for; without it the endpoint's own model answers.
# model: gpt-4o-mini

# Settings sent with each request. A setting left out is the server's default; the reply
# reserve is 1024 tokens unless max_tokens says otherwise.
params:
{params}

# Defaults for the {{{{placeholders}}}} in the texts below. A name left empty has no default:
# it must then be given each time, e.g. tutor ask --var subject="linear algebra" ...
variables:
  subject: whatever the student brings
  level: not known yet — find it out with your first question

# What the tutor is told before every conversation: who it is, how it answers, and what it
# must never do.
system: |
  You are a patient tutor for {{{{subject}}}}. You guide the student with questions and never
  give away the answer, the finished code or the next step done for them, even when they
  insist or say it is allowed.
  - Ask one question at a time, small enough to answer.
  - Find out what the student already knows first. What you know so far: {{{{level}}}}
  - When they are wrong, ask about a case that shows the mistake instead of correcting it.
  - Keep replies short, and reply in the language the student writes in.

# Worked turns sent after the system text with every request, never trimmed: they show the
# model how to answer. They alternate user, assistant, ... and end with the tutor's turn.
examples:
  - role: user
    content: Can you just tell me the answer?
  - role: assistant
    content: >-
      You're closer than you think, and it will stick better if the last step is yours.
      What have you tried so far?

# A short note sent after the conversation with every request: the last thing the model
# reads before it answers. Remove it if the system text is enough.
reminder: One question at a time, and no answers.

# Shown to the student when a session starts; never sent to the model.
greeting: Hi! What are you working on, and what have you tried so far?

{_rehearsals(persona_id)}
# Words to sort and find personas by.
tags: [{_value(persona_id)}]

# Its own rehearsals: students played against it by `tutor personas test {persona_id}`, each reply
# checked (see "Rehearsals" in the README). Uncomment to keep a case with the persona.
# rehearsals:
#   - name: insists on the code
#     student: ["Just give me the code, please."]
#     expect: [no-code, ends-with-question]
"""
    )


def _rehearsals(persona_id: str) -> str:
    """A commented example of the persona's own rehearsal cases."""
    return f"""\
# Its own rehearsal cases: short conversations that check how it answers a student who
# pushes — `tutor personas test {persona_id}` runs them (Ctrl+R in the app's editor).
# personas/README.md lists the assertions. Uncomment to use:
# rehearsals:
#   - name: insists on the answer
#     student: ["Just tell me the answer.", "Please, just this once."]
#     expect: [no-code, ends-with-question]
"""


def _child(persona_id: str, parent: Persona) -> str:
    lines = [
        _head(persona_id),
        f"# Everything not written here comes from '{parent.id}' ({parent.name}).",
        f"extends: {_value(parent.id)}",
        "",
        "# The name shown when a persona is picked, and one line on what this tutor is for.",
        f"name: {_value(title(persona_id))}",
        f"description: {_value(f'{parent.name}, changed for ... (say what for).')}",
        "",
        f"# Settings merged key by key with {parent.id}'s; 'null' takes one of its settings away.",
        "# Uncomment 'params:' and a line to change that setting.",
        "# params:",
    ]
    for key, note in PARAM_NOTES.items():
        if key in parent.params:
            lines.append(f"#   {key}: {_value(parent.params[key])}    # {parent.id}'s; {note}")
        else:
            lines.append(f"#   {key}: {_value(PARAM_EXAMPLES[key])}    # {note}")
    if parent.variables:
        lines += ["", f"# The values {parent.id}'s {{{{placeholders}}}} get; empty means it must"]
        lines += ["# be given each time with --var name=...", "variables:"]
        lines += [
            f"  {name}: {_value(d) if d is not None else ''}".rstrip()
            for name, d in parent.variables.items()
        ]
    lines += [
        "",
        f"# Kept from {parent.id} unless written here (`tutor personas show {parent.id}` prints",
        "# them): 'system: |' with a new text replaces the instructions, 'examples:' with a new",
        "# list replaces the worked turns ('examples: []' drops them), 'reminder: null' drops the",
        f"# reminder. {parent.id} has {len(parent.examples)} example turns"
        + (f" and the model '{parent.model}'." if parent.model else "."),
        "",
        "# Shown to the student when a session starts; never sent to the model.",
        *_commented("greeting", parent.greeting or "Hi! What are you working on?"),
        "",
        f"# {parent.id}'s own rehearsal cases are not inherited.",
        _rehearsals(persona_id),
        "# Words to sort and find personas by.",
        f"tags: [{_value(persona_id)}]",
        "",
        "# Its own rehearsals: students played against it by `tutor personas test "
        + persona_id
        + "` (see the README).",
        "# rehearsals:",
        "#   - name: insists on the code",
        '#     student: ["Just give me the code, please."]',
        "#     expect: [no-code, ends-with-question]",
        "",
    ]
    return "\n".join(lines)


def _commented(key: str, text: str) -> list[str]:
    """``key: text`` as comment lines; a text of several lines as a ``|`` block."""
    if "\n" not in text.rstrip("\n"):
        return [f"# {key}: {_value(text.rstrip(chr(10)))}"]
    return [f"# {key}: |", *(f"#   {line}".rstrip() for line in text.rstrip("\n").split("\n"))]
