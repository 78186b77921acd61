"""Mistake: walks the amounts downward for each coin (the 0/1 knapsack habit), so every kind
can be used only once."""


def fewest_coins(coins: list[int], amount: int) -> int:
    impossible = amount + 1
    fewest = [0] + [impossible] * amount
    for coin in coins:
        for a in range(amount, coin - 1, -1):
            if fewest[a - coin] + 1 < fewest[a]:
                fewest[a] = fewest[a - coin] + 1
    return fewest[amount] if fewest[amount] != impossible else -1
