"""One-line snippets of a message around a search match, with the matches' spans."""

from __future__ import annotations

import re

SNIPPET_WIDTH = 120
SEPARATORS = re.compile(r"[\s\x00-\x1f\x7f]+")  # whitespace and control characters


def snippet(content: str, pattern: re.Pattern[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """One line around the first match, and the spans of the matches inside it."""
    first = pattern.search(content)
    at = first.start() if first else 0
    # Flatten only a window of the raw text, so a huge message costs no more than a small one.
    lo, hi = max(0, at - 2 * SNIPPET_WIDTH), at + 2 * SNIPPET_WIDTH
    head = SEPARATORS.sub(" ", content[lo:at])
    tail = SEPARATORS.sub(" ", content[at:hi])
    if lo == 0:
        head = head.lstrip()
    if hi >= len(content):
        tail = tail.rstrip()
    keep = min(len(head), max(SNIPPET_WIDTH // 3, SNIPPET_WIDTH - len(tail)))
    text = head[len(head) - keep :] + tail
    cut_start, cut_end = lo > 0 or keep < len(head), len(text) > SNIPPET_WIDTH or hi < len(content)
    text = text[:SNIPPET_WIDTH].strip()
    text = ("…" if cut_start else "") + text + ("…" if cut_end else "")
    return text, tuple(m.span() for m in pattern.finditer(text))
