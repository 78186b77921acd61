"""The odd sock out: x ^ x == 0 and x ^ 0 == x, so XOR-ing everything leaves the lonely value
(Python's integers behave the same way for negative numbers)."""


def lonely_number(nums: list[int]) -> int:
    result = 0
    for x in nums:
        result ^= x
    return result
