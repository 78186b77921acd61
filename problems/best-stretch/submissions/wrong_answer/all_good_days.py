"""Mistake: adds up every good day, forgetting that the days must be consecutive."""


def best_stretch(nums: list[int]) -> int:
    good = [x for x in nums if x > 0]
    return sum(good) if good else max(nums)
