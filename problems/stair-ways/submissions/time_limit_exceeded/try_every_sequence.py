"""Too slow: tries every sequence of strides by plain recursion, recounting the same stairs again
and again (exponential)."""

MOD = 1_000_000_007


def stair_ways(n: int, steps: list[int]) -> int:
    if n == 0:
        return 1
    return sum(stair_ways(n - s, steps) for s in steps if s <= n) % MOD
