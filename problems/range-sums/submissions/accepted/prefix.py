def range_sums(nums: list[int], queries: list[list[int]]) -> list[int]:
    # before[k] is the total of the first k days, so before[0] = 0
    before = [0] * (len(nums) + 1)
    for k, value in enumerate(nums):
        before[k + 1] = before[k] + value
    return [before[last + 1] - before[first] for first, last in queries]
