def pair_sum(nums: list[int], target: int) -> list[int]:
    """Return [i, j] with i < j and nums[i] + nums[j] == target.

    nums: the entries of the book (2 to 100,000 integers, possibly negative).
    target: the gap to explain. Exactly one pair of different positions adds up to it.
    """
    # TODO: write your solution here
    pass
