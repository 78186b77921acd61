"""The streaming gate: prose at once, code held until its fence closes (or, without a fence,
until its run of code lines ends), then released or withheld — whatever the deltas'
boundaries, and in agreement with find_blocks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.core.guard.blocks import find_blocks
from tutor.core.guard.gate import Check, CodeGate, Hold, Release, Show, Withhold, gated

REPLY = (
    "Let's look at the loop first.\n"
    "```python\n"
    "for i, x in enumerate(nums):\n"
    "    print(i, x)\n"
    "```\n"
    "What does it print for `[3, 4]`? ``not a fence``\n"
    "~~~~\n"
    "seen = {}\n"
    "```\n"
    "still inside the tilde block\n"
    "~~~~~\n"
    "그럼 다음 단계는 무엇일까요?\n"
    "  ```js\n"
    "const half = n >> 1;"
)


def run(deltas: list[str], leaks: bool) -> list[Show | Hold | Release | Withhold]:
    checked: list[Check] = []

    def check(c: Check) -> bool:
        checked.append(c)
        return leaks

    return list(gated(deltas, check))


def shown_text(events: list) -> str:
    return "".join(e.text for e in events if isinstance(e, Show | Release))


def normal(events: list) -> list:
    """Adjacent Shows merged: the same events whatever the deltas were."""
    out: list = []
    for e in events:
        if isinstance(e, Show) and out and isinstance(out[-1], Show):
            out[-1] = Show(out[-1].text + e.text)
        else:
            out.append(e)
    return out


def without_blocks(text: str) -> str:
    kept, at = [], 0
    for block in find_blocks(text):
        kept.append(text[at : block.start])
        at = block.end
    return "".join(kept) + text[at:]


def test_blocks_are_held_checked_and_released_or_withheld() -> None:
    events = run([REPLY], leaks=True)
    held = [e.text for e in events if isinstance(e, Withhold)]
    assert held == [REPLY[b.start : b.end] for b in find_blocks(REPLY, loose=False)]
    assert len(held) == 3 and held[1].startswith("~~~~\nseen") and held[2].endswith(">> 1;")
    assert shown_text(events) == without_blocks(REPLY)
    assert "그럼 다음 단계는" in shown_text(events)
    assert shown_text(run([REPLY], leaks=False)) == REPLY


def test_prose_passes_at_once_and_code_waits_for_its_fence() -> None:
    gate = CodeGate()
    assert gate.feed("Think about ") == []  # two words could still be `Type name = …;`
    assert gate.feed("it") == [Show("Think about it")]  # prose: shown as it comes
    assert gate.feed(".\n``") == [Show(".\n")]  # the `` may open a fence: kept back
    assert gate.feed("`py\ndef f(x):\n    return x\n") == [Hold()]
    assert gate.feed("``") == []
    assert gate.feed("`\nAnd") == [
        Check(
            "```py\ndef f(x):\n    return x\n```",
            "Think about it.\n" + "```py\ndef f(x):\n    return x\n```",
            closed=True,
        )
    ]
    assert gate.waiting and gate.feed(" then?") == []
    assert gate.decide(leak=True) == [
        Withhold("```py\ndef f(x):\n    return x\n```"),
        Show("\nAnd then?"),
    ]
    assert gate.finish() == []


def test_a_fence_left_open_is_checked_when_the_reply_ends() -> None:
    gate = CodeGate()
    assert gate.feed("Here:\n```\nwhile True:\n    pass") == [Show("Here:\n"), Hold()]
    assert gate.finish() == [
        Check("```\nwhile True:\n    pass", "Here:\n```\nwhile True:\n    pass", closed=False)
    ]
    assert gate.decide(leak=False) == [Release("```\nwhile True:\n    pass")]


def test_inline_triple_backticks_are_prose_after_all() -> None:
    events = run(["```x``` is inline code\nok"], leaks=True)
    assert shown_text(events) == "```x``` is inline code\nok"
    assert not any(isinstance(e, Withhold) for e in events)


def test_every_split_point_gives_the_same_events() -> None:
    whole = normal(run([REPLY], leaks=True))
    for cut in range(len(REPLY) + 1):
        assert normal(run([REPLY[:cut], REPLY[cut:]], leaks=True)) == whole, cut
    assert normal(run(list(REPLY), leaks=True)) == whole


PIECES = st.sampled_from(
    [
        "Why?\n",
        "a `b` c\n",
        "```\n",
        "```python\n",
        "~~~\n",
        "````\n",
        "x = 1\n",
        "  ```\n",
        "```py title\n",
        "``\n",
        "`",
        "\n",
        "한국어 문장\n",
        "~~~~~\n",
        "```x```\n",
        "\r\n",
        " ",
        "def f(a):\n",
        "    return a\n",
        "    # 합계\n",
        "total += x\n",
        "a, b = b, a\n",
        "Note: x = 1\n",
        "print(x)\n",
        "- item\n",
        "        i = j\n",
    ]
)


# No piece ends in `;` or `{`: a line that opens like prose ("`x;", "Foo bar {") and ends like
# code is shown as it comes, so a run it starts is one line shorter in the gate than in
# find_blocks — the guard's last look at the whole reply covers that (tests/guard/
# test_streaming.py); inside a run the gate waits for every line's end and agrees exactly.
@settings(max_examples=600, deadline=None)
@given(st.lists(PIECES, max_size=14), st.lists(st.integers(0, 200), max_size=6), st.booleans())
def test_any_reply_split_anywhere(pieces: list[str], cuts: list[int], leaks: bool) -> None:
    text = "".join(pieces)
    points = sorted({min(c, len(text)) for c in cuts})
    deltas = [text[a:b] for a, b in zip([0, *points], [*points, len(text)], strict=True)]
    events = run(deltas, leaks)
    assert normal(events) == normal(run([text], leaks))
    expected = without_blocks(text) if leaks else text
    assert shown_text(events) == expected
    withheld = [e.text for e in events if isinstance(e, Withhold)]
    if leaks:
        assert withheld == [text[b.start : b.end] for b in find_blocks(text)]
    holding = False
    for e in events:  # nothing is shown between a Hold and its decision
        assert not (holding and isinstance(e, Show))
        holding = isinstance(e, Hold) or (holding and not isinstance(e, Release | Withhold))


def test_decide_without_a_check_is_a_mistake() -> None:
    gate = CodeGate()
    gate.feed("plain")
    try:
        gate.decide(leak=True)
    except RuntimeError as err:
        assert "no block waiting" in str(err)
    else:
        raise AssertionError("decide() accepted no pending check")
