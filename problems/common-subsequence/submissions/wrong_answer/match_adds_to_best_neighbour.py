"""Mistake: on a match adds 1 to the better of the left and upper cells instead of the diagonal,
so one character can be matched twice."""


def common_subsequence(a: str, b: str) -> int:
    above = [0] * (len(b) + 1)
    for ch in a:
        row = [0] * (len(b) + 1)
        for j, other in enumerate(b, start=1):
            if ch == other:
                row[j] = max(above[j], row[j - 1]) + 1
            else:
                row[j] = max(above[j], row[j - 1])
        above = row
    return above[-1]
