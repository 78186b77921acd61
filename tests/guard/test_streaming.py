"""The gate and the guard together, as a streaming turn would use them: prose shows at once, each
code block is checked when its fence closes, and only the blocks that leak are withheld."""

from __future__ import annotations

from tests.guard.labelled import load_corpus
from tutor.core.guard import Guard, Hold, Release, Show, Withhold, gated


def stream(reply: str, guard: Guard, size: int = 7) -> list[object]:
    deltas = [reply[i : i + size] for i in range(0, len(reply), size)]
    return list(gated(deltas, lambda held: guard.check_held(held).leak))


def test_a_skeleton_split_over_blocks_is_held_back_from_the_block_that_completes_it() -> None:
    problem = next(p for p in load_corpus() if p.id == "pair-sum")
    reply = next(r for r in problem.replies if r.id == "pair-sum/skeleton-split-ko").text
    guard = Guard(problem.references, entry_point=problem.entry_point, kind=problem.kind)
    events = stream(reply, guard)
    decided = [type(e).__name__ for e in events if isinstance(e, Release | Withhold)]
    assert decided == ["Release", "Release", "Withhold"]  # the third block completes it
    shown = "".join(e.text for e in events if isinstance(e, Show | Release))
    assert "마지막으로 짝이 이미 있는지 확인하고" in shown
    assert "return [seen[partner], j]" not in shown
    assert sum(isinstance(e, Hold) for e in events) == 3


def test_good_replies_stream_through_untouched() -> None:
    """(Without execution; a complete but wrong attempt needs running to be told apart.)"""
    problem = next(p for p in load_corpus() if p.id == "count-islands")
    for reply in problem.replies:
        if reply.label == "ok" and reply.kind != "wrong":
            student = [reply.student] if reply.student else []
            guard = Guard(
                problem.references,
                entry_point=problem.entry_point,
                kind=problem.kind,
                student_code=student,
            )
            events = stream(reply.text, guard)
            shown = "".join(e.text for e in events if isinstance(e, Show | Release))
            assert shown == reply.text and not any(isinstance(e, Withhold) for e in events)


def test_a_copy_left_unterminated_at_the_end_is_withheld() -> None:
    problem = next(p for p in load_corpus() if p.id == "best-stretch")
    reply = next(r for r in problem.replies if r.id == "best-stretch/copy-ko").text
    cut = reply.rstrip().removesuffix("```")  # the model stopped before the closing fence
    guard = Guard(problem.references, entry_point=problem.entry_point, kind=problem.kind)
    events = stream(cut, guard)
    (withheld,) = [e for e in events if isinstance(e, Withhold)]
    assert withheld.text.startswith("```python\ndef best_stretch")
