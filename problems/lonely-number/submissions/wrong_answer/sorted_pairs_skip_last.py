"""Mistake: sorts and compares pairs, but the loop stops one step early, so a lonely value at
the very end is never looked at."""


def lonely_number(nums: list[int]) -> int:
    ordered = sorted(nums)
    for i in range(0, len(ordered) - 1, 2):
        if ordered[i] != ordered[i + 1]:
            return ordered[i]
    return ordered[0]
