"""The odd sock out: the one value in the list that has no pair."""


def lonely_number(nums: list[int]) -> int:
    """Return the value that appears once in nums; every other value appears exactly twice."""
    # TODO: your solution here.
    pass
