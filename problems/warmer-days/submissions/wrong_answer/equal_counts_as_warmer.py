# Mistake: a day as warm as an earlier one ends that day's wait (<= instead of <).
def days_until_warmer(temps: list[int]) -> list[int]:
    wait = [0] * len(temps)
    waiting: list[int] = []
    for day, t in enumerate(temps):
        while waiting and temps[waiting[-1]] <= t:
            earlier = waiting.pop()
            wait[earlier] = day - earlier
        waiting.append(day)
    return wait
