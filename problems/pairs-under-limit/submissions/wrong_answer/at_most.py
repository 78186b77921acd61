# Mistake: counts sums equal to the limit as safe (<= instead of <).
def pairs_under_limit(nums: list[int], limit: int) -> int:
    ordered = sorted(nums)
    lo, hi = 0, len(ordered) - 1
    count = 0
    while lo < hi:
        if ordered[lo] + ordered[hi] <= limit:
            count += hi - lo
            lo += 1
        else:
            hi -= 1
    return count
