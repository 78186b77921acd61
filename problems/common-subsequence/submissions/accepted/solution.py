"""What two drafts share: the classic table of best lengths for every pair of prefixes,
kept one row at a time."""


def common_subsequence(a: str, b: str) -> int:
    above = [0] * (len(b) + 1)  # above[j]: answer for the previous prefix of a and b[:j]
    for ch in a:
        row = [0]
        left = 0  # answer for this prefix of a and b[:j]
        for j, other in enumerate(b):
            if ch == other:
                left = above[j] + 1  # use the match: step back in both strings
            elif above[j + 1] > left:
                left = above[j + 1]  # drop ch from a
            row.append(left)  # (otherwise drop other from b: left stays)
        above = row
    return above[-1]
