"""The session store: every tutoring session in one SQLite file, searchable and exportable."""

from tutor.core.errors import MessageNotFound, SessionNotFound, StoreError, TranscriptError
from tutor.core.store.practice_records import (
    PROBLEM_STATUSES,
    HintRecord,
    ProblemProgress,
    RunRecord,
)
from tutor.core.store.records import (
    FINAL_STATUSES,
    ROLES,
    STATUSES,
    Role,
    SearchHit,
    SessionInfo,
    Status,
    StoredMessage,
    TitleHit,
)
from tutor.core.store.store import IN_MEMORY, Store

__all__ = [
    "FINAL_STATUSES",
    "IN_MEMORY",
    "PROBLEM_STATUSES",
    "ROLES",
    "STATUSES",
    "HintRecord",
    "MessageNotFound",
    "ProblemProgress",
    "Role",
    "RunRecord",
    "SearchHit",
    "SessionInfo",
    "SessionNotFound",
    "Status",
    "Store",
    "StoreError",
    "StoredMessage",
    "TitleHit",
    "TranscriptError",
]
