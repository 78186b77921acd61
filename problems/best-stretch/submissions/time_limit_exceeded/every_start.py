"""Too slow: for every start day, extends the run to every later day (n² runs)."""


def best_stretch(nums: list[int]) -> int:
    best = nums[0]
    for start in range(len(nums)):
        total = 0
        for end in range(start, len(nums)):
            total += nums[end]
            if total > best:
                best = total
    return best
