# Mistake: Counter.most_common keeps words with equal counts in the order they were first
# seen, not in alphabetical order.
from collections import Counter


def most_frequent(words: list[str], k: int) -> list[str]:
    return [word for word, _ in Counter(words).most_common(k)]
