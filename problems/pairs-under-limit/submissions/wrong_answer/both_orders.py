# Mistake: counts every pair twice, once as (i, j) and once as (j, i).
def pairs_under_limit(nums: list[int], limit: int) -> int:
    ordered = sorted(nums)
    count = 0
    hi = len(ordered) - 1
    for lo in range(len(ordered)):
        while hi >= 0 and ordered[lo] + ordered[hi] >= limit:
            hi -= 1
        # partners of ordered[lo] are positions 0..hi, minus itself when it is among them
        count += hi + 1 - (1 if hi >= lo else 0)
    return count
