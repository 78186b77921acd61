# Mistake: tracks only how deep the brackets go, so any closing bracket closes any
# opening one ("(]" passes).
def is_balanced(s: str) -> bool:
    depth = 0
    for ch in s:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0
