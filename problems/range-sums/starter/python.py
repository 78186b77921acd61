def range_sums(nums: list[int], queries: list[list[int]]) -> list[int]:
    """Return the sum of nums[l..r] (both ends included) for each [l, r] in queries, in order.

    nums: the daily results (1 to 100,000 integers, possibly negative).
    queries: 0 to 100,000 pairs [l, r] with 0 <= l <= r < len(nums).
    """
    # TODO: write your solution here
    pass
