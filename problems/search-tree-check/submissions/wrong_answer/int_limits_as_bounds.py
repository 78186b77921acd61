"""Mistake: starts the bounds at the smallest and largest allowed values, so a node holding
exactly -2^31 or 2^31 - 1 is wrongly rejected."""

SMALLEST, LARGEST = -(2**31), 2**31 - 1


def is_search_tree(tree: list[int | None]) -> bool:
    if not tree:
        return True
    left = [-1] * len(tree)
    right = [-1] * len(tree)
    waiting = [0]
    head = 0
    nxt = 1
    while head < len(waiting) and nxt < len(tree):
        parent = waiting[head]
        head += 1
        for side in (left, right):
            if nxt < len(tree) and tree[nxt] is not None:
                side[parent] = nxt
                waiting.append(nxt)
            nxt += 1
    todo = [(0, SMALLEST, LARGEST)]
    while todo:
        node, low, high = todo.pop()
        value = tree[node]
        assert value is not None
        if not low < value < high:
            return False
        if left[node] != -1:
            todo.append((left[node], low, value))
        if right[node] != -1:
            todo.append((right[node], value, high))
    return True
