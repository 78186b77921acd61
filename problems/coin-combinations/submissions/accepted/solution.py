"""Exact change: backtracking over the sorted coins; equal values are tried once per position
and the search stops as soon as a coin is larger than what is left to pay."""


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
                break  # sorted: every later coin is too large as well
            if i > start and coins[i] == coins[i - 1]:
                continue  # the same value in the same position was already tried
            chosen.append(coins[i])
            extend(i + 1, left - coins[i])
            chosen.pop()

    extend(0, target)
    return found
