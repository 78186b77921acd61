"""Mistake: never checks that a stride fits; ways[i - s] with i < s reads from the list's end."""

MOD = 1_000_000_007


def stair_ways(n: int, steps: list[int]) -> int:
    ways = [0] * (n + 1)
    ways[0] = 1
    for i in range(1, n + 1):
        ways[i] = sum(ways[i - s] for s in steps) % MOD
    return ways[n]
