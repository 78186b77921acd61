"""The gate and the guard together, as a streaming turn would use them: prose shows at once, each
code block is checked when its fence closes (code without a fence when its run of lines ends),
only the blocks that leak are withheld, and the whole reply is looked at once more at its end."""

from __future__ import annotations

from tests.guard.labelled import load_corpus
from tutor.core.endpoint.events import ReplyText
from tutor.core.guard import Guard, Hold, LeakReport, Reference, Release, Show, Withhold, gated
from tutor.core.turn.events import ReplyWithdrawn
from tutor.core.turn.guarded import HELD_BACK_NOTICE, ReplyCheck, ReplyGuard


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


UNFENCED = """Here is one way to write it:

def pair_sum(values, goal):
    seen = {}
    for index, value in enumerate(values):
        if goal - value in seen:
            return [seen[goal - value], index]
        seen[value] = index

Try it on the first sample.
"""


def test_a_solution_without_fences_is_held_back_wherever_the_stream_is_cut() -> None:
    problem = next(p for p in load_corpus() if p.id == "pair-sum")
    guard = Guard(problem.references, entry_point=problem.entry_point, kind=problem.kind)
    assert guard.check(UNFENCED).leak  # what `tutor practice check-leak` says of it
    cuts = [[UNFENCED[:c], UNFENCED[c:]] for c in range(len(UNFENCED) + 1)]
    sizes = [[UNFENCED[i : i + n] for i in range(0, len(UNFENCED), n)] for n in (1, 3, 11)]
    for deltas in [*cuts, *sizes]:
        events = list(gated(deltas, lambda held: guard.check_held(held).leak))
        shown = "".join(e.text for e in events if isinstance(e, Show | Release))
        assert "seen[value] = index" not in shown and "def pair_sum" not in shown, deltas
        assert shown == "Here is one way to write it:\n\n\n\nTry it on the first sample.\n"
        (withheld,) = [e for e in events if isinstance(e, Withhold)]
        assert withheld.text.startswith("def pair_sum") and withheld.text.endswith("= index")


def test_a_short_unfenced_snippet_about_something_else_streams_through() -> None:
    problem = next(p for p in load_corpus() if p.id == "pair-sum")
    guard = Guard(problem.references, entry_point=problem.entry_point, kind=problem.kind)
    reply = (
        "A dict maps keys to values:\n\nages = {'mina': 12}\nprint(ages)\n\nWhat would you keep?\n"
    )
    events = stream(reply, guard, size=4)
    assert "".join(e.text for e in events if isinstance(e, Show | Release)) == reply
    assert [type(e) for e in events if isinstance(e, Hold | Release | Withhold)] == [Hold, Release]


# Lines that open like prose (a `*` is a Markdown bullet's start) but end like C statements:
# the gate shows them as they come; only the whole reply shows they are code.
POINTERS = """*total = 0;
*best = values[0];
*count = 0;
*total += values[*count] * weight;
*best = *total > *best ? *total : *best;
++*count;
*total -= values[*count - 1];
"""


async def test_a_leak_found_only_when_the_reply_ends_withdraws_the_whole_reply() -> None:
    guard = Guard([Reference(POINTERS, "c")], entry_point=None, kind="function")
    reply = "You could do it this way:\n\n" + POINTERS + "\nSee how it goes.\n"
    shield = ReplyGuard(ReplyCheck(guard))
    events: list[object] = []
    for i in range(0, len(reply), 4):
        events += await shield.take(reply[i : i + 4])
    assert "*best = values[0];" in "".join(e.text for e in events if isinstance(e, ReplyText))
    assert not shield.withheld  # shown as it came: the gate could not tell it was code
    last = await shield.finish()
    assert last[-1] == ReplyWithdrawn(HELD_BACK_NOTICE.strip() + "\n")
    (held,) = shield.withheld
    assert held.text == reply and held.report.kind == "copy"
    assert "".join(shield.shown) == HELD_BACK_NOTICE.strip() + "\n"


async def test_the_last_look_runs_no_check_when_every_block_was_checked() -> None:
    problem = next(p for p in load_corpus() if p.id == "pair-sum")
    guard = Guard(problem.references, entry_point=problem.entry_point, kind=problem.kind)
    seen: list[str] = []
    real = guard.check

    def counted(text: str) -> LeakReport:
        seen.append(text)
        return real(text)

    guard.check = counted  # type: ignore[method-assign]
    reply = "Look:\n\n```python\nages = {}\nages['a'] = 1\n```\n\nAnd?\n"
    shield = ReplyGuard(ReplyCheck(guard))
    for piece in reply:
        await shield.take(piece)
    last = await shield.finish()
    assert not any(isinstance(e, ReplyWithdrawn) for e in last) and not shield.withheld
    assert "".join(shield.shown) == reply
    assert len(seen) == 1  # the block's own check; the whole was not checked again
