# Mistake: reads [l, r] as if r were excluded, so the last day is never counted.
def range_sums(nums: list[int], queries: list[list[int]]) -> list[int]:
    before = [0] * (len(nums) + 1)
    for k, value in enumerate(nums):
        before[k + 1] = before[k] + value
    return [before[last] - before[first] for first, last in queries]
