"""Mistake: walks through a and takes each character at its first place in b after the last
match; an early match can block a longer common subsequence."""


def common_subsequence(a: str, b: str) -> int:
    count = 0
    start = 0
    for ch in a:
        found = b.find(ch, start)
        if found != -1:
            count += 1
            start = found + 1
    return count
