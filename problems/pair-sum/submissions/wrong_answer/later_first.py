# Mistake: one pass with a table, but returns the current position first, so the
# answer comes out as [j, i] with the larger position in front.
def pair_sum(nums: list[int], target: int) -> list[int]:
    seen: dict[int, int] = {}
    for i, value in enumerate(nums):
        if target - value in seen:
            return [i, seen[target - value]]
        seen[value] = i
    return []
