"""Friend groups: answer YES or NO for each question "are x and y in the same group?"."""

import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, m, q = int(data[0]), int(data[1]), int(data[2])
    # TODO: read the m friendships, then answer the q questions, one line each.
    pass


main()
