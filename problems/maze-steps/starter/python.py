import sys


def fewest_steps(grid: list[str]) -> int:
    """Return the fewest steps from S to E, or -1 if E cannot be reached.

    grid: the maze's rows, all of the same length, made of '.', '#', 'S' and 'E'.
    """
    # TODO: write your solution here
    pass


def main() -> None:
    # input: a line "R C", then R lines of C characters each
    data = sys.stdin.read().split()
    rows = int(data[0])
    print(fewest_steps(data[2 : 2 + rows]))


main()
