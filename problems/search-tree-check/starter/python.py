"""Is it a search tree? Check a tree given in level order with None for missing children."""


def is_search_tree(tree: list[int | None]) -> bool:
    """Return True if the level-order tree is a binary search tree (strict), else False."""
    # TODO: your solution here.
    pass
