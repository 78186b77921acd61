"""The user's own text editor: ``$VISUAL``, else ``$EDITOR``, as the words of a command."""

from __future__ import annotations

import os
import shlex

from tutor.core.errors import UsageError


def editor_command() -> tuple[str, list[str]]:
    """The editor to run: (the variable it came from, its words); ``("", [])`` when neither
    is set. UsageError when the variable cannot be read as a command."""
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            try:
                return variable, shlex.split(value)
            except ValueError:
                raise UsageError(f"${variable} cannot be read as a command: {value!r}") from None
    return "", []
