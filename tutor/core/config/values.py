"""Checks of single config values (URLs, windows, texts) and of the file's permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tutor.core.yamldoc.words import shown

EXAMPLE_URL = "http://127.0.0.1:8080/v1"
MAP_EXAMPLE = {"keymap": "'keymap: {send: enter}'", "headers": "'headers: {X-Title: tutor}'"}


def quote_hint(value: Any) -> str:
    """How to turn ``value`` (found where text was wanted) into text."""
    if isinstance(value, list | dict):
        return " — write a single text"
    return " — put it in quotes" + (f': "{value}"' if type(value) in (int, float) else "")


def url_trouble(url: str) -> str | None:
    """What is wrong with ``url`` as an endpoint's base URL, or None."""
    if not url.startswith(("http://", "https://")):
        return f"must start with http:// or https://, got {shown(url)}"
    if any(ch.isspace() for ch in url):
        return f"holds a space: {shown(url)}"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 — raises ValueError for a port that is not a number
    except ValueError:
        return f"is not a valid URL (look at the host and port): {shown(url)}"
    if not parts.hostname:
        return f"names no host: {shown(url)}"
    return None


def window_trouble(window: Any) -> str | None:
    """What is wrong with ``window`` as a ``context_window``, or None."""
    if isinstance(window, int) and not isinstance(window, bool) and window >= 256:
        return None
    return (
        f"'context_window' must be a whole number of tokens ≥ 256, got {shown(window)}"
        " — write the server's window in full, e.g. 8192"
    )


def key_exposure(path: Path) -> list[str]:
    """Warn when a config holding a literal API key can be read by other users."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return []
    if os.name == "posix" and mode & (stat.S_IRGRP | stat.S_IROTH):
        return [
            f"{path} holds an API key and is readable by other users — run: chmod 600 {path} "
            "(or use api_key_env to read the key from an environment variable)"
        ]
    return []
