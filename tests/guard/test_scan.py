"""The joined-rules lexer loop gives exactly Pygments' own tokens, for every language it runs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from tests.guard.labelled import load_corpus
from tutor.core.guard import find_blocks, scan
from tutor.core.guard.languages import lexer_for

LANGUAGES = ["python", "javascript", "java", "rust", "go", "typescript", "kotlin", "csharp", "cpp"]


def samples() -> list[tuple[str, str]]:
    found = []
    for problem in load_corpus():
        found += [(r.source, str(r.language)) for r in problem.references]
        for reply in problem.replies:
            found += [(b.code, b.language or "python") for b in find_blocks(reply.text)]
    found += [(p.read_text(), "python") for p in sorted((ROOT / "tutor/core").rglob("*.py"))]
    harness = ROOT / "tutor/core/practice/runner/harness_node.js"
    found.append((harness.read_text(), "javascript"))
    return found


def test_the_same_tokens_as_pygments_on_real_code() -> None:
    checked = 0
    for code, language in samples():
        lexer = lexer_for(language)
        assert list(scan.tokens(lexer, code)) == list(lexer.get_tokens_unprocessed(code))
        checked += 1
    assert checked > 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_main_language_is_joined_or_runs_its_own_loop(language: str) -> None:
    lexer = lexer_for(language)
    joined = scan._joined(lexer) if scan._plain(lexer) else None
    assert (joined is not None) == (language != "cpp")  # C and C++ override the loop


CHARS = st.text(
    alphabet=st.sampled_from([*"ab_1 \n\t\"'`#/*\\{}()[]<>=+-.,:;rRfFuU$@%", "한", "ü"]),
    max_size=120,
)


@settings(max_examples=300, deadline=None)
@given(CHARS, st.sampled_from(LANGUAGES))
def test_the_same_tokens_on_any_text(text: str, language: str) -> None:
    lexer = lexer_for(language)
    assert list(scan.tokens(lexer, text)) == list(lexer.get_tokens_unprocessed(text))


def test_inline_flags_and_back_references_keep_their_meaning() -> None:
    assert scan._scoped("(?i)select") == "(?i:select)"
    assert scan._renumbered(r"(a)(b)\2[\1]", 3) == r"(a)(b)\5[\1]"
    rust = 'let s = r#"raw "quoted" text"#; let t = r##"a"#b"##;'
    lexer = lexer_for("rust")
    assert list(scan.tokens(lexer, rust)) == list(lexer.get_tokens_unprocessed(rust))
