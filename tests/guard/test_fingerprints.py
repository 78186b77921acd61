"""Normalised tokens and winnowed fingerprints: renaming, re-commenting and re-laying-out change
nothing, the hash is the same in every process, and any long enough shared run is found."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from tutor.core.guard.lexing import tokenize
from tutor.core.guard.winnow import GRAM, WINDOW, Fingerprints, gram_hashes, winnow

ORIGINAL = """
def pair_sum(nums, target):
    seen = {}
    for j, value in enumerate(nums):
        partner = target - value
        if partner in seen:
            return [seen[partner], j]
        seen[value] = j
    return []
"""
DISGUISED = '''
def pair_sum(arr, goal):
    """Find the two positions."""
    index_of = {}          # value -> where we saw it

    for pos, cur in enumerate(arr):
        need = goal - cur  # what would complete the pair
        if need in index_of:
            return [index_of[need],
                    pos]
        index_of[cur] = pos
    return []
'''


def test_names_literals_comments_and_layout_are_normalised() -> None:
    words = tokenize("x = \"a\" + 'b'  # note\ny = 42\n", "python").words
    assert words == ("N", "=", "S", "+", "S", "N", "=", "0")
    assert tokenize(ORIGINAL, "python").words == tokenize(DISGUISED, "python").words
    cpp = tokenize('int main() { // hi\n  cout << "x"; }', "cpp").words
    assert "hi" not in cpp and "S" in cpp


def test_a_disguised_copy_has_every_fingerprint_of_the_original() -> None:
    original = Fingerprints.of(tokenize(ORIGINAL, "python").words)
    disguised = Fingerprints.of(tokenize(DISGUISED, "python").words)
    assert original.selected and original.found_in(set(disguised.grams)) == 1.0
    other = Fingerprints.of(tokenize("for k in range(10):\n    print(k * k)\n", "python").words)
    assert original.found_in(set(other.grams)) == 0.0


def test_the_hash_is_the_same_in_every_process() -> None:
    code = (
        "import json, sys; from tutor.core.guard.lexing import tokenize;"
        " from tutor.core.guard.winnow import Fingerprints;"
        f" print(json.dumps(sorted(Fingerprints.of(tokenize({ORIGINAL!r}, 'python').words)"
        ".selected)))"
    )
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        runs.append(json.loads(done.stdout))
    assert runs[0] == runs[1] != []
    assert runs[0] == sorted(Fingerprints.of(tokenize(ORIGINAL, "python").words).selected)


WORDS = st.lists(st.sampled_from(["N", "=", "(", ")", "for", "in", "0", "+", "S", ":"]))


@settings(max_examples=200, deadline=None)
@given(WORDS, WORDS, st.lists(st.sampled_from(["N", "if", "[", "]", "-", "0"]), min_size=1))
def test_any_shared_run_of_the_guarantee_length_is_found(
    before: list[str], after: list[str], shared: list[str]
) -> None:
    run = (shared * (GRAM + WINDOW))[: GRAM + WINDOW - 1]  # the guarantee threshold
    one = tuple(before + run + after)
    two = (*after, "#", *run, "#", *before)
    first = set(winnow(gram_hashes(one)))
    second = set(winnow(gram_hashes(two)))
    assert first & second


def test_winnowing_keeps_a_minimum_of_every_window() -> None:
    hashes = [9, 4, 7, 4, 8, 6, 5, 9, 1, 3]
    chosen = winnow(hashes, 4)
    for start in range(len(hashes) - 3):
        assert min(hashes[start : start + 4]) in chosen
    assert set(chosen) <= set(hashes)
