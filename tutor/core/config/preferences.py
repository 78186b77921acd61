"""Choices the app remembers between runs (theme, sidebar), kept apart from the user's config."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from tutor.core.config import paths


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
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".preferences-", dir=self.path.parent)
        except OSError:
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(self._data, out, ensure_ascii=False, indent=1, sort_keys=True)
            os.replace(tmp, self.path)
        except (OSError, TypeError, ValueError):
            Path(tmp).unlink(missing_ok=True)
