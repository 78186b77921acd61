# Mistake: running totals that include day k, subtracting total[first - 1]; for first = 0 that
# is total[-1], the whole sum, instead of nothing.
def range_sums(nums: list[int], queries: list[list[int]]) -> list[int]:
    total = []
    running = 0
    for value in nums:
        running += value
        total.append(running)
    return [total[last] - total[first - 1] for first, last in queries]
