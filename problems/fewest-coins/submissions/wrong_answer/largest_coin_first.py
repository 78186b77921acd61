"""Mistake: greedy, always the largest coin that still fits; fails for coin systems like
[1, 3, 4], and can miss a way that exists."""


def fewest_coins(coins: list[int], amount: int) -> int:
    count = 0
    for coin in sorted(coins, reverse=True):
        count += amount // coin
        amount %= coin
    return count if amount == 0 else -1
