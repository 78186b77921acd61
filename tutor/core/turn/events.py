"""What a turn reports as it happens; the CLI and the app render these and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tutor.core.endpoint.events import ReplyText, Usage
from tutor.core.errors import TutorError

if TYPE_CHECKING:
    from tutor.core.budget.sizing import SizedPlan
    from tutor.core.store import StoredMessage


@dataclass(frozen=True)
class StudentSaved:
    message: StoredMessage


@dataclass(frozen=True)
class RequestSized:
    sized: SizedPlan


@dataclass(frozen=True)
class Notice:
    """Something the student should know that is not an error (retrying, learned window)."""

    text: str


@dataclass(frozen=True)
class ReplyDone:
    """The reply is complete and current; ``replaced`` are the ids of the versions it
    replaced (when the student asked for the answer again)."""

    message: StoredMessage
    finish_reason: str | None
    usage: Usage | None
    replaced: tuple[int, ...] = ()


@dataclass(frozen=True)
class ReplyFailed:
    """The reply failed; ``message`` is the stored reply row (partial text, status 'error').

    ``current`` is False for a failed new version of an answer: the row is kept as an
    earlier version ('replaced') and the reply the student had stays shown and sent.
    """

    error: TutorError
    message: StoredMessage | None
    current: bool = True


@dataclass(frozen=True)
class CodeHeld:
    """A code block started in the reply: it is checked before it is shown (show a
    "checking code…" line until ``CodeChecked``)."""


@dataclass(frozen=True)
class CodeChecked:
    """The held block was checked: released (its text follows as ``ReplyText``) or, when
    ``withheld``, replaced by a notice (which follows as ``ReplyText``)."""

    withheld: bool


@dataclass(frozen=True)
class ReplyWithdrawn:
    """The whole reply, already shown, was found to write out the solution once it ended (code
    the streaming gate could not tell as code): show ``text`` (the notice) in its place; the
    store holds only that."""

    text: str


TurnEvent = (
    StudentSaved
    | RequestSized
    | Notice
    | ReplyText
    | ReplyDone
    | ReplyFailed
    | CodeHeld
    | CodeChecked
    | ReplyWithdrawn
)
