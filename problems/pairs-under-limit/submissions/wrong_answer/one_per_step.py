# Mistake: when the smallest and largest cards are safe together, counts that one pair
# only, though the smallest card is safe with every card up to the largest.
def pairs_under_limit(nums: list[int], limit: int) -> int:
    ordered = sorted(nums)
    lo, hi = 0, len(ordered) - 1
    count = 0
    while lo < hi:
        if ordered[lo] + ordered[hi] < limit:
            count += 1
            lo += 1
        else:
            hi -= 1
    return count
