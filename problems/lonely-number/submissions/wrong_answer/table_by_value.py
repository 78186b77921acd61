"""Mistake: a table indexed by the value itself; a negative value quietly indexes from the
end of the table."""


def lonely_number(nums: list[int]) -> int:
    size = max(abs(x) for x in nums) + 1
    seen = [0] * size
    for x in nums:
        seen[x] ^= 1
    for value in range(size):
        if seen[value]:
            return value
    return 0
