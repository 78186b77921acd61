"""What tutor has learned about each endpoint+model, kept in the data dir between runs."""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path
from typing import Any

from tutor.core.config import paths
from tutor.core.config.private_file import write_private

DISCOVERY_TTL = 3600.0  # a discovered window is asked again after an hour


class EndpointFacts:
    """A small JSON file: learned windows, discovered windows, counting calibration, quirks.

    Keys are ``"<base_url> <model>"``. Writes replace the file atomically; two processes
    writing at once can lose one update, never corrupt the file.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.facts_file()
        self._data: dict[str, dict[str, Any]] | None = None

    @staticmethod
    def key(base_url: str, model: str | None) -> str:
        return f"{base_url.rstrip('/')} {model or '-'}"

    def _load(self) -> dict[str, dict[str, Any]]:
        if self._data is None:
            try:
                raw = json.loads(self.path.read_text(encoding="utf-8"))
                self._data = raw if isinstance(raw, dict) else {}
            except (OSError, ValueError):
                self._data = {}
        return self._data

    def get(self, key: str) -> dict[str, Any]:
        entry = self._load().get(key)
        return dict(entry) if isinstance(entry, dict) else {}

    def update(self, key: str, **values: Any) -> None:
        """Merge ``values`` into the entry for ``key`` and save (re-reading the file first)."""
        self._data = None
        data = self._load()
        entry = data.setdefault(key, {})
        entry.update(values)
        self._save(data)

    def _save(self, data: dict[str, Any]) -> None:
        with contextlib.suppress(OSError):  # only a memory: the next run learns it again
            write_private(self.path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))

    # --- windows -----------------------------------------------------------------------

    def learned_window(self, key: str) -> int | None:
        value = self.get(key).get("learned_window")
        return value if isinstance(value, int) else None

    def learn_window(self, key: str, window: int) -> None:
        self.update(key, learned_window=window, learned_at=time.time())

    def discovered_window(self, key: str) -> int | None:
        entry = self.get(key)
        value, at = entry.get("discovered_window"), entry.get("discovered_at", 0)
        fresh = isinstance(at, int | float) and time.time() - at < DISCOVERY_TTL
        return value if isinstance(value, int) and fresh else None

    def discovered_nothing(self, key: str) -> bool:
        """True when the server was asked recently and told no window."""
        entry = self.get(key)
        at = entry.get("discovered_at", 0)
        fresh = isinstance(at, int | float) and time.time() - at < DISCOVERY_TTL
        return fresh and entry.get("discovered_window") is None

    def remember_discovery(self, key: str, window: int | None, counting: str | None) -> None:
        self.update(
            key, discovered_window=window, discovered_at=time.time(), counting_route=counting
        )
