# Correct but slow: adds up every range from scratch, about len(queries) * len(nums) steps.
def range_sums(nums: list[int], queries: list[list[int]]) -> list[int]:
    return [sum(nums[first : last + 1]) for first, last in queries]
