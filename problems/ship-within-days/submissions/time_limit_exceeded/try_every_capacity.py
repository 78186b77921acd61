# Correct but slow: tries capacities upwards from the heaviest parcel, one at a time.
def min_capacity(weights: list[int], days: int) -> int:
    capacity = max(weights)
    while True:
        used, load = 1, 0
        for w in weights:
            if load + w > capacity:
                used += 1
                load = 0
                if used > days:
                    break
            load += w
        if used <= days:
            return capacity
        capacity += 1
