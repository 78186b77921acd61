# Mistake: on a repeat, jumps the start to just after the character's last position even
# when that position is already outside the window, so the start can move backwards
# ("noon" gives 3: the final "n" pulls the start back to 1).
def longest_unique_run(s: str) -> int:
    last_at: dict[str, int] = {}
    start = 0
    best = 0
    for i, ch in enumerate(s):
        if ch in last_at:
            start = last_at[ch] + 1
        last_at[ch] = i
        best = max(best, i - start + 1)
    return best
