def pairs_under_limit(nums: list[int], limit: int) -> int:
    ordered = sorted(nums)
    lo, hi = 0, len(ordered) - 1
    count = 0
    while lo < hi:
        if ordered[lo] + ordered[hi] < limit:
            # ordered[lo] makes a safe pair with every card from lo + 1 to hi
            count += hi - lo
            lo += 1
        else:
            hi -= 1
    return count
