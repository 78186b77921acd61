# Mistake: matches closers against a stack correctly but forgets that brackets still open
# at the end also make the text unbalanced.
def is_balanced(s: str) -> bool:
    opener_of = {")": "(", "]": "[", "}": "{"}
    open_now: list[str] = []
    for ch in s:
        if ch in "([{":
            open_now.append(ch)
        elif ch in opener_of:
            top = open_now.pop() if open_now else None
            if top != opener_of[ch]:
                return False
    return True
