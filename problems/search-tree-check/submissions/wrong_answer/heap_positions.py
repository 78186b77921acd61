"""Mistake: reads the list as a heap (children of position i at 2i + 1 and 2i + 2), which is
not how the level-order encoding skips the missing children of a None."""


def is_search_tree(tree: list[int | None]) -> bool:
    def check(i: int, low: float, high: float) -> bool:
        if i >= len(tree) or tree[i] is None:
            return True
        value = tree[i]
        assert value is not None
        if not low < value < high:
            return False
        return check(2 * i + 1, low, value) and check(2 * i + 2, value, high)

    return check(0, float("-inf"), float("inf"))
