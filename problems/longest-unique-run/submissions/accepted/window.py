def longest_unique_run(s: str) -> int:
    last_at: dict[str, int] = {}
    start = 0
    best = 0
    for i, ch in enumerate(s):
        seen = last_at.get(ch, -1)
        if seen >= start:
            start = seen + 1
        last_at[ch] = i
        if i - start + 1 > best:
            best = i - start + 1
    return best
