# Mistake: sorts the numbers and walks two pointers, then returns positions in the
# sorted copy instead of positions in the original list.
def pair_sum(nums: list[int], target: int) -> list[int]:
    ordered = sorted(nums)
    lo, hi = 0, len(ordered) - 1
    while lo < hi:
        total = ordered[lo] + ordered[hi]
        if total == target:
            return [lo, hi]
        if total < target:
            lo += 1
        else:
            hi -= 1
    return []
