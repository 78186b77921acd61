"""The guard's verdict on one reply: leak or not, how strong, what kind, where, and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# What leaked: the reference renamed / re-commented / re-laid-out; any complete solution (another
# approach too); a solution in another language; a fill-in holding every real line (maybe split
# over blocks); a prose walkthrough (the judge's call only).
LEAK_KINDS = ("copy", "complete", "port", "skeleton", "walkthrough")


@dataclass(frozen=True)
class LeakReport:
    """``score`` is the strongest signal found, 0–1: the share of a reference's fingerprints in
    the reply's code, the share of hidden tests a block passed, 1.0 for a complete solution's
    shape or the judge's yes. ``spans`` are character offsets into the reply (end exclusive)
    of the code that leaks; ``reasons`` say what each layer found, one line each."""

    leak: bool
    score: float
    kind: str | None
    spans: list[tuple[int, int]] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "leak": self.leak,
            "score": round(self.score, 3),
            "kind": self.kind,
            "spans": [[start, end] for start, end in self.spans],
            "reasons": list(self.reasons),
        }
