"""Ways up the stairs: ways[i] = sum of ways[i - s] over the strides s, filled bottom-up."""

MOD = 1_000_000_007


def stair_ways(n: int, steps: list[int]) -> int:
    ways = [0] * (n + 1)
    ways[0] = 1
    for i in range(1, n + 1):
        total = 0
        for s in steps:
            if s <= i:
                total += ways[i - s]
        ways[i] = total % MOD
    return ways[n]
