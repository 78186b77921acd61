"""Mistake: takes the highest running total minus the lowest one, without checking that the
lowest comes before the highest."""


def best_stretch(nums: list[int]) -> int:
    running = 0
    highest = lowest = 0
    for x in nums:
        running += x
        highest = max(highest, running)
        lowest = min(lowest, running)
    if max(nums) < 0:
        return max(nums)
    return highest - lowest
