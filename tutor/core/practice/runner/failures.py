"""Why code could not be run at all, each said in one line with what to do."""

from __future__ import annotations

from tutor.core.errors import TutorError


class RunnerError(TutorError):
    """The code could not be run (not: it ran and failed — that is a verdict)."""

    exit_code = 2


class LanguageUnavailable(RunnerError):
    """The language's toolchain is not installed (or cannot be reached by the run's user)."""


class IsolationUnavailable(RunnerError):
    """STRICT isolation was asked for and this machine cannot give it."""


class UnknownLanguage(RunnerError):
    """A language name or file extension the runner does not know."""
