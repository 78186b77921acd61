# Correct but slow: grows a fresh window from every start position, about n * answer steps.
def longest_unique_run(s: str) -> int:
    best = 0
    for start in range(len(s)):
        seen: set[str] = set()
        for j in range(start, len(s)):
            if s[j] in seen:
                break
            seen.add(s[j])
        best = max(best, len(seen))
    return best
