# Mistake: a warm day settles only the most recent waiting day ("if" where a "while" is
# needed), so colder days further down the stack wait forever.
def days_until_warmer(temps: list[int]) -> list[int]:
    wait = [0] * len(temps)
    waiting: list[int] = []
    for day, t in enumerate(temps):
        if waiting and temps[waiting[-1]] < t:
            earlier = waiting.pop()
            wait[earlier] = day - earlier
        waiting.append(day)
    return wait
