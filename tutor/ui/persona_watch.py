"""Noticing persona files edited on disk: a cheap snapshot of the user folder's file times."""

from __future__ import annotations

from pathlib import Path

from tutor.core.config import paths


class PersonaWatch:
    """``changed()`` is True once after any persona file is added, removed or modified."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or paths.user_personas_dir()
        self._seen = self._snapshot()

    def _snapshot(self) -> dict[str, tuple[int, int]]:
        try:
            entries = list(self.folder.iterdir())
        except OSError:
            return {}
        seen: dict[str, tuple[int, int]] = {}
        for entry in entries:
            if entry.suffix.lower() not in (".yaml", ".yml"):
                continue
            try:
                stat = entry.stat()
            except OSError:
                continue
            seen[entry.name] = (stat.st_mtime_ns, stat.st_size)
        return seen

    def changed(self) -> bool:
        now = self._snapshot()
        if now == self._seen:
            return False
        self._seen = now
        return True
