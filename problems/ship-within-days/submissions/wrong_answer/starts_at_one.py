# Mistake: searches from capacity 1, and the day count never notices a parcel heavier
# than the boat (it just starts a new day), so the answer can be below the heaviest parcel.
def min_capacity(weights: list[int], days: int) -> int:
    def days_needed(capacity: int) -> int:
        used, load = 1, 0
        for w in weights:
            if load + w > capacity:
                used += 1
                load = 0
            load += w
        return used

    lo, hi = 1, sum(weights)
    while lo < hi:
        mid = (lo + hi) // 2
        if days_needed(mid) <= days:
            hi = mid
        else:
            lo = mid + 1
    return lo
