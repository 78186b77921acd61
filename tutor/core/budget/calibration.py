"""Learning from what the server counted: template overhead, estimate scale, silent truncation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tutor.core.budget.context import MESSAGE_OVERHEAD, REPLY_PRIMING
from tutor.core.budget.facts import EndpointFacts

if TYPE_CHECKING:
    from tutor.core.endpoint.client import ModelClient
    from tutor.core.tokens.counter import TokenCounter

SAMPLES_KEPT = 12
TRUNCATION_RATIO = 0.6  # the server counted this much less than was sent: it dropped some


@dataclass(frozen=True)
class Calibration:
    """How to turn content counts into a prompt count for one endpoint+model."""

    overhead: float = MESSAGE_OVERHEAD  # tokens per message
    priming: float = REPLY_PRIMING  # tokens once per request
    scale: float = 1.0  # >1 when our tokenizer under-counts this model's
    samples: int = 0


class Calibrator:
    """Keeps a per-endpoint+model correction in the facts file, updated after each reply."""

    def __init__(self, facts: EndpointFacts, key: str, counter_key: str) -> None:
        self.facts = facts
        self.key = key
        self.counter_key = counter_key

    def current(self) -> Calibration:
        entry = self.facts.get(self.key).get("calibration")
        if not isinstance(entry, dict) or entry.get("counter") != self.counter_key:
            return Calibration()
        return Calibration(
            overhead=float(entry.get("overhead", MESSAGE_OVERHEAD)),
            priming=float(entry.get("priming", REPLY_PRIMING)),
            scale=float(entry.get("scale", 1.0)),
            samples=len(entry.get("samples", [])),
        )

    def observe(
        self,
        *,
        content_tokens: int,
        messages: int,
        estimate: int,
        server_prompt_tokens: int,
        exact_content: bool,
    ) -> str | None:
        """Record one reply's usage; return a warning when the server saw far less than sent."""
        if server_prompt_tokens <= 0 or estimate <= 0:
            return None
        if server_prompt_tokens < TRUNCATION_RATIO * estimate and estimate >= 64:
            return (
                f"the server counted {server_prompt_tokens:,} prompt tokens but ~{estimate:,} were "
                "sent: it may have silently dropped the start of the conversation (Ollama does "
                "this when its window is smaller than the request) — set context_window for this "
                "endpoint to the server's real window"
            )
        entry = self.facts.get(self.key).get("calibration")
        if not isinstance(entry, dict) or entry.get("counter") != self.counter_key:
            entry = {"counter": self.counter_key, "samples": []}
        samples = [s for s in entry.get("samples", []) if isinstance(s, list) and len(s) == 3]
        samples.append([messages, content_tokens, server_prompt_tokens])
        samples = samples[-SAMPLES_KEPT:]
        entry["samples"] = samples
        if exact_content:
            entry["overhead"], entry["priming"] = _fit_overhead(samples)
            entry["scale"] = 1.0
        else:
            ratios = [
                s[2] / (s[1] + MESSAGE_OVERHEAD * s[0] + REPLY_PRIMING)
                for s in samples
                if s[1] + s[0] > 0
            ]
            ratios.sort()
            entry["scale"] = max(1.0, ratios[len(ratios) // 2]) if ratios else 1.0
        self.facts.update(self.key, calibration=entry)
        return None


PROBES = (
    [{"role": "system", "content": "a"}],
    [
        {"role": "system", "content": "a"},
        {"role": "user", "content": "b"},
        {"role": "assistant", "content": "c"},
    ],
)


async def calibrate_by_probing(
    client: ModelClient, counter: TokenCounter, calibrator: Calibrator
) -> None:
    """Learn a server's per-message template overhead from two tiny one-token requests."""
    for messages in PROBES:
        counted = await counter.count_texts([m["content"] for m in messages])
        server = await client.prompt_tokens_of(messages)
        if server is None:
            return
        estimate = sum(counted) + MESSAGE_OVERHEAD * len(messages) + REPLY_PRIMING
        calibrator.observe(
            content_tokens=sum(counted),
            messages=len(messages),
            estimate=estimate,
            server_prompt_tokens=server,
            exact_content=counter.exact,
        )


def _fit_overhead(samples: list[list[int]]) -> tuple[float, float]:
    """Fit ``server − content = overhead × messages + priming`` by least squares."""
    xs = [float(s[0]) for s in samples]
    ys = [float(s[2] - s[1]) for s in samples]
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:  # one message count seen so far: split the extra evenly
        per = mean_y / (mean_x + 1)
        return max(per, 0.0), max(per, 0.0)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    slope = max(slope, 0.0)
    return slope, max(mean_y - slope * mean_x, 0.0)
