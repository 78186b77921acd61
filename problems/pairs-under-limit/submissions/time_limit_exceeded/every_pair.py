# Correct but slow: checks every pair, about n * n / 2 additions.
def pairs_under_limit(nums: list[int], limit: int) -> int:
    count = 0
    n = len(nums)
    for i in range(n):
        for j in range(i + 1, n):
            if nums[i] + nums[j] < limit:
                count += 1
    return count
