"""Too slow: counts every value through the whole list again (n² comparisons)."""


def lonely_number(nums: list[int]) -> int:
    for x in nums:
        if nums.count(x) == 1:
            return x
    return 0
