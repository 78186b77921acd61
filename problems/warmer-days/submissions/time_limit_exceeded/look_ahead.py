# Correct but slow: from every day, walks forward until a warmer day; a long cold spell
# makes that about n * n / 2 comparisons.
def days_until_warmer(temps: list[int]) -> list[int]:
    n = len(temps)
    wait = [0] * n
    for i in range(n):
        for j in range(i + 1, n):
            if temps[j] > temps[i]:
                wait[i] = j - i
                break
    return wait
