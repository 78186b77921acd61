# Correct but slow: erases adjacent "()", "[]" and "{}" pairs until nothing changes. Deep
# nesting loses only a layer or two per round, so the rounds times the length is quadratic.
def is_balanced(s: str) -> bool:
    s = "".join(ch for ch in s if ch in "()[]{}")
    while True:
        shorter = s.replace("()", "").replace("[]", "").replace("{}", "")
        if shorter == s:
            return s == ""
        s = shorter
