import heapq
from collections import Counter


def most_frequent(words: list[str], k: int) -> list[str]:
    count = Counter(words)
    # the k smallest by (fewer-is-worse count, then the word itself)
    return heapq.nsmallest(k, count, key=lambda word: (-count[word], word))
