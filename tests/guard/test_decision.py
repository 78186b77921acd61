"""check_leak without execution: fingerprints and shape decide; the kinds, the spans into the
reply, and the student's own code that never counts against the tutor."""

from __future__ import annotations

from tutor.core.guard import Reference, check_leak

REFERENCE = Reference(
    """def merge_bookings(bookings):
    merged = []
    for start, end in sorted(bookings):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
""",
    "python",
    "accepted.py",
)


def check(reply: str, student: tuple[str, ...] = ()) -> object:
    return check_leak(
        reply, [REFERENCE], student_code=student, entry_point="merge_bookings", kind="function"
    )


def test_a_renamed_recommented_copy_is_a_copy_and_its_span_is_the_block() -> None:
    block = (
        "```python\n"
        "def merge_bookings(slots):\n"
        "    out = []  # merged so far\n"
        "    for a, b in sorted(slots):\n"
        "        if out and a <= out[-1][1]:\n"
        "            out[-1][1] = max(out[-1][1],\n"
        "                             b)\n"
        "        else:\n"
        "            out.append([a, b])\n"
        "    return out\n"
        "```"
    )
    reply = f"Here you go:\n\n{block}\n\nDoes that make sense?"
    report = check(reply)
    assert report.leak and report.kind == "copy" and report.score == 1.0
    assert [reply[s:e] for s, e in report.spans] == [block]
    assert any("fingerprints" in r for r in report.reasons)


def test_a_skeleton_split_over_blocks_is_found_when_the_blocks_are_joined() -> None:
    reply = (
        "First sort:\n```python\ndef merge_bookings(bookings):\n    merged = []\n"
        "    for start, end in sorted(bookings):\n```\nThen decide:\n```python\n"
        "        if merged and start <= merged[-1][1]:\n"
        "            merged[-1][1] = max(merged[-1][1], end)\n```\n"
        "Otherwise:\n```python\n        else:\n            merged.append([start, end])\n"
        "    return merged\n```\n"
    )
    report = check(reply)
    assert report.leak and report.kind == "skeleton" and len(report.spans) == 3
    assert all(reply[s:e].startswith("```python") for s, e in report.spans)


def test_a_port_and_another_approach_are_found_by_their_shape() -> None:
    js = (
        "```js\nfunction mergeBookings(list) {\n  const sorted = [...list].sort((a, b) => "
        "a[0] - b[0]);\n  const out = [];\n  for (const [s, e] of sorted) {\n"
        "    if (out.length && s <= out[out.length - 1][1]) out[out.length - 1][1] = "
        "Math.max(out[out.length - 1][1], e);\n    else out.push([s, e]);\n  }\n"
        "  return out;\n}\n```"
    )
    assert (check(js).leak, check(js).kind) == (True, "port")
    other = (
        "```python\ndef merge_bookings(bookings):\n    events = []\n"
        "    for s, e in bookings:\n        events += [(s, 0), (e, 1)]\n    ...\n```"
    )
    assert not check(other).leak  # leaves a blank: not complete, and not the reference


def test_questions_hints_and_snippets_about_something_else_are_not_leaks() -> None:
    for reply in (
        "What happens to `[1, 4]` and `[4, 5]`? Do they touch?",
        "정렬을 먼저 하면 무엇이 쉬워질까요?",
        "A dict maps keys to values:\n```python\nd = {}\nd['a'] = 1\nprint('a' in d)\n```",
        "One step only:\n```text\nif the new start <= the last end: they overlap\n```",
    ):
        report = check(reply)
        assert not report.leak and report.kind is None and report.spans == [], reply


def test_quoting_the_students_own_code_back_is_not_a_leak() -> None:
    student = REFERENCE.source.replace("sorted(bookings)", "bookings")  # forgot to sort
    reply = (
        f"Let's read your code together:\n```python\n{student}```\nWhat if the input is unsorted?"
    )
    report = check(reply, (student,))
    assert not report.leak
    assert report.reasons == ["block 1 is the student's own code"]
    fenced = f"I wrote this:\n```python\n{student}```\nwhy does it fail?"
    assert not check(reply, (fenced,)).leak  # the student's message, fences and all


def test_finishing_the_students_nearly_complete_code_is_their_code() -> None:
    student = REFERENCE.source.replace("    return merged\n", "")
    reply = f"Only one line is missing:\n```python\n{REFERENCE.source}```"
    assert check(reply).leak
    report = check(reply, (student,))
    assert not report.leak and report.reasons == ["block 1 is the student's own code"]


def test_a_split_solution_of_another_approach_is_a_skeleton_by_its_joined_shape() -> None:
    """Few of the reference's fingerprints (an approach of its own), no execution: the blocks
    together define the whole entry point, so the reply leaks; each block alone does not."""
    head = "```python\ndef merge_bookings(bookings):\n    order = sorted(bookings)\n    i = 0\n```"
    loop = (
        "```python\n"
        "    joined = []\n"
        "    while i < len(order):\n"
        "        lo, hi = order[i]\n"
        "        i += 1\n"
        "        while i < len(order) and order[i][0] <= hi:\n"
        "            hi = max(hi, order[i][1])\n"
        "            i += 1\n"
        "        joined.append([lo, hi])\n"
        "    return joined\n"
        "```"
    )
    reply = f"First the table:\n\n{head}\n\nThen the sweep:\n\n{loop}\n"
    report = check(reply)
    assert report.leak and report.kind == "skeleton"
    assert [reply[s:e] for s, e in report.spans] == [head, loop]
    assert any("joined" in r for r in report.reasons)
    assert not check(f"First the table:\n\n{head}\n").leak
    blanked = loop.replace("    return joined\n", "    # TODO: what goes back?\n")
    assert not check(f"{head}\n\nand\n\n{blanked}\n").leak
