"""Mistake: after sorting, walks one position at a time, so the second sock of a pair looks
different from the next value and is taken for the lonely one."""


def lonely_number(nums: list[int]) -> int:
    ordered = sorted(nums)
    for i in range(len(ordered) - 1):
        if ordered[i] != ordered[i + 1]:
            return ordered[i]
    return ordered[-1]
