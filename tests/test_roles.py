"""Folding a request for chat templates that take only alternating user/assistant turns."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from tutor.core.turn.roles import fold_roles


def test_a_persona_request_folds_into_alternating_turns() -> None:
    request = [
        {"role": "system", "content": "Ask, do not tell."},
        {"role": "user", "content": "What is 2+2?"},  # a few-shot example
        {"role": "assistant", "content": "What is 2+1?"},
        {"role": "user", "content": "Why is my loop off by one?"},
        {"role": "system", "content": "Remember: one question at a time."},  # the reminder
    ]
    assert fold_roles(request) == [
        {"role": "user", "content": "Ask, do not tell.\n\nWhat is 2+2?"},
        {"role": "assistant", "content": "What is 2+1?"},
        {
            "role": "user",
            "content": "Why is my loop off by one?\n\nRemember: one question at a time.",
        },
    ]


def test_back_to_back_turns_of_one_role_are_joined() -> None:
    request = [
        {"role": "user", "content": "first try"},  # its reply failed and was not kept
        {"role": "user", "content": "second try"},
    ]
    assert fold_roles(request) == [{"role": "user", "content": "first try\n\nsecond try"}]


def test_a_request_that_needs_no_folding_is_unchanged() -> None:
    request = [
        {"role": "user", "content": "a"},
        {"role": "assistant", "content": "b"},
        {"role": "user", "content": "c"},
    ]
    assert fold_roles(request) == request


roles = st.sampled_from(["system", "user", "assistant"])
texts = st.text(alphabet="abc가나", min_size=1, max_size=5)


@given(st.lists(st.tuples(roles, texts), min_size=1, max_size=12))
def test_every_text_is_kept_in_order_and_turns_alternate_from_the_user(
    messages: list[tuple[str, str]],
) -> None:
    request = [{"role": role, "content": text} for role, text in messages]
    folded = fold_roles(request)
    assert folded[0]["role"] == "user"
    assert all(m["role"] in ("user", "assistant") for m in folded)
    assert all(a["role"] != b["role"] for a, b in itertools.pairwise(folded))
    joined = "\n\n".join(m["content"] for m in folded if m["content"])
    assert joined == "\n\n".join(text for _role, text in messages)
    assert fold_roles(folded) == folded  # folding twice changes nothing
