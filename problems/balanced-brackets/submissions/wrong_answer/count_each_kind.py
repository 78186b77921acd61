# Mistake: keeps one counter per kind and checks that none goes below zero, so it never
# notices brackets of different kinds crossing each other, as in "([)]".
def is_balanced(s: str) -> bool:
    depth = {"(": 0, "[": 0, "{": 0}
    opener_of = {")": "(", "]": "[", "}": "{"}
    for ch in s:
        if ch in depth:
            depth[ch] += 1
        elif ch in opener_of:
            depth[opener_of[ch]] -= 1
            if depth[opener_of[ch]] < 0:
                return False
    return all(v == 0 for v in depth.values())
