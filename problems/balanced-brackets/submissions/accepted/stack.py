OPENER_OF = {")": "(", "]": "[", "}": "{"}


def is_balanced(s: str) -> bool:
    open_now: list[str] = []
    for ch in s:
        if ch in "([{":
            open_now.append(ch)
        elif ch in OPENER_OF:
            top = open_now.pop() if open_now else None
            if top != OPENER_OF[ch]:
                return False
    return not open_now
