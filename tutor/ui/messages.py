"""What the screens' parts, widgets, dialogs and palette commands tell each other.

Parts never reach into each other; they post one of these and the screen routes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from tutor.core.store import StoredMessage
    from tutor.ui.session.desk import Desk


class StoredSessionRead(Message):
    """The newest session, read from the store before anything else loads: show it now."""

    def __init__(self, session_id: int, messages: list[StoredMessage]) -> None:
        super().__init__()
        self.session_id = session_id
        self.messages = messages


class DeskOpened(Message):
    """The workspace is loaded (config, store, personas)."""

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk


class DeskWarm(Message):
    """The slow imports (the SDK, Markdown rendering) are done; counting and sending are quick."""


class DeskFailed(Message):
    """The workspace could not be loaded; ``error`` says what is wrong and what to do (for a
    broken config, one line per problem, then one saying how to go on)."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class OpenSession(Message):
    """Open a stored session (optionally scrolled to one of its messages)."""

    def __init__(self, session_id: int, message_id: int | None = None) -> None:
        super().__init__()
        self.session_id = session_id
        self.message_id = message_id


class NewSession(Message):
    """Start a new session; with no persona the student picks one first."""

    def __init__(self, persona_id: str | None = None, variables: dict[str, Any] | None = None):
        super().__init__()
        self.persona_id = persona_id
        self.variables = variables


class SessionAction(Message):
    """Rename, delete or export a session (``what``: rename | delete | export-md | export-json)."""

    def __init__(self, what: str, session_id: int | None = None) -> None:
        super().__init__()
        self.what = what
        self.session_id = session_id


class UseModel(Message):
    """Switch the open session to another model (None: let the student pick one)."""

    def __init__(self, model: str | None = None) -> None:
        super().__init__()
        self.model = model


class RetryReply(Message):
    """Answer the newest student message again (after an error, or to get another reply)."""


class CopyText(Message):
    """Copy some text to the clipboard; ``what`` names it for the confirmation."""

    def __init__(self, text: str, what: str) -> None:
        super().__init__()
        self.text = text
        self.what = what


class MoreSessions(Message):
    """The sidebar's highlight reached its last session and the store has older ones."""


class PinMessage(Message):
    """Pin a stored message (sent with every request) or unpin it."""

    def __init__(self, message_id: int, pinned: bool) -> None:
        super().__init__()
        self.message_id = message_id
        self.pinned = pinned


class CopyCode(Message):
    """Copy a code block from a reply; the student picks one when there are several."""

    def __init__(self, blocks: list[str]) -> None:
        super().__init__()
        self.blocks = blocks


class SidebarToggled(Message):
    """The sidebar was shown or hidden (the app remembers it)."""

    def __init__(self, shown: bool) -> None:
        super().__init__()
        self.shown = shown


class Connected(Message):
    """The model server answered: the desk has an endpoint and a model."""


class NotConnected(Message):
    """No session can be opened yet; ``note`` says why (shown in the meter)."""

    def __init__(self, note: str) -> None:
        super().__init__()
        self.note = note


class SessionStored(Message):
    """The open session's row changed (its first message stored it, its title was set)."""


class TurnEnded(Message):
    """A turn of the open session ended (the sidebar and header may have news)."""


class StoreChanged(Message):
    """Another process committed to the store: the sidebar and the open session catch up."""


class StoreTrouble(Message):
    """The once-a-second look at the store failed, or its file was removed or replaced
    (``problem``, one line); None: it answers again after trouble."""

    def __init__(self, problem: str | None) -> None:
        super().__init__()
        self.problem = problem


class PersonasReloaded(Message):
    """Persona files changed on disk; ``library`` was read in a thread and is applied on the
    event loop by whoever handles this."""

    def __init__(self, library: Any) -> None:
        super().__init__()
        self.library = library


class SessionsEdited(Message):
    """A session was renamed or deleted here: the sidebar and the header show it."""

    def __init__(self, session_id: int, *, deleted: bool = False) -> None:
        super().__init__()
        self.session_id = session_id
        self.deleted = deleted


class StepVersion(Message):
    """Show another version of a reply (``step`` -1 earlier, +1 later)."""

    def __init__(self, message_id: int, step: int) -> None:
        super().__init__()
        self.message_id = message_id
        self.step = step


class EditPersona(Message):
    """Open the persona editor on ``persona_id`` (None: a new persona, the author names it)."""

    def __init__(self, persona_id: str | None = None) -> None:
        super().__init__()
        self.persona_id = persona_id


class DraftChecked(Message):
    """The editor's text number ``generation`` was checked in a thread (``checked``: a
    ``tutor.core.personas.editing.Checked``); ``cost`` is its always-sent cost when it was
    counted there too. Applied on the event loop, only if no newer text was typed meanwhile."""

    def __init__(self, generation: int, checked: Any, cost: Any = None) -> None:
        super().__init__()
        self.generation = generation
        self.checked = checked
        self.cost = cost


class ProblemPicked(Message):
    """The author picked a problem in the list: go to its line and column."""

    def __init__(self, line: int, col: int) -> None:
        super().__init__()
        self.line = line
        self.col = col


class OpenPractice(Message):
    """Open the practice screen: on ``problem_id``, else (``resume``) on the problem practised
    last, else on the problem list."""

    def __init__(self, problem_id: str | None = None, *, resume: bool = False) -> None:
        super().__init__()
        self.problem_id = problem_id
        self.resume = resume


class ProblemHighlighted(Message):
    """The highlight of the problem list moved to ``problem_id`` (its statement can be read)."""

    def __init__(self, problem_id: str) -> None:
        super().__init__()
        self.problem_id = problem_id


class ProblemChosen(Message):
    """The student picked ``problem_id`` in the problem list: open it to work on."""

    def __init__(self, problem_id: str) -> None:
        super().__init__()
        self.problem_id = problem_id


class CodeSaved(Message):
    """The student's work file was saved (``code``: a ``StudentCode``) — from the code pane,
    or by another program (``elsewhere``: their own editor), and then re-read here."""

    def __init__(self, code: Any, *, elsewhere: bool = False) -> None:
        super().__init__()
        self.code = code
        self.elsewhere = elsewhere


class RunRecorded(Message):
    """A run of the student's code ended and is in the store (``record``: a ``RunRecord``);
    ``first_solve`` when it is the first run that passed every test."""

    def __init__(self, problem_id: str, record: Any, *, first_solve: bool) -> None:
        super().__init__()
        self.problem_id = problem_id
        self.record = record
        self.first_solve = first_solve


class HintRecorded(Message):
    """A hint was given on ``problem_id`` and is in the store."""

    def __init__(self, problem_id: str) -> None:
        super().__init__()
        self.problem_id = problem_id
