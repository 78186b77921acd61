"""A practice turn with the answer-leak guard on: code is checked before the student sees it."""

from __future__ import annotations

from pathlib import Path

from tests.scripted_server import Reply, ScriptedServer
from tests.test_conversation import open_conversation, run
from tutor.core.endpoint.client import ReplyText
from tutor.core.guard import Guard, Reference
from tutor.core.guard.problem_guard import guard_for_problem
from tutor.core.practice.library import ProblemLibrary
from tutor.core.turn import conversation as turn
from tutor.core.turn.events import CodeChecked, CodeHeld, ReplyWithdrawn
from tutor.core.turn.guarded import ASK_AGAIN, HELD_BACK_NOTICE, ReplyCheck

LEAK = """Here is how I would write it:

```python
def pair_sum(values, goal):
    positions = {}
    for index, value in enumerate(values):
        if goal - value in positions:
            return [positions[goal - value], index]
        positions[value] = index
```

Does that make sense?"""

FINE = """A dict looks things up by key:

```python
ages = {"mina": 12}
print(ages["mina"])
```

What would you want to look up for each number?"""


def guarded(server: ScriptedServer, tmp_path: Path) -> turn.Conversation:
    conv = open_conversation(server, tmp_path, persona="algorithm-coach")
    problem = ProblemLibrary.load().get("pair-sum")
    conv.set_guard(ReplyCheck(guard_for_problem(problem, execute=False)))
    return conv


async def test_a_leaking_block_is_held_back_stored_apart_and_the_tutor_asked_again(
    server: ScriptedServer, tmp_path: Path
) -> None:
    server.script(Reply(text=LEAK, chunk_size=7), "What could you remember about each number?")
    conv = guarded(server, tmp_path)
    events = await run(conv.send("just write pair_sum for me"))
    shown = "".join(e.text for e in events if isinstance(e, ReplyText))
    assert "positions[value] = index" not in shown  # never on screen
    assert HELD_BACK_NOTICE.strip() in shown and "Does that make sense?" in shown
    assert [type(e) for e in events if isinstance(e, CodeHeld | CodeChecked)] == [
        CodeHeld,
        CodeChecked,
    ]
    assert next(e for e in events if isinstance(e, CodeChecked)).withheld
    rows = conv.store.messages(conv.session.id)
    assert [m.role for m in rows] == ["user", "assistant", "assistant"]
    assert "positions[value]" not in rows[1].content  # the row holds what was shown
    assert rows[2].content == "What could you remember about each number?"
    (held,) = conv.store.withheld_in(conv.session.id)
    assert "positions[value] = index" in held.text and held.message_id == rows[1].id
    assert held.kind is not None and held.reasons
    again = server.chat_requests()[-1]["messages"]
    assert again[-1] == {"role": "system", "content": ASK_AGAIN}  # asked once, automatically
    assert not any("positions[value]" in m["content"] for m in again)  # never sent back
    exported = conv.store.export_json(conv.session.id)
    assert "positions[value]" not in str(exported)  # nor exported
    assert len(server.chat_requests()) == 2


async def test_a_snippet_about_something_else_is_shown_and_nobody_is_asked_again(
    server: ScriptedServer, tmp_path: Path
) -> None:
    server.script(Reply(text=FINE, chunk_size=5))
    conv = guarded(server, tmp_path)
    events = await run(conv.send("how does a dict work?"))
    shown = "".join(e.text for e in events if isinstance(e, ReplyText))
    assert shown == FINE  # released whole, in order
    assert not next(e for e in events if isinstance(e, CodeChecked)).withheld
    assert conv.store.withheld_in(conv.session.id) == []
    assert len(server.chat_requests()) == 1


UNFENCED = """Write it like this:

def pair_sum(values, goal):
    positions = {}
    for index, value in enumerate(values):
        if goal - value in positions:
            return [positions[goal - value], index]
        positions[value] = index

Does that make sense?"""


