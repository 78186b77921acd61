def add_two(a, b):
    # REFERENCE-MARKER-7f3a: the hidden reference solution
    return a + b
