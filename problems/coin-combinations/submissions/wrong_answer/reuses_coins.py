"""Mistake: recurses from the same coin again, so one coin can be paid several times."""


def combinations_to(candidates: list[int], target: int) -> list[list[int]]:
    coins = sorted(candidates)
    found: list[list[int]] = []
    chosen: list[int] = []

    def extend(start: int, left: int) -> None:
        if left == 0:
            found.append(list(chosen))
            return
        for i in range(start, len(coins)):
            if coins[i] > left:
                break
            if i > start and coins[i] == coins[i - 1]:
                continue
            chosen.append(coins[i])
            extend(i, left - coins[i])
            chosen.pop()

    extend(0, target)
    return found
