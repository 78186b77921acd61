"""Mistake: searches the coins in the purse's order without sorting them, so combinations and
their list come back unsorted (and equal values are not recognised as repeats)."""


def combinations_to(candidates: list[int], target: int) -> list[list[int]]:
    found: list[list[int]] = []
    chosen: list[int] = []

    def extend(start: int, left: int) -> None:
        if left == 0:
            if chosen not in found:
                found.append(list(chosen))
            return
        for i in range(start, len(candidates)):
            if candidates[i] <= left:
                chosen.append(candidates[i])
                extend(i + 1, left - candidates[i])
                chosen.pop()

    extend(0, target)
    return found
