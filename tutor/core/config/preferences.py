"""Choices the app remembers between runs (theme, sidebar), kept apart from the user's config."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tutor.core.config import paths
from tutor.core.config.private_file import write_private


def preferences_file() -> Path:
    """``<data dir>/preferences.json``."""
    return paths.data_dir() / "preferences.json"


class Preferences:
    """A small JSON object of remembered choices; a missing or damaged file is an empty one."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or preferences_file()
        self._data: dict[str, Any] = self._read()

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def text(self, key: str) -> str | None:
        value = self._data.get(key)
        return value if isinstance(value, str) and value else None

    def flag(self, key: str, default: bool) -> bool:
        value = self._data.get(key)
        return value if isinstance(value, bool) else default

    def remember(self, **values: Any) -> None:
        """Store ``values`` and save at once (a failed write is ignored: it is only a memory)."""
        changed = {k: v for k, v in values.items() if self._data.get(k) != v}
        if not changed:
            return
        self._data.update(changed)
        try:
            text = json.dumps(self._data, ensure_ascii=False, indent=1, sort_keys=True)
            write_private(self.path, text)
        except (OSError, TypeError, ValueError):
            pass
