"""Too slow: prunes by value but lets equal coins start the same branch again, then removes the
repeated combinations at the end; a purse of many equal coins explodes."""


def combinations_to(candidates: list[int], target: int) -> list[list[int]]:
    coins = sorted(candidates)
    found: set[tuple[int, ...]] = set()
    chosen: list[int] = []

    def extend(start: int, left: int) -> None:
        if left == 0:
            found.add(tuple(chosen))
            return
        for i in range(start, len(coins)):
            if coins[i] > left:
                break
            chosen.append(coins[i])
            extend(i + 1, left - coins[i])
            chosen.pop()

    extend(0, target)
    return sorted(list(combo) for combo in found)
