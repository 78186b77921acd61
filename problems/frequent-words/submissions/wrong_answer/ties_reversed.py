# Mistake: takes the largest (count, word) pairs, so among equal counts the word that is
# alphabetically last wins.
import heapq
from collections import Counter


def most_frequent(words: list[str], k: int) -> list[str]:
    count = Counter(words)
    return heapq.nlargest(k, count, key=lambda word: (count[word], word))
