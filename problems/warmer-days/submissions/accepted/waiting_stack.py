def days_until_warmer(temps: list[int]) -> list[int]:
    wait = [0] * len(temps)
    # days still waiting for a warmer one; their temperatures never rise from bottom to top
    waiting: list[int] = []
    for day, t in enumerate(temps):
        while waiting and temps[waiting[-1]] < t:
            earlier = waiting.pop()
            wait[earlier] = day - earlier
        waiting.append(day)
    return wait
