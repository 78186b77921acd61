"""The shape of a persona file, checked by pydantic: which keys exist and what each may hold."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
MAX_STOPS = 4

# What each field must hold, in words; used in messages ("'top_p' must be <this>, got ...").
EXPECT: dict[str, str] = {
    "id": "a short id made of letters, digits, '-', '_' or '.'",
    "name": "text",
    "description": "text",
    "extends": "the id of another persona, e.g. 'socratic'",
    "model": "a model name, e.g. 'gpt-4o-mini'",
    "system": "text",
    "reminder": "text",
    "greeting": "text",
    "params": "a mapping such as 'temperature: 0.5'",
    "variables": "a mapping of variable names to default texts",
    "examples": "a list of turns, each with 'role:' and 'content:'",
    "tags": "a list of texts, e.g. [algorithms, python]",
    "rehearsals": "a list of rehearsal cases, each with 'name:' and 'student:' or 'simulate:'",
    "guard": "a mapping such as '{enabled: true, judge: false}'",
    "enabled": "true or false",
    "judge": "true or false",
    "temperature": "a number between 0 and 2",
    "top_p": "a number between 0 and 1",
    "max_tokens": "a whole number of at least 1 (the tokens kept free for the reply)",
    "presence_penalty": "a number between -2 and 2",
    "frequency_penalty": "a number between -2 and 2",
    "seed": "a whole number",
    "stop": f"a text or a list of up to {MAX_STOPS} texts",
    "role": "'user' or 'assistant'",
    "content": "text",
}

# What to write instead when a required text is empty.
FIX_EMPTY: dict[str, str] = {
    "name": "give the persona a short name",
    "system": "write the persona's instructions there",
    "content": "write the turn's text or remove the turn",
    "reminder": "write the reminder or remove the key",
    "greeting": "write the greeting or remove the key",
    "extends": "name the persona to build on, or remove the key",
}


def _not_blank(value: str | None, info: ValidationInfo) -> str | None:
    """Reject empty text; ``None`` is only allowed where the field says so (see callers)."""
    field = info.field_name or "value"
    if value is None or not value.strip():
        fix = FIX_EMPTY.get(field, "fill it in or remove the key")
        raise PydanticCustomError("empty", "is empty — {fix}", {"fix": fix})
    return value


def _blank_or_none(value: str | None, info: ValidationInfo) -> str | None:
    """Allow ``null`` (meaning "none", clearing an inherited value) but not empty text."""
    return None if value is None else _not_blank(value, info)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ExampleTurn(_Strict):
    """One few-shot turn: what the student said, or what the tutor answered."""

    role: Literal["user", "assistant"]
    content: str

    _content = field_validator("content")(_not_blank)


class Params(_Strict):
    """Sampling parameters sent with each request; ``null`` clears an inherited one."""

    temperature: float | None = Field(None, ge=0, le=2, allow_inf_nan=False)
    top_p: float | None = Field(None, ge=0, le=1, allow_inf_nan=False)
    max_tokens: int | None = Field(None, ge=1)
    presence_penalty: float | None = Field(None, ge=-2, le=2, allow_inf_nan=False)
    frequency_penalty: float | None = Field(None, ge=-2, le=2, allow_inf_nan=False)
    seed: int | None = None
    stop: Any = None

    @field_validator("stop")
    @classmethod
    def _stop(cls, value: Any) -> str | list[str] | None:
        if value is None or (isinstance(value, str) and value):
            return value
        if (
            isinstance(value, list)
            and 0 < len(value) <= MAX_STOPS
            and all(isinstance(s, str) and s for s in value)
        ):
            return value
        raise PydanticCustomError("expect", "wrong value")

    def given(self) -> dict[str, Any]:
        """The params written in the file, ``None`` meaning "clear the inherited one"."""
        return {k: getattr(self, k) for k in type(self).model_fields if k in self.model_fields_set}


class GuardSettings(_Strict):
    """The answer-leak guard in practice sessions: on unless ``enabled: false``; ``judge``
    also asks a model whether a reply walks through the whole solution in prose."""

    enabled: bool | None = None
    judge: bool | None = None


class PersonaFile(_Strict):
    """Everything a persona file may say. Every key is optional here; after ``extends`` is
    resolved the persona must have a ``system`` text (checked by the resolver)."""

    id: str | None = Field(None, pattern=ID_PATTERN)
    name: str | None = None
    description: str | None = None
    extends: str | None = None
    model: str | None = None
    params: Params | None = None
    variables: dict[str, str | None] | None = None
    system: str | None = None
    examples: list[ExampleTurn] | None = None
    reminder: str | None = None
    greeting: str | None = None
    tags: list[str] | None = None
    rehearsals: list[Any] | None = None  # checked case by case by tutor.core.rehearsal
    guard: GuardSettings | None = None

    _required = field_validator("name", "system")(_not_blank)
    _optional = field_validator("reminder", "greeting", "extends", "model")(_blank_or_none)


KEYS: tuple[str, ...] = tuple(PersonaFile.model_fields)
PARAM_KEYS: tuple[str, ...] = tuple(Params.model_fields)
TURN_KEYS: tuple[str, ...] = tuple(ExampleTurn.model_fields)
