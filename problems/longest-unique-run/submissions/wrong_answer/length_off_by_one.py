# Mistake: measures the window as i - start, one short of its real length.
def longest_unique_run(s: str) -> int:
    last_at: dict[str, int] = {}
    start = 0
    best = 0
    for i, ch in enumerate(s):
        if last_at.get(ch, -1) >= start:
            start = last_at[ch] + 1
        last_at[ch] = i
        best = max(best, i - start)
    return best
