"""Too slow: plain recursion over the first coin to give; the same smaller amounts are solved
again and again (exponential)."""


def fewest_coins(coins: list[int], amount: int) -> int:
    def best(left: int) -> int:
        if left == 0:
            return 0
        result = -1
        for coin in coins:
            if coin <= left:
                rest = best(left - coin)
                if rest != -1 and (result == -1 or rest + 1 < result):
                    result = rest + 1
        return result

    return best(amount)
