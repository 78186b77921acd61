"""Mistake: when the amount cannot be made, returns the "impossible" placeholder instead of -1."""


def fewest_coins(coins: list[int], amount: int) -> int:
    fewest = [0] + [amount + 1] * amount
    for a in range(1, amount + 1):
        for coin in coins:
            if coin <= a and fewest[a - coin] + 1 < fewest[a]:
                fewest[a] = fewest[a - coin] + 1
    return fewest[amount]
