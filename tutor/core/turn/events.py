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
    message: StoredMessage
    finish_reason: str | None
    usage: Usage | None


@dataclass(frozen=True)
class ReplyFailed:
    """The reply failed; ``message`` is the stored reply row (partial text, status 'error')."""

    error: TutorError
    message: StoredMessage | None


TurnEvent = StudentSaved | RequestSized | Notice | ReplyText | ReplyDone | ReplyFailed
