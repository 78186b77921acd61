def pair_sum(nums: list[int], target: int) -> list[int]:
    first_seen: dict[int, int] = {}
    for j, value in enumerate(nums):
        i = first_seen.get(target - value)
        if i is not None:
            return [i, j]
        if value not in first_seen:
            first_seen[value] = j
    return []
