# Mistake: records which day the warmer day is, instead of how many days away it is.
def days_until_warmer(temps: list[int]) -> list[int]:
    wait = [0] * len(temps)
    waiting: list[int] = []
    for day, t in enumerate(temps):
        while waiting and temps[waiting[-1]] < t:
            wait[waiting.pop()] = day
        waiting.append(day)
    return wait
