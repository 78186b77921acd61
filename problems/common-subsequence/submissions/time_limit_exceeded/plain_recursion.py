"""Too slow: plain recursion that recomputes the same pair of positions over and over
(exponential when the strings share little)."""


def common_subsequence(a: str, b: str) -> int:
    def best(i: int, j: int) -> int:
        if i == len(a) or j == len(b):
            return 0
        if a[i] == b[j]:
            return best(i + 1, j + 1) + 1
        return max(best(i + 1, j), best(i, j + 1))

    return best(0, 0)
