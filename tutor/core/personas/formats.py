"""The other tools' formats a persona can be imported from and exported to (names only)."""

from __future__ import annotations

IMPORT_FORMATS = ("llm", "aichat", "modelfile", "fabric", "card")
EXPORT_FORMATS = ("modelfile", "llm")
