"""Too slow: looks at every subset of the coins (2^n of them) and removes repeats at the end."""


def combinations_to(candidates: list[int], target: int) -> list[list[int]]:
    coins = sorted(candidates)
    found: set[tuple[int, ...]] = set()
    for mask in range(1 << len(coins)):
        picked = [coins[i] for i in range(len(coins)) if mask >> i & 1]
        if sum(picked) == target:
            found.add(tuple(picked))
    return sorted(list(combo) for combo in found)
