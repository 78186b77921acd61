# Mistake: on a repeat, throws the whole window away and starts again at the repeated
# character, losing the characters between the two copies ("xyxz" gives 2, not 3).
def longest_unique_run(s: str) -> int:
    window: set[str] = set()
    best = 0
    for ch in s:
        if ch in window:
            window = set()
        window.add(ch)
        best = max(best, len(window))
    return best
