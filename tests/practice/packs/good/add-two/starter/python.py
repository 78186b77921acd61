def add_two(a, b):
    """Return the sum of a and b."""
    pass
