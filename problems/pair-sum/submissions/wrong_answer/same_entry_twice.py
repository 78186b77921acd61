# Mistake: fills the table with every number first, then looks partners up without
# checking that the partner is a different entry (4 + 4 = 8 with a single 4).
def pair_sum(nums: list[int], target: int) -> list[int]:
    where = {value: i for i, value in enumerate(nums)}
    for i, value in enumerate(nums):
        j = where.get(target - value)
        if j is not None:
            return sorted([i, j])
    return []
