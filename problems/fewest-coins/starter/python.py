"""Fewest coins: the smallest number of coins that make an exact amount."""


def fewest_coins(coins: list[int], amount: int) -> int:
    """Return the fewest coins (unlimited of each kind) adding up to amount, or -1 if none do."""
    # TODO: your solution here.
    pass
