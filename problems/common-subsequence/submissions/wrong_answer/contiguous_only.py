"""Mistake: finds the longest common substring (characters next to each other) instead of a
subsequence."""


def common_subsequence(a: str, b: str) -> int:
    best = 0
    above = [0] * (len(b) + 1)
    for ch in a:
        row = [0] * (len(b) + 1)
        for j, other in enumerate(b, start=1):
            if ch == other:
                row[j] = above[j - 1] + 1
                best = max(best, row[j])
        above = row
    return best
