"""Mistake: starts from 0 and resets to 0, as if an empty run were allowed; a year of losses
gives 0 instead of the least bad day."""


def best_stretch(nums: list[int]) -> int:
    ending_here = best = 0
    for x in nums:
        ending_here = max(0, ending_here + x)
        best = max(best, ending_here)
    return best
