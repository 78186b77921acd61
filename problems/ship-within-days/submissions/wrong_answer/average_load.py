# Mistake: takes the average load per day (or the heaviest parcel) as the answer, as if
# parcels could be split to fill every day exactly.
def min_capacity(weights: list[int], days: int) -> int:
    return max(max(weights), -(-sum(weights) // days))
