"""The odd sock out: a set that gains a value on its first sight and loses it on its second."""


def lonely_number(nums: list[int]) -> int:
    unpaired: set[int] = set()
    for x in nums:
        if x in unpaired:
            unpaired.remove(x)
        else:
            unpaired.add(x)
    return unpaired.pop()
