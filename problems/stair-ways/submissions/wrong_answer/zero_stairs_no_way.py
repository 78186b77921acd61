"""Mistake: says there is no way to climb zero stairs."""

MOD = 1_000_000_007


def stair_ways(n: int, steps: list[int]) -> int:
    if n == 0:
        return 0
    ways = [0] * (n + 1)
    ways[0] = 1
    for i in range(1, n + 1):
        ways[i] = sum(ways[i - s] for s in steps if s <= i) % MOD
    return ways[n]
