"""The context budget: what is sent fits, keeps the persona first, never splits a turn."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.core.budget.context import (
    MESSAGE_OVERHEAD,
    REPLY_PRIMING,
    Piece,
    margin_for,
    plan_context,
)
from tutor.core.errors import BudgetRefused

PERSONA = [
    Piece("system", "be socratic", 20),
    Piece("user", "ex q", 5),
    Piece("assistant", "ex a", 5),
]


def history(*sizes: int, pinned: tuple[int, ...] = ()) -> list[Piece]:
    """Alternating user/assistant messages with the given token sizes (ids 1..n)."""
    return [
        Piece("user" if i % 2 == 0 else "assistant", f"m{i + 1}", n, i + 1, (i + 1) in pinned)
        for i, n in enumerate(sizes)
    ]


def cost(pieces: list[Piece]) -> int:
    return sum(p.tokens + MESSAGE_OVERHEAD for p in pieces)


def test_everything_fits_in_a_big_window() -> None:
    plan = plan_context(
        persona=PERSONA, history=history(10, 10, 10), reminder=None, window=8192, reserve=1024
    )
    assert [m["content"] for m in plan.messages] == [
        "be socratic",
        "ex q",
        "ex a",
        "m1",
        "m2",
        "m3",
    ]
    assert plan.dropped_ids == []
    assert plan.prompt_tokens == cost(PERSONA) + cost(history(10, 10, 10)) + REPLY_PRIMING


def test_oldest_whole_turns_leave_first() -> None:
    # window 400, reserve 100, margin 20 → budget 280; persona 42 + priming 3.
    msgs = history(60, 60, 60, 60, 60)  # turns: (1,2) (3,4) (5)
    plan = plan_context(persona=PERSONA, history=msgs, reminder=None, window=400, reserve=100)
    assert plan.sent_ids == [3, 4, 5]
    assert plan.dropped_ids == [1, 2]
    assert plan.messages[3]["role"] == "user"
    assert plan.prompt_tokens <= plan.budget


def test_a_turn_never_splits_even_when_its_user_half_would_fit() -> None:
    msgs = history(10, 200, 10)  # turn (1,2) costs 218, turn (3) costs 14
    plan = plan_context(persona=PERSONA, history=msgs, reminder=None, window=300, reserve=50)
    assert plan.sent_ids == [3]


def test_pinned_messages_are_always_sent_in_order() -> None:
    msgs = history(30, 100, 100, 100, 10, pinned=(1,))
    plan = plan_context(persona=PERSONA, history=msgs, reminder=None, window=330, reserve=50)
    assert plan.sent_ids[0] == 1
    assert plan.sent_ids[-1] == 5
    assert 2 in plan.dropped_ids
    assert [m["content"] for m in plan.messages[:4]] == ["be socratic", "ex q", "ex a", "m1"]


def test_reminder_goes_after_the_history() -> None:
    reminder = Piece("system", "remember: questions only", 6)
    plan = plan_context(
        persona=PERSONA, history=history(5), reminder=reminder, window=4096, reserve=512
    )
    assert plan.messages[-1] == {"role": "system", "content": "remember: questions only"}


def test_a_message_too_big_is_refused_with_the_numbers() -> None:
    with pytest.raises(BudgetRefused) as caught:
        plan_context(
            persona=PERSONA, history=history(5000), reminder=None, window=4096, reserve=512
        )
    text = str(caught.value)
    assert "5,004" in text and "4,096" in text and "512" in text


def test_a_reserve_bigger_than_the_window_is_refused() -> None:
    with pytest.raises(BudgetRefused, match="max_tokens"):
        plan_context(persona=PERSONA, history=history(5), reminder=None, window=1000, reserve=1000)


def test_scale_makes_estimates_more_careful() -> None:
    msgs = history(50, 50, 50)
    plain = plan_context(persona=PERSONA, history=msgs, reminder=None, window=400, reserve=100)
    scaled = plan_context(
        persona=PERSONA, history=msgs, reminder=None, window=400, reserve=100, scale=1.5
    )
    assert len(scaled.sent_ids) < len(plain.sent_ids)
    assert scaled.prompt_tokens <= scaled.budget


roles = st.sampled_from(["user", "assistant"])
messages = st.lists(st.tuples(roles, st.integers(1, 400), st.booleans()), max_size=40)


@settings(max_examples=400, deadline=None)
@given(
    messages=messages,
    window=st.integers(300, 5000),
    reserve=st.integers(1, 800),
    system=st.integers(1, 200),
)
def test_whatever_the_history_the_plan_fits_or_is_refused(
    messages: list[tuple[str, int, bool]], window: int, reserve: int, system: int
) -> None:
    hist = [
        Piece(r, f"m{i}", n, i, pinned and i % 5 == 0)
        for i, (r, n, pinned) in enumerate(messages, 1)
    ]
    persona = [Piece("system", "sys", system), Piece("user", "q", 3), Piece("assistant", "a", 3)]
    try:
        plan = plan_context(
            persona=persona, history=hist, reminder=None, window=window, reserve=reserve
        )
    except BudgetRefused as refused:
        assert any(ch.isdigit() for ch in str(refused))
        return
    # It fits: prompt + reply reserve + margin within the window.
    assert plan.prompt_tokens + reserve + margin_for(window) <= window
    # System and examples are always first.
    assert plan.messages[:3] == [p.as_message() for p in persona]
    sent = set(plan.sent_ids)
    # Turns are never split: the first unpinned message sent belongs to a turn whose student
    # message and everything after it are sent; nothing unpinned before that turn is sent.
    unpinned_sent = [i for i, p in enumerate(hist) if not p.pinned and p.message_id in sent]
    if unpinned_sent:
        k = unpinned_sent[0]
        while k > 0 and hist[k].role != "user":
            k -= 1
        assert hist[k].role == "user"
        assert all(p.message_id in sent for p in hist[k:])
    # Pinned messages are always sent; a student message awaiting its reply is always sent.
    assert all(p.message_id in plan.sent_ids for p in hist if p.pinned)
    if hist and hist[-1].role == "user":
        assert hist[-1].message_id in plan.sent_ids
