"""Values going to and coming back from a harness (JSON, with what JSON cannot say tagged),
and how a value is shown to the student: as Python writes it, or as JavaScript does."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

_BIG_INT = 10**4000


@dataclass(frozen=True)
class Opaque:
    """A returned value that is not plain data (an object, a generator, ``undefined``)."""

    text: str
    type: str


@dataclass(frozen=True)
class SetOf:
    """A returned set: its items, in no order."""

    items: tuple[Any, ...]


PLAIN = {int, str, bool, type(None)}


def _plain_list(value: list[Any]) -> bool:
    kinds = set(map(type, value))
    if kinds == {int}:
        return not value or max(map(abs, value)) < _BIG_INT
    return kinds <= PLAIN - {int}


def encode(value: Any) -> Any:
    """The JSON-able form of an argument (the harnesses decode it back)."""
    if type(value) is list and _plain_list(value):
        return value  # the usual argument, a long list of numbers or words: as it is, quickly
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return {"$int": format(value, "x")} if abs(value) >= _BIG_INT else value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$float": repr(value)}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [encode(v) for v in value]}
    if isinstance(value, dict):
        return {"$dict": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, (set, frozenset)):
        return {"$set": [encode(v) for v in value]}
    raise TypeError(f"a test argument cannot be a {type(value).__name__}")


def encode_args(args: list[Any]) -> str:
    return json.dumps([encode(a) for a in args], separators=(",", ":"))


def decode(data: Any) -> Any:
    """The value a harness sent back (tags undone; dict keys that were lists become tuples)."""
    if isinstance(data, list):
        return [decode(v) for v in data]
    if isinstance(data, dict):
        if "$dict" in data:
            return {_key(decode(k)): decode(v) for k, v in data["$dict"]}
        if "$set" in data:
            return SetOf(tuple(decode(v) for v in data["$set"]))
        if "$tuple" in data:
            return tuple(decode(v) for v in data["$tuple"])
        if "$float" in data:
            return float(str(data["$float"]).replace("infinity", "inf"))
        if "$int" in data:
            return int(str(data["$int"]), 16)
        if "$repr" in data:
            return Opaque(str(data["$repr"]), str(data.get("$type", "object")))
    return data


def _key(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_key(v) for v in value)
    return value if not isinstance(value, (dict, SetOf)) else repr(value)


def show(value: Any, language: str, limit: int = 4000) -> str:
    """The value as the student's language writes it, cut to ``limit`` characters."""
    text = _show_js(value) if language == "javascript" else _show_py(value)
    return text if len(text) <= limit else text[:limit] + f"… ({len(text) - limit} more characters)"


def _show_py(value: Any) -> str:
    if isinstance(value, Opaque):
        return value.text
    if isinstance(value, SetOf):
        return "{" + ", ".join(_show_py(v) for v in value.items) + "}" if value.items else "set()"
    if isinstance(value, (list, tuple)):
        inner = ", ".join(_show_py(v) for v in value)
        return (
            f"[{inner}]"
            if isinstance(value, list)
            else f"({inner}{',' if len(value) == 1 else ''})"
        )
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_show_py(k)}: {_show_py(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (set, frozenset)):
        return _show_py(SetOf(tuple(value)))
    if isinstance(value, int) and abs(value) >= _BIG_INT:
        return f"<an integer of about {int(value.bit_length() * math.log10(2)) + 1} digits>"
    return repr(value)


def _show_js(value: Any) -> str:
    if isinstance(value, Opaque):
        return value.text
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(int(value)) if value.is_integer() and abs(value) < 1e21 else repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, SetOf):
        return "Set(" + str(len(value.items)) + ") {" + ", ".join(map(_show_js, value.items)) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_show_js(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_show_js(k)}: {_show_js(v)}" for k, v in value.items()) + "}"
    return repr(value)
