"""Mistake: lets a value equal to an ancestor's sit in its subtree (the rule is strict)."""


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
    todo: list[tuple[int, int | None, int | None]] = [(0, None, None)]
    while todo:
        node, low, high = todo.pop()
        value = tree[node]
        assert value is not None
        if (low is not None and value < low) or (high is not None and value > high):
            return False
        if left[node] != -1:
            todo.append((left[node], low, value))
        if right[node] != -1:
            todo.append((right[node], value, high))
    return True
