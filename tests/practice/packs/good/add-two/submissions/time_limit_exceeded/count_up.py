def add_two(a, b):
    total = a
    step = 1 if b >= 0 else -1
    for _ in range(abs(b)):
        total += step
    return total
