"""Noticing persona files edited on disk: a cheap snapshot of the user folder's file times."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.widget import Widget

from tutor.core.config import paths
from tutor.ui.messages import PersonasReloaded

PERSONA_CHECK_SECONDS = 2.0


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


class PersonaFiles(Widget):
    """The part that watches the user's persona folder: a snapshot every ``PERSONA_CHECK_SECONDS``
    (on the loop: a directory listing), and on a change the files are read and checked in a
    thread; the new library is posted (``PersonasReloaded``) and applied on the event loop."""

    DEFAULT_CSS = "PersonaFiles { display: none; }"

    def __init__(self) -> None:
        super().__init__(id="persona-files")
        self._watch: PersonaWatch | None = None

    def start(self) -> None:
        if self._watch is None:
            self._watch = PersonaWatch()
            self.set_interval(PERSONA_CHECK_SECONDS, self._check)

    def _check(self) -> None:
        if self._watch is not None and self._watch.changed():
            self.read_library()

    @work(exclusive=True, group="personas", thread=True, exit_on_error=False)
    def read_library(self) -> None:
        from tutor.core.personas import PersonaLibrary

        self.post_message(PersonasReloaded(PersonaLibrary.load()))
