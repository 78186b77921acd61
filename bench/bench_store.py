"""Benchmark of the session store at scale: 10,000 sessions, 1,000,000 messages.

    .venv/bin/python bench/bench_store.py [--rebuild] [--runs N]

Builds (once; cached under the temp dir) a store of mixed English/Korean tutoring talk,
a few hundred bytes a message, one session of 5,000 messages among them; messages of all
sessions interleave in time, as in real use. Then it measures, through the public
``Store`` API on a cold-opened store, the median of:

- the newest 50 sessions (target ≤ 20 ms),
- full-text search, several queries incl. Korean and 2-character Korean words (≤ 100 ms),
- the newest 100 messages of the 5,000-message session (≤ 20 ms).
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import sqlite3
import statistics
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.core.store import Store

SESSIONS = 10_000
MESSAGES = 1_000_000
BIG_SESSION_MESSAGES = 5_000
CACHE = Path(tempfile.gettempdir()) / "tutor-bench-store-v3.sqlite3"
QUERIES = (
    "binary search",
    "recursion",
    "해시맵",
    "시간 복잡도",
    "정렬",
    "재귀",
    "O(n log n)",
    "memoization 배열",
    "Fenwick",
    "펜윅",
    "zebra",
    "Dijkstra 펜윅",
    "힙",
    "a",
)

ALGOS = [
    "binary search", "merge sort", "quick sort", "bubble sort", "two pointers", "sliding window",
    "dynamic programming", "memoization", "recursion", "breadth-first search",
    "depth-first search", "Dijkstra's algorithm", "union-find", "topological sort",
    "a hash map", "a heap", "a stack", "a queue", "prefix sums", "backtracking",
]  # fmt: skip
ALGOS_KO = [
    "이진 탐색", "병합 정렬", "퀵 정렬", "버블정렬", "투 포인터", "슬라이딩 윈도우", "동적 계획법",
    "메모이제이션", "재귀", "너비 우선 탐색", "깊이 우선 탐색", "다익스트라", "유니온 파인드",
    "위상 정렬", "해시맵", "힙", "스택", "큐", "누적 합", "백트래킹", "삽입정렬", "배열",
]  # fmt: skip
PARTICLES = ["을", "를", "이", "가", "은", "는", "에서", "으로", "의", "도", "에", "와", "하고"]
RARE = ["A Fenwick tree answers prefix sums in O(log n).", "펜윅 트리로 구간 합을 구해 볼까요?"]
THINGS = ["array", "list", "string", "tree", "graph", "matrix", "interval", "linked list"]
THINGS_KO = ["배열", "리스트", "문자열", "트리", "그래프", "행렬", "구간", "연결 리스트"]
NAMES = ["nums", "arr", "left", "right", "mid", "memo", "seen", "dp", "stack", "total", "i", "j"]
EN = [
    "What happens to {name} when the {thing} has only one element?",
    "Before we write any code, can you say in your own words what {algo} does?",
    "I think the answer is O(n log n) because we split the {thing} in half each time.",
    "Try tracing {algo} by hand on [{a}, {b}, {c}, {d}]. What is {name} after the first step?",
    "Why did you choose {algo} here instead of a simple loop?",
    "My code returns {a} but the expected output is {b}, I don't see why.",
    "How many times does the inner loop run when n is {a}?",
    "What is the base case of your recursion, and what does it return?",
    "Good. Now, what would change if the {thing} were already sorted?",
    "Can {name} ever be negative? Which input would make that happen?",
    "I used {algo} but it times out on the last test with n = {e}.",
    "Which part of this is doing repeated work that we could remember instead?",
    "So the time complexity is O(n^2) and the space is O(1), right?",
    "Let's look at the edge cases: an empty {thing}, one element, all equal values.",
    "def solve({name}):\n    for i in range(len({name})):\n        if {name}[i] > {a}:\n"
    "            return i\n    return -1",
    "You said the loop stops when left > right. What is true about the range at that moment?",
    "I'm stuck on the step where we merge the two halves of the {thing}.",
    "What does the call stack look like after three calls?",
]
PARTICLES = ["을", "를", "이", "가", "은", "는", "에서", "으로", "의", "도", "에", "와", "하고"]
RARE = ["A Fenwick tree answers prefix sums in O(log n).", "펜윅 트리로 구간 합을 구해 볼까요?"]
KO = [
    "{algo}을 코드로 쓰기 전에, 먼저 말로 설명해 볼 수 있을까요?",
    "{thing}의 길이가 1이면 {name}는 어떻게 되나요?",
    "시간 복잡도는 O(n log n)인 것 같아요. 매번 반으로 나누니까요.",
    "[{a}, {b}, {c}, {d}]로 {algo}을 손으로 따라가 보세요. 첫 단계가 끝나면 {name}는 무엇인가요?",
    "왜 여기서 단순한 반복문 대신 {algo}을 골랐나요?",
    "제 코드는 {a}을 반환하는데 기대값은 {b}예요. 이유를 모르겠어요.",
    "n이 {a}일 때 안쪽 반복문은 몇 번 실행되나요?",
    "재귀의 종료 조건은 무엇이고, 그때 무엇을 반환하나요?",
    "좋아요. {thing}이 이미 정렬되어 있다면 무엇이 달라질까요?",
    "{name}가 음수가 될 수도 있나요? 어떤 입력이면 그럴까요?",
    "{algo}을 썼는데 n = {e}인 마지막 테스트에서 시간 초과가 나요.",
    "같은 계산을 반복하는 부분이 어디일까요? 그걸 기억해 두면 어떨까요?",
    "그러면 시간 복잡도는 O(n^2)이고 공간은 O(1)이 맞나요?",
    "엣지 케이스를 생각해 봅시다: 빈 {thing}, 원소가 하나, 모두 같은 값.",
    "left > right가 되면 반복이 멈춘다고 했죠. 그 순간 범위에 대해 무엇이 참인가요?",
    "{thing}의 두 절반을 합치는 단계에서 막혔어요.",
    "세 번 호출한 뒤 호출 스택은 어떤 모습일까요?",
    "해시맵에 무엇을 키로, 무엇을 값으로 넣으면 좋을까요?",
]


def _fill(template: str, rng: random.Random, korean: bool) -> str:
    return template.format(
        algo=rng.choice(ALGOS_KO if korean else ALGOS),
        thing=rng.choice(THINGS_KO if korean else THINGS),
        name=rng.choice(NAMES),
        a=rng.randint(0, 99), b=rng.randint(0, 99), c=rng.randint(0, 99), d=rng.randint(0, 99),
        e=rng.choice([10**5, 2 * 10**5, 10**6]),
    )  # fmt: skip


class Prose:
    """Filler text with a realistic vocabulary: real English lines from the Python standard
    library's comments, and Korean-like words (Hangul syllables, Zipf-distributed, with
    particles) — so the trigram index sees as many distinct trigrams as real talk makes."""

    def __init__(self, rng: random.Random) -> None:
        root = Path(sysconfig.get_paths()["stdlib"])
        prose = re.compile(r"[A-Za-z][A-Za-z ,.;:'()\-]+")
        self.english = [
            line
            for path in sorted(root.glob("*.py"))
            for line in (raw.strip().lstrip("#").strip() for raw in _lines(path))
            if len(line.split()) >= 6 and prose.fullmatch(line)
        ]
        syllables = rng.sample(range(0xAC00, 0xD7A4), 1500)
        zipf = list(itertools.accumulate(1 / (rank + 1) for rank in range(1500)))
        lengths = [1] * 10 + [2] * 45 + [3] * 30 + [4] * 15
        self.words = [
            "".join(chr(c) for c in rng.choices(syllables, cum_weights=zipf, k=rng.choice(lengths)))
            for _ in range(40_000)
        ]
        self.word_weights = list(itertools.accumulate(1 / (r + 1) for r in range(40_000)))
        self.rng = rng

    def korean(self) -> str:
        rng = self.rng
        words = rng.choices(self.words, cum_weights=self.word_weights, k=rng.randint(4, 10))
        return (
            " ".join(w + (rng.choice(PARTICLES) if rng.random() < 0.55 else "") for w in words)
            + "."
        )

    def sentence(self, korean: bool) -> str:
        return self.korean() if korean else self.rng.choice(self.english)


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8", errors="replace").splitlines()


def _content(rng: random.Random, language: str, prose: Prose) -> str:
    parts = []
    for _ in range(rng.randint(2, 5)):
        korean = language == "ko" or (language == "mixed" and rng.random() < 0.5)
        if rng.random() < 0.5:
            parts.append(prose.sentence(korean))
        else:
            parts.append(_fill(rng.choice(KO if korean else EN), rng, korean))
    if rng.random() < 0.001:
        parts.append(rng.choice(RARE))
    return " ".join(parts)


def _plan(rng: random.Random) -> list[tuple[float, int]]:
    """(time, session) of every message; the messages of all sessions interleave in time."""
    start = time.time() - 2 * 365 * 86400
    sizes = [BIG_SESSION_MESSAGES] + [0] * (SESSIONS - 1)
    rest = MESSAGES - BIG_SESSION_MESSAGES
    for i in range(1, SESSIONS):
        sizes[i] = rest // (SESSIONS - 1) + (1 if i <= rest % (SESSIONS - 1) else 0)
    plan = []
    for sid, size in enumerate(sizes, start=1):
        at = start + rng.random() * 700 * 86400
        for _ in range(size):
            at += rng.expovariate(1 / 90) if rng.random() > 0.02 else rng.random() * 5 * 86400
            plan.append((at, sid))
    plan.sort()
    return plan


def build(path: Path) -> None:
    rng = random.Random(20261126)
    prose = Prose(rng)
    Store.open(path).close()  # the real schema
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    languages = [rng.choice(["en", "en", "ko", "ko", "mixed"]) for _ in range(SESSIONS + 1)]
    plan = _plan(rng)
    first: dict[int, float] = {}
    last: dict[int, float] = {}
    conn.execute("BEGIN")
    for at, sid in plan:
        first.setdefault(sid, at)
        last[sid] = at
    conn.executemany(
        "INSERT INTO sessions (id, title, persona, endpoint, model, variables, created_at, "
        "updated_at) VALUES (?, ?, 'socratic', 'openai', 'gpt-4o-mini', '{}', ?, ?)",
        [
            (sid, _content(rng, languages[sid], prose)[:60], first[sid], last[sid])
            for sid in range(1, SESSIONS + 1)
        ],
    )
    conn.execute("COMMIT")
    turn: dict[int, int] = {}

    def rows(chunk: list[tuple[float, int]]) -> Iterator[tuple[object, ...]]:
        for at, sid in chunk:
            n = turn[sid] = turn.get(sid, -1) + 1
            role = "user" if n % 2 == 0 else "assistant"
            yield (sid, role, _content(rng, languages[sid], prose), at, None if n % 2 == 0 else "m")

    step = 100_000
    for lo in range(0, len(plan), step):
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO messages (session_id, role, content, status, created_at, model) "
            "VALUES (?, ?, ?, 'complete', ?, ?)",
            rows(plan[lo : lo + step]),
        )
        conn.execute("COMMIT")
        print(f"  {lo + step:,} messages", file=sys.stderr, flush=True)
    conn.execute("INSERT INTO message_text (message_text) VALUES ('optimize')")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def timings_ms(action: Callable[[], object], runs: int) -> list[float]:
    action()  # warm the page cache once; every run after reads what a running app would
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        action()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def median_ms(action: Callable[[], object], runs: int) -> float:
    return statistics.median(timings_ms(action, runs))


def sampled_queries(store: Store, count: int, short: bool) -> list[str]:
    """Queries cut from random stored messages: 1–2 characters, or 1–3 whole words."""
    rng = random.Random(7 if short else 8)
    top = store.conn.execute("SELECT max(id) FROM messages").fetchone()[0]
    queries: list[str] = []
    while len(queries) < count:
        text = store.get_message(rng.randint(1, top)).content
        if short:
            at = rng.randrange(len(text) - 2)
            piece = text[at : at + rng.choice([1, 2, 2])]
            if piece.strip() == piece and " " not in piece:
                queries.append(piece)
        else:
            queries.append(" ".join(rng.choices(text.split(), k=rng.randint(1, 3))))
    return queries


def spread(values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    return f"median {statistics.median(ordered):.2f} ms, p90 {p90:.2f} ms, max {ordered[-1]:.2f} ms"


def measure_search(store: Store, runs: int) -> None:
    every: list[float] = []
    for query in QUERIES:
        times = timings_ms(lambda q=query: store.search(q), runs)  # type: ignore[misc]
        every += times
        hits = len(store.search(query))
        print(f"  search {query!r}: {statistics.median(times):.2f} ms ({hits} hits)")
    print(f"search, all runs of the {len(QUERIES)} queries above: {spread(every)}")
    for label, short in (("1–2 characters", True), ("1–3 words", False)):
        queries = sampled_queries(store, 100, short)
        medians = [median_ms(lambda q=q: store.search(q), 3) for q in queries]  # type: ignore[misc]
        print(f"search, 100 sampled queries of {label}: {spread(medians)}")


def measure_writes(store: Store, runs: int) -> None:
    """A reply streamed into the big store (each call one committed, fsynced transaction)."""
    sid = store.create_session("socratic", "bench", "m").id
    add = timings_ms(lambda: store.add_message(sid, "user", "힙 정렬은 안정적인가요?"), runs)
    rid = store.begin_reply(sid, "m")
    text = ["Let's see. "]

    def grow() -> None:
        text.append("한 단계씩 생각해 봐요, what happens next? ")
        store.update_reply(rid, "".join(text))

    update = timings_ms(grow, runs)
    finish = []
    for _ in range(runs):
        reply = store.begin_reply(sid, "m")
        t0 = time.perf_counter()
        store.finish_reply(reply, "".join(text), "complete")
        finish.append((time.perf_counter() - t0) * 1000)
    store.delete_session(sid)
    print(f"add_message: {statistics.median(add):.2f} ms, update_reply: "
          f"{statistics.median(update):.2f} ms, finish_reply "
          f"({len(''.join(text))} chars, indexed): {statistics.median(finish):.2f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="build the store again")
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--path", type=Path, default=CACHE)
    args = parser.parse_args()
    if args.rebuild or not args.path.exists():
        args.path.unlink(missing_ok=True)
        print(f"building {args.path} ...", file=sys.stderr)
        t0 = time.perf_counter()
        build(args.path)
        print(f"built in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    size_mb = args.path.stat().st_size / 1e6
    t0 = time.perf_counter()
    store = Store.open(args.path)
    open_ms = (time.perf_counter() - t0) * 1000
    big = store.get_session(1)
    print(f"store: {args.path} ({size_mb:,.0f} MB), {store.message_count(big.id):,} messages "
          f"in session 1, opened in {open_ms:.1f} ms")  # fmt: skip
    print(f"newest 50 sessions: {median_ms(lambda: store.list_sessions(50), args.runs):.2f} ms")
    print(f"newest 100 messages of session 1: "
          f"{median_ms(lambda: store.messages(big.id, limit=100), args.runs):.2f} ms")  # fmt: skip
    measure_search(store, args.runs)
    measure_writes(store, args.runs)
    store.close()


if __name__ == "__main__":
    main()