async def test_a_solution_written_without_fences_is_held_back_too(
    server: ScriptedServer, tmp_path: Path
) -> None:
    server.script(Reply(text=UNFENCED, chunk_size=5), "What could you remember about each number?")
    conv = guarded(server, tmp_path)
    events = await run(conv.send("write pair_sum"))
    shown = "".join(e.text for e in events if isinstance(e, ReplyText))
    assert "positions[value] = index" not in shown and "def pair_sum" not in shown
    assert HELD_BACK_NOTICE.strip() in shown and "Does that make sense?" in shown
    rows = conv.store.messages(conv.session.id)
    assert "def pair_sum" not in rows[1].content
    assert rows[2].content == "What could you remember about each number?"
    (held,) = conv.store.withheld_in(conv.session.id)
    assert held.text.startswith("def pair_sum") and held.message_id == rows[1].id
    assert len(server.chat_requests()) == 2


POINTERS = """*total = 0;
*best = values[0];
*count = 0;
*total += values[*count] * weight;
*best = *total > *best ? *total : *best;
++*count;
"""


async def test_a_leak_seen_only_at_the_end_replaces_the_stored_reply_and_asks_again(
    server: ScriptedServer, tmp_path: Path
) -> None:
    """Lines that open like prose (the gate shows them) but are code: the last look at the
    whole reply withdraws it — the row keeps only the notice, the text is kept apart."""
    reply = "Like this:\n\n" + POINTERS + "\nGot it?"
    server.script(Reply(text=reply, chunk_size=6), "Which value must you keep?")
    conv = open_conversation(server, tmp_path, persona="algorithm-coach")
    guard = Guard([Reference(POINTERS, "c")], entry_point=None, kind="function")
    conv.set_guard(ReplyCheck(guard))
    events = await run(conv.send("show me"))
    withdrawn = [e for e in events if isinstance(e, ReplyWithdrawn)]
    assert withdrawn == [ReplyWithdrawn(HELD_BACK_NOTICE.strip() + "\n")]
    rows = conv.store.messages(conv.session.id)
    assert rows[1].content == HELD_BACK_NOTICE.strip() + "\n"  # never the leak
    assert rows[2].content == "Which value must you keep?"
    (held,) = conv.store.withheld_in(conv.session.id)
    assert held.text == reply and held.message_id == rows[1].id and held.kind == "copy"
    again = server.chat_requests()[-1]["messages"]
    assert not any("*best = values[0];" in m["content"] for m in again)
    assert "values[0]" not in str(conv.store.export_json(conv.session.id))


async def test_a_second_reply_that_leaks_too_is_held_back_and_not_asked_a_third_time(
    server: ScriptedServer, tmp_path: Path
) -> None:
    server.script(Reply(text=LEAK, chunk_size=7), Reply(text=UNFENCED, chunk_size=7))
    conv = guarded(server, tmp_path)
    events = await run(conv.send("just write pair_sum for me"))
    shown = "".join(e.text for e in events if isinstance(e, ReplyText))
    assert "positions[value] = index" not in shown
    assert shown.count(HELD_BACK_NOTICE.strip()) == 2  # in both replies
    assert len(server.chat_requests()) == 2  # asked again once, never a third time
    rows = conv.store.messages(conv.session.id)
    assert [m.role for m in rows] == ["user", "assistant", "assistant"]
    assert all("positions[value]" not in m.content for m in rows)
    first, second = conv.store.withheld_in(conv.session.id)
    assert (first.message_id, second.message_id) == (rows[1].id, rows[2].id)
    assert second.text.startswith("def pair_sum")


async def test_the_markdown_export_leaves_out_what_was_held_back(
    server: ScriptedServer, tmp_path: Path
) -> None:
    server.script(Reply(text=LEAK, chunk_size=7), "What could you remember about each number?")
    conv = guarded(server, tmp_path)
    await run(conv.send("just write pair_sum for me"))
    assert conv.store.withheld_in(conv.session.id)  # something was held back...
    exported = conv.store.export_markdown(conv.session.id)
    assert "positions[value]" not in exported and "def pair_sum" not in exported  # ...not here
    assert "held back" in exported and "What could you remember" in exported
