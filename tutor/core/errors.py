"""Typed failures the student can meet, each carrying one line that names the cause and the fix."""

from __future__ import annotations

from dataclasses import dataclass


class TutorError(Exception):
    """A failure shown to the user as one line (``str(err)``); never a traceback.

    ``exit_code`` is what the CLI exits with: 1 for endpoint/API failures,
    2 for bad usage, config, persona or problem pack.
    """

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def lines(self) -> list[str]:
        """Everything to tell the user, one line each (a file's errors list every problem)."""
        return [self.message]


class UsageError(TutorError):
    """The command line or an argument is wrong."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One problem found in a file: where it is and what to do about it."""

    path: str
    line: int  # 1-based; 0 when unknown
    col: int  # 1-based; 0 when unknown
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class FileProblems(TutorError):
    """A config or persona file that cannot be used, with every problem found in it."""

    exit_code = 2

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = str(problems[0]) if problems else "unknown problem"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(first + more)

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems] or [self.message]


class ConfigError(FileProblems):
    """The config file is broken."""


class PersonaError(FileProblems):
    """A persona file is broken."""


class PackError(FileProblems):
    """A problem of a practice pack cannot be used: its files' problems, with positions."""


class PersonaImportError(TutorError):
    """A file given to ``tutor personas import`` makes no persona: the file, the position where
    there is one, what is wrong and what to do are in the text."""

    exit_code = 2

    def __init__(self, path: str, message: str, line: int = 0, col: int = 0) -> None:
        where = f"{path}:{line}:{col}" if line else path
        super().__init__(f"{where}: {message}")
        self.path, self.line, self.col = path, line, col


class NoEndpoint(TutorError):
    """Nothing is configured and no local server answered."""

    exit_code = 2


class BudgetRefused(TutorError):
    """The request cannot fit the context window; refused before sending (numbers in the text)."""

    exit_code = 2


class TokenizerDataError(TutorError):
    """The bundled tokenizer data is missing or does not match its checksum."""


# --- endpoint failures ---------------------------------------------------------------


class EndpointError(TutorError):
    """A failure talking to the model server.

    ``retryable`` says whether trying again later can help (timeouts, 429, 5xx, drops).
    """

    exit_code = 1
    retryable = False
    attempts_more = 3  # at most this many retries when retryable
    kind = "endpoint"


class CannotConnect(EndpointError):
    retryable = True
    attempts_more = 1  # a server starting up gets one more chance, half a second later
    kind = "cannot-connect"


class HostNotFound(CannotConnect):
    retryable = False  # a typo in the host does not heal by waiting
    kind = "dns"


class RequestTimedOut(EndpointError):
    retryable = True
    kind = "timeout"


class StreamStalled(EndpointError):
    retryable = True
    kind = "stalled"


class KeyRejected(EndpointError):
    kind = "auth"


class ModelNotFound(EndpointError):
    """The server has no such model — or refused one it lists; ``said`` is the server's words."""

    kind = "model-not-found"

    def __init__(self, message: str, models: list[str] | None = None, said: str = "") -> None:
        super().__init__(message)
        self.models = models or []
        self.said = said


class RateLimited(EndpointError):
    retryable = True
    kind = "rate-limited"

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class QuotaExhausted(RateLimited):
    """429 because the account has no credit left: waiting does not help."""

    retryable = False
    kind = "quota"


class ServerFailed(EndpointError):
    retryable = True
    kind = "server-error"

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class ConnectionDropped(EndpointError):
    retryable = True
    kind = "dropped"


class MalformedChunk(EndpointError):
    kind = "malformed"


class ContextOverflow(EndpointError):
    """The server said the prompt is longer than its window; ``window`` is parsed when given."""

    kind = "overflow"

    def __init__(
        self, message: str, window: int | None = None, requested: int | None = None
    ) -> None:
        super().__init__(message)
        self.window = window
        self.requested = requested


class BadRequest(EndpointError):
    kind = "bad-request"


class RolesRejected(EndpointError):
    """The model's chat template refused the message roles (no system role, or turns that do
    not alternate): the conversation sends the request again with them folded together."""

    kind = "roles"


# --- the session store -----------------------------------------------------------------


class StoreError(TutorError):
    """The session store cannot be opened, read or written (the file and the fix are named)."""

    exit_code = 1


class SessionNotFound(StoreError):
    """A session id that is not in the store."""

    exit_code = 2

    def __init__(self, session_id: int) -> None:
        super().__init__(f"no session {session_id} — `tutor sessions list` shows the sessions")
        self.session_id = session_id


class MessageNotFound(StoreError):
    """A message id that is not in the store (its session may have been deleted)."""

    exit_code = 2

    def __init__(self, message_id: int) -> None:
        super().__init__(f"no message {message_id} — its session may have been deleted")
        self.message_id = message_id


class TranscriptError(TutorError):
    """A session file to import is not a valid tutor transcript: one line per problem, each
    naming the file (with line and column when the text is known) and the JSON path."""

    exit_code = 2

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems or ["not a tutor session file"]
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(self.problems[0] + more)

    def lines(self) -> list[str]:
        return list(self.problems)


# --- rehearsals --------------------------------------------------------------------------


class RehearsalError(FileProblems):
    """A rehearsal file (or a persona's ``rehearsals:`` key) that cannot be used."""
