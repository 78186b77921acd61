"""Fewest coins: fewest[a] for every amount a from 0 up, each from the best amount one coin
below it."""


def fewest_coins(coins: list[int], amount: int) -> int:
    impossible = amount + 1  # more coins than any real answer can need
    fewest = [0] + [impossible] * amount
    for a in range(1, amount + 1):
        for coin in coins:
            if coin <= a and fewest[a - coin] + 1 < fewest[a]:
                fewest[a] = fewest[a - coin] + 1
    return fewest[amount] if fewest[amount] != impossible else -1
