"""Code blocks in a reply: both fence kinds, tags or none, unterminated, unfenced runs; the spans
point at the reply's own characters; untagged code gets a language guess."""

from __future__ import annotations

from tutor.core.guard import find_blocks
from tutor.core.guard.languages import from_path, from_tag, guess

REPLY = """Look at this:

```python
def f(x):
    return x
```

and the same idea, untagged, with tildes:

~~~
for (let i = 0; i < n; i++) {
  total += a[i];
}
~~~
One more, in a list item and never closed:
1. Step one
   ````cpp
   int main() { return 0; }
"""


def test_fenced_blocks_with_their_spans_and_languages() -> None:
    blocks = find_blocks(REPLY)
    assert [b.language for b in blocks] == ["python", "javascript", "cpp"]
    first, second, third = blocks
    assert REPLY[first.start : first.end] == "```python\ndef f(x):\n    return x\n```"
    assert first.code == "def f(x):\n    return x\n" and first.info == "python"
    assert REPLY[second.start : second.end].startswith("~~~\nfor (let i")
    assert REPLY[second.start : second.end].endswith("}\n~~~")
    assert second.info == "" and second.closed
    assert not third.closed and third.end == len(REPLY)
    assert third.code == "   int main() { return 0; }\n"
    for block in blocks:
        assert REPLY[block.code_start : block.code_end] == block.code


def test_a_closing_fence_must_match_the_opening_one() -> None:
    text = "````\n```\nstill code\n````\nafter"
    (block,) = find_blocks(text)
    assert block.code == "```\nstill code\n"
    assert text[block.end :] == "\nafter"
    tildes = "~~~\n```\n~~\n~~~~\n"
    assert find_blocks(tildes)[0].code == "```\n~~\n"


def test_inline_backticks_are_not_a_fence() -> None:
    assert find_blocks("Use ```x``` or `y` here.\nNothing else.") == []


def test_unfenced_code_lines_are_code_too() -> None:
    text = (
        "Here is the idea without fences:\n"
        "seen = {}\n"
        "for i, x in enumerate(nums):\n"
        "    if target - x in seen:\n"
        "        return [seen[target - x], i]\n"
        "That's it. 이제 직접 해 보세요.\n"
    )
    (block,) = find_blocks(text)
    assert not block.fenced and block.language == "python"
    assert text[block.start : block.end].startswith("seen = {}")
    assert text[block.start : block.end].endswith("return [seen[target - x], i]")
    assert find_blocks(text, loose=False) == []


def test_prose_and_korean_are_not_code() -> None:
    prose = (
        "First, think about what you need to remember.\n"
        "Then ask: which lookup is fast?\n"
        "먼저 무엇을 기억해야 할지 생각해 보세요.\n"
        "- a list item\n"
        "- another one\n"
    )
    assert find_blocks(prose) == []


def test_tags_extensions_and_guesses_name_the_language() -> None:
    assert [from_tag(t) for t in ("py", "Python3", "js", "node", "c++", "cc", "golang")] == [
        "python",
        "python",
        "javascript",
        "javascript",
        "cpp",
        "cpp",
        "go",
    ]
    assert [from_tag(t) for t in ("", "text", "pseudocode", "output")] == [None] * 4
    assert [from_path(p) for p in ("a.py", "b.cc", "c.java", "d.rs", "e.md", "f")] == [
        "python",
        "cpp",
        "java",
        "rust",
        None,
        None,
    ]
    assert guess("#include <vector>\nint main() {}") == "cpp"
    assert guess("public class Main {\n  public static void main(String[] a) {}\n}") == "java"
    assert guess("fn main() {\n    let mut v: Vec<i64> = Vec::new();\n}") == "rust"
    assert guess("어떤 자료구조가 좋을까요?") is None
