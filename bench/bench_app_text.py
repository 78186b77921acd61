"""What the app benchmarks stream and open: tutoring replies in Markdown, and long sessions.

Everything is generated from a fixed seed, so every run of every benchmark sees the same text:
headings, paragraphs in English and Korean, lists, inline code, bold, and Python code blocks.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

FIXED_START = 1795000000.0  # 2026-11-18 (UTC)
SIZES = (2, 300, 5000)  # messages in the sessions ``build_stores`` makes

_ENGLISH = [
    "Before you write any code, say in one sentence what the function should return.",
    "What happens to the list when the loop reaches its last element?",
    "Try the smallest input you can think of and trace it by hand.",
    "Which of these two steps does the same work twice?",
    "If the array were already sorted, what would change in your plan?",
    "Look at the **invariant**: what stays true after every pass of the loop?",
    "You said `left` moves right; when does it stop, and why is that enough?",
    "Count how many times the inner loop runs when `n` doubles.",
    "A hash map gives you lookups in `O(1)` on average; what would you look up?",
    "What does the recursion return for the base case, and is that the right value?",
]
_KOREAN = [
    "좋아요, 지금까지 생각한 방법을 한 줄로 정리해 볼까요?",
    "이 반복문이 끝날 때 `i`에는 어떤 값이 들어 있을까요?",
    "가장 작은 입력으로 직접 따라가 보면 무엇이 보이나요?",
    "시간 복잡도가 **O(n²)** 이 되는 이유는 어디에 있을까요?",
    "재귀 호출이 멈추는 조건을 먼저 적어 보세요.",
]
_CODE = [
    "def two_sum(nums, target):\n    seen = {}\n    for i, x in enumerate(nums):\n"
    "        if target - x in seen:\n            return seen[target - x], i\n"
    "        seen[x] = i\n    return None",
    "def binary_search(xs, want):\n    lo, hi = 0, len(xs) - 1\n    while lo <= hi:\n"
    "        mid = (lo + hi) // 2\n        if xs[mid] == want:\n            return mid\n"
    "        if xs[mid] < want:\n            lo = mid + 1\n"
    "        else:\n            hi = mid - 1\n"
    "    return -1",
    "def depth(node):\n    if node is None:\n        return 0\n"
    "    return 1 + max(depth(node.left), depth(node.right))",
    "for i in range(len(xs)):\n    for j in range(i + 1, len(xs)):\n"
    "        if xs[i] + xs[j] == target:\n            print(i, j)",
]


def _block(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.12:
        return (
            "## "
            + rng.choice(["Step", "A question", "단계", "Edge cases"])
            + f" {rng.randint(1, 9)}"
        )
    if kind < 0.32:
        return "```python\n" + rng.choice(_CODE) + "\n```"
    if kind < 0.5:
        items = rng.sample(_ENGLISH + _KOREAN, rng.randint(2, 4))
        return "\n".join(f"- {item}" for item in items)
    pool = _KOREAN if rng.random() < 0.25 else _ENGLISH
    return " ".join(rng.choice(pool) for _ in range(rng.randint(2, 5)))


def markdown_reply(chars: int, *, seed: int = 7, last_line: str = "") -> str:
    """A Markdown reply of about ``chars`` characters (never fewer), ending with ``last_line``."""
    rng = random.Random(seed)
    blocks: list[str] = []
    size = len(last_line)
    while size < chars:
        block = _block(rng)
        blocks.append(block)
        size += len(block) + 2
    if last_line:
        blocks.append(last_line)
    return "\n\n".join(blocks) + "\n"


def even_chunks(text: str, count: int) -> list[str]:
    """``text`` cut into exactly ``count`` pieces of (nearly) equal length, as deltas."""
    size = len(text)
    return [text[i * size // count : (i + 1) * size // count] for i in range(count)]


def student_message(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return "I wrote this:\n\n```python\n" + rng.choice(_CODE) + "\n```\n\nIs it right?"
    pool = _KOREAN if rng.random() < 0.3 else _ENGLISH
    return " ".join(rng.choice(pool).replace("**", "") for _ in range(rng.randint(1, 2)))


def session_transcript(
    title: str, messages: int, *, start: float = FIXED_START, last_line: str = "", seed: int = 11
) -> dict[str, Any]:
    """A finished session of ``messages`` messages (student and tutor in turn) in the export
    format; the tutor's replies are 200–1,500 characters; the last one ends with ``last_line``."""
    from tests.transcripts import Said, transcript

    rng = random.Random(seed)
    said: list[Said] = []
    for index in range(messages):
        student = index % 2 == 0
        if student:
            content = student_message(rng)
        else:
            content = markdown_reply(rng.randint(200, 1500), seed=rng.randint(0, 10**6))
        if index == messages - 1 and last_line:
            content = content.rstrip("\n") + "\n\n" + last_line + "\n"
        said.append(("user" if student else "assistant", content, start + index * 30))
    return transcript(title, said, start=start)


def build_stores(home: Path) -> dict[str, Path]:
    """Data dirs: ``sidebar`` holds a small session (the newest) and one of each of ``SIZES``
    (in that order below it, the largest oldest); ``"300"`` etc. hold that session alone. The
    last message of each ends with "(end of session N)"."""
    from tutor.core.store import Store

    dirs = {"sidebar": home / "data-sidebar"} | {str(n): home / f"data-{n}" for n in SIZES}
    for size in SIZES:
        path = dirs[str(size)]
        path.mkdir()
        with Store.open(path / "sessions.sqlite3") as store:
            transcript = session_transcript(
                f"A session of {size} messages", size, last_line=f"(end of session {size})"
            )
            store.import_json(transcript, source="bench")
    dirs["sidebar"].mkdir()
    with Store.open(dirs["sidebar"] / "sessions.sqlite3") as store:
        for age, size in enumerate(reversed(SIZES)):  # the largest is the oldest
            start = FIXED_START + age * 86400 * 300
            transcript = session_transcript(
                f"A session of {size} messages",
                size,
                start=start,
                last_line=f"(end of session {size})",
            )
            store.import_json(transcript, source="bench")
        newest = session_transcript("Today", 2, start=FIXED_START + 86400 * 2000, seed=3)
        store.import_json(newest, source="bench")
    return dirs
