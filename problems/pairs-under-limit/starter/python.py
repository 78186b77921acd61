def pairs_under_limit(nums: list[int], limit: int) -> int:
    """Return how many pairs of positions i < j have nums[i] + nums[j] < limit.

    nums: the cards' numbers (0 to 100,000 integers, possibly negative).
    limit: a pair is safe when its sum is strictly less than this.
    """
    # TODO: write your solution here
    pass
