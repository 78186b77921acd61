"""The best stretch: the best run ending at each day either extends yesterday's best run or
starts fresh today (Kadane's algorithm)."""


def best_stretch(nums: list[int]) -> int:
    ending_here = best = nums[0]
    for x in nums[1:]:
        ending_here = max(x, ending_here + x)
        best = max(best, ending_here)
    return best
