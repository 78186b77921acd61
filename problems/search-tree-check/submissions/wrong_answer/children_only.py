"""Mistake: checks each node against its two children only, not against its whole subtrees."""


def is_search_tree(tree: list[int | None]) -> bool:
    if not tree:
        return True
    waiting = [0]
    head = 0
    nxt = 1
    while head < len(waiting) and nxt < len(tree):
        parent = waiting[head]
        head += 1
        value = tree[parent]
        assert value is not None
        for is_left in (True, False):
            if nxt < len(tree) and tree[nxt] is not None:
                child = tree[nxt]
                assert child is not None
                if (is_left and child >= value) or (not is_left and child <= value):
                    return False
                waiting.append(nxt)
            nxt += 1
    return True
