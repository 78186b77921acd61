"""Mistake: loops over strides outside and stairs inside, which counts each multiset of strides
once (1+2 and 2+1 become the same way)."""

MOD = 1_000_000_007


def stair_ways(n: int, steps: list[int]) -> int:
    ways = [0] * (n + 1)
    ways[0] = 1
    for s in steps:
        for i in range(s, n + 1):
            ways[i] = (ways[i] + ways[i - s]) % MOD
    return ways[n]
