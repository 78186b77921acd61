"""Palette (Ctrl+P) commands: ``persona:``, ``session:``, ``model:``, ``theme:``, ``export:``,
and on the persona editor ``editor:``.

Providers get what they list from the screen they were opened on, through the small
``PaletteSource`` protocol, and act by posting messages to it — never by importing it. Entry
texts come from outside (titles, names, model ids): they are shown as plain text, never markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.message import Message

from tutor.ui.messages import EditPersona, NewSession, OpenSession, SessionAction, UseModel
from tutor.ui.rendering.plain import escaped, highlighted, plain

MATCH_STYLE = "bold underline"


@runtime_checkable
class PaletteSource(Protocol):
    """What a screen offers the palette."""

    def palette_personas(self) -> list[tuple[str, str, str]]:
        """(id, name, description) of each persona."""
        ...

    def palette_sessions(self) -> list[tuple[int, str, str]]:
        """(id, title, persona) of recent sessions, newest first."""
        ...

    async def palette_models(self) -> list[str]:
        """The models the endpoint lists."""
        ...

    def palette_broken_personas(self) -> list[str]:
        """Ids of persona files that did not load (they can be opened in the editor)."""
        ...


@runtime_checkable
class EditorSource(Protocol):
    """What the persona editor offers the palette."""

    def palette_editor(self) -> list[tuple[str, str, str]]:
        """(entry, help, action name) of each command."""
        ...


@dataclass(frozen=True)
class Entry:
    text: str
    help: str
    run: Callable[[], object]


class _Listed(Provider):
    """A provider over a list of entries built once when the palette opens."""

    entries: list[Entry]

    async def startup(self) -> None:
        source = self.screen if isinstance(self.screen, PaletteSource) else None
        self.entries = await self.build(source) if source is not None else []

    async def build(self, source: PaletteSource) -> list[Entry]:
        raise NotImplementedError

    def post(self, message: Message) -> Callable[[], object]:
        return partial(self.screen.post_message, message)

    async def discover(self) -> Hits:
        for entry in self.entries:
            yield DiscoveryHit(
                plain(entry.text), entry.run, text=entry.text, help=escaped(entry.help)
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self.entries:
            score, offsets = matcher.fuzzy_search.match(query, entry.text)
            if score > 0:
                shown = highlighted(entry.text, offsets, MATCH_STYLE)
                yield Hit(score, shown, entry.run, text=entry.text, help=escaped(entry.help))


class PersonaCommands(_Listed):
    async def build(self, source: PaletteSource) -> list[Entry]:
        personas = source.palette_personas()
        entries = [
            Entry(f"persona: {name}", desc, self.post(NewSession(pid)))
            for pid, name, desc in personas
        ]
        entries.append(
            Entry("persona: new", "write a new persona in the editor", self.post(EditPersona()))
        )
        entries += [
            Entry(f"persona: edit {name}", f"open {pid} in the editor", self.post(EditPersona(pid)))
            for pid, name, _ in personas
        ]
        entries += [
            Entry(
                f"persona: edit {pid}",
                "its file has problems — fix them in the editor",
                self.post(EditPersona(pid)),
            )
            for pid in source.palette_broken_personas()
        ]
        return entries


class SessionCommands(_Listed):
    async def build(self, source: PaletteSource) -> list[Entry]:
        entries = [Entry("session: new", "Start a new session", self.post(NewSession()))]
        for what, words in (("rename", "Rename"), ("delete", "Delete")):
            entries.append(Entry(f"session: {what}", f"{words} this session", self._act(what)))
        entries.append(Entry("session: search", "Search all sessions", self._act("search")))
        for sid, title, persona in source.palette_sessions():
            label = title or "(untitled)"
            entries.append(
                Entry(f"session: {label}", f"open ({persona})", self.post(OpenSession(sid)))
            )
        return entries

    def _act(self, what: str) -> Callable[[], object]:
        return self.post(SessionAction(what))


class ModelCommands(_Listed):
    async def build(self, source: PaletteSource) -> list[Entry]:
        try:
            models = await source.palette_models()
        except Exception as error:  # an endpoint failure is shown as the one entry
            return [Entry(f"model: cannot list models — {error}", "", lambda: None)]
        return [
            Entry(f"model: {m}", "use this model from now on", self.post(UseModel(m)))
            for m in models
        ]


class ThemeCommands(_Listed):
    async def build(self, source: PaletteSource) -> list[Entry]:
        return [
            Entry(f"theme: {name}", "switch theme (remembered)", partial(self._use, name))
            for name in sorted(self.app.available_themes)
        ]

    def _use(self, name: str) -> None:
        self.app.theme = name


class ExportCommands(_Listed):
    async def build(self, source: PaletteSource) -> list[Entry]:
        return [
            Entry("export: Markdown", "write this session as Markdown", self._act("export-md")),
            Entry("export: JSON", "write this session as JSON", self._act("export-json")),
        ]

    def _act(self, what: str) -> Callable[[], object]:
        return self.post(SessionAction(what))


class EditorCommands(_Listed):
    """The persona editor's commands: they run the screen's own actions."""

    async def startup(self) -> None:
        screen = self.screen
        listed = screen.palette_editor() if isinstance(screen, EditorSource) else []
        self.entries = [
            Entry(text, help, partial(screen.run_action, action)) for text, help, action in listed
        ]
