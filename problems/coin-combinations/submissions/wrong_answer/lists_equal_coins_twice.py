"""Mistake: treats coins of the same value as different, so a combination is listed once per
way of picking its coins."""


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
            chosen.append(coins[i])
            extend(i + 1, left - coins[i])
            chosen.pop()

    extend(0, target)
    return found
