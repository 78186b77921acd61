import sys


def main():
    data = sys.stdin.read().split()
    # your code here


main()
