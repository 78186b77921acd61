def is_balanced(s: str) -> bool:
    """Return True when every (), [] and {} bracket in s closes in the right order.

    s: any text (0 to 400,000 characters); characters other than the six brackets are ignored.
    """
    # TODO: write your solution here
    pass
